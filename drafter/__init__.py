"""drafter: drafts Chinese community work summaries from notes and checks every number."""

__version__ = "0.1.0"

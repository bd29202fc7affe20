"""Past summaries: scraped pages cleaned and split, stored as corpus Markdown, topics, and the
retrieval index over their sections (the only Chroma user) with its pluggable embeddings."""

from .index import Example, IndexReport, build_index, search_examples, search_many
from .ingest import AddReport, add_paths, body_chars
from .store import CorpusDocument, list_documents, load_document, remove_document, render_document, write_document
from .topics import OTHER, topic_of

__all__ = [
    "CorpusDocument",
    "list_documents",
    "load_document",
    "write_document",
    "remove_document",
    "render_document",
    "AddReport",
    "add_paths",
    "body_chars",
    "Example",
    "IndexReport",
    "build_index",
    "search_examples",
    "search_many",
    "OTHER",
    "topic_of",
]

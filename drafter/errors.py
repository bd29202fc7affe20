"""One error hierarchy. The CLI turns a DrafterError into one line on stderr and its exit code."""

from __future__ import annotations

__all__ = [
    "DrafterError",
    "InputError",
    "ConfigError",
    "CorpusError",
    "IndexStateError",
    "ModelError",
]


class DrafterError(Exception):
    """A failure the user can act on. The message says what happened and how to fix it."""

    exit_code = 2


class InputError(DrafterError):
    """A file or argument the user gave cannot be used (missing, unreadable, malformed)."""


class ConfigError(DrafterError):
    """A setting in drafter.toml, the environment or the command line is wrong."""


class CorpusError(DrafterError):
    """The corpus directory or one of its documents is not usable."""


class IndexStateError(DrafterError):
    """The retrieval index is missing, corrupt, busy, or built with another embedding."""


class ModelError(DrafterError):
    """A model endpoint failed after bounded retries."""

    exit_code = 1

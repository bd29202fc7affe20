"""Settings: defaults, then drafter.toml (user config dir, then working directory), then DRAFTER_* env.

Keys are never stored here: a model's key is read from its environment variable when the call is made.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import ConfigError

__all__ = ["Settings", "load_settings", "bundled_corpus_dir", "user_config_path"]

CONFIG_NAME = "drafter.toml"


def bundled_corpus_dir() -> Path:
    """The corpus/ shipped beside the package (present in a source checkout or editable install)."""
    return Path(__file__).resolve().parent.parent / "corpus"


def user_config_path() -> Path:
    override = os.environ.get("DRAFTER_CONFIG_DIR")
    if override:
        return Path(override) / CONFIG_NAME
    from platformdirs import user_config_dir

    return Path(user_config_dir("drafter")) / CONFIG_NAME


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path
    state_dir: Path  # .drafter/: the embedded index, caches, run directories
    embedding: str = "e5"
    chroma_url: str | None = None
    model: str = "offline"
    concurrency: int = 8  # calls in flight: a 6-section draft is one wave on a hosted API; lower it for a local server
    max_repairs: int = 2
    timeout: float = 60.0
    retries: int = 4  # tries per model call in all, the first included
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    max_wait: float = 90.0  # all waits of one call together, Retry-After included
    extra_set_phrases: tuple[str, ...] = ()
    extra_stock_lines: tuple[str, ...] = ()  # the genre's stock lines beyond drafter/claims/stock_lines.txt: no claims
    sources: tuple[str, ...] = field(default=(), compare=False)
    database: str | None = field(default=None, repr=False)  # SQLAlchemy URL; None: SQLite under state_dir (drafter.database)

    @property
    def index_dir(self) -> Path:
        return self.state_dir / "index"

    def with_overrides(self, **values: object) -> "Settings":
        clean = {k: v for k, v in values.items() if v is not None}
        for key in ("corpus_dir", "state_dir"):
            if key in clean:
                clean[key] = Path(clean[key])  # type: ignore[arg-type]
        return replace(self, **clean)  # type: ignore[arg-type]


_KEYS = {
    "corpus_dir": str,
    "state_dir": str,
    "embedding": str,
    "chroma_url": str,
    "model": str,
    "concurrency": int,
    "max_repairs": int,
    "timeout": float,
    "retries": int,
    "backoff": float,
    "max_wait": float,
    "set_phrases": list,
    "database": str,
    "stock_lines": list,
}


# Tables other modules read from the same file (drafter.evaluate reads [eval]).
_OTHER_TABLES = frozenset({"drafter", "eval"})


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    section = data.get("drafter", data)
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [drafter] must be a table")
    section = {k: v for k, v in section.items() if k not in _OTHER_TABLES}
    for key, value in section.items():
        expected = _KEYS.get(key)
        if expected is None:
            raise ConfigError(f"{path}: unknown setting {key!r} (known: {', '.join(sorted(_KEYS))})")
        if expected is float and isinstance(value, int):
            continue
        if not isinstance(value, expected):
            raise ConfigError(f"{path}: {key} must be a {expected.__name__}")
    return section


def load_settings(cwd: Path | None = None) -> Settings:
    cwd = Path.cwd() if cwd is None else cwd
    merged: dict = {}
    sources: list[str] = []
    for path in (user_config_path(), cwd / CONFIG_NAME):
        if path.is_file():
            merged.update(_read_toml(path))
            sources.append(str(path))
    env = {
        "corpus_dir": os.environ.get("DRAFTER_CORPUS"),
        "state_dir": os.environ.get("DRAFTER_STATE_DIR"),
        "embedding": os.environ.get("DRAFTER_EMBEDDING"),
        "chroma_url": os.environ.get("DRAFTER_CHROMA_URL"),
        "model": os.environ.get("DRAFTER_MODEL"),
        "concurrency": os.environ.get("DRAFTER_CONCURRENCY"),
        "retries": os.environ.get("DRAFTER_RETRIES"),
        "backoff": os.environ.get("DRAFTER_BACKOFF"),
        "max_wait": os.environ.get("DRAFTER_MAX_WAIT"),
        "database": os.environ.get("DRAFTER_DATABASE"),
    }
    merged.update({k: v for k, v in env.items() if v})

    local_corpus = cwd / "corpus"
    default_corpus = local_corpus if local_corpus.is_dir() or not bundled_corpus_dir().is_dir() else bundled_corpus_dir()
    try:
        return Settings(
            corpus_dir=Path(merged.get("corpus_dir", default_corpus)).expanduser(),
            state_dir=Path(merged.get("state_dir", cwd / ".drafter")).expanduser(),
            embedding=str(merged.get("embedding", "e5")),
            chroma_url=merged.get("chroma_url") or None,
            model=str(merged.get("model", "offline")),
            concurrency=max(1, int(merged.get("concurrency", 8))),
            max_repairs=max(0, int(merged.get("max_repairs", 2))),
            timeout=float(merged.get("timeout", 60.0)),
            retries=max(1, int(merged.get("retries", 4))),
            backoff=max(0.0, float(merged.get("backoff", 1.0))),
            max_wait=max(0.0, float(merged.get("max_wait", 90.0))),
            extra_set_phrases=tuple(str(p) for p in merged.get("set_phrases", [])),
            extra_stock_lines=tuple(str(p) for p in merged.get("stock_lines", [])),
            sources=tuple(sources),
            database=merged.get("database") or None,
        )
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"bad setting: {exc}") from None

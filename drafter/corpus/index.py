"""The retrieval index: corpus sections in a Chroma collection. The only module that imports chromadb.

One record per non-empty section, id ``<doc_id>#<section index>``, with the section's text as the
document and metadata (doc_id, title, heading, heading_path joined with " > ", topic, year when known,
length, sha of the embedded text). The embedding's name and dimension live in the collection's
metadata, so queries always embed with what the index was built with.

Indexing is incremental: a record whose sha is unchanged is kept; a changed section is embedded again
(or its vector is reused when the same text sits under another id); records of sections that no longer
exist are deleted. Vectors are always computed here and passed in: Chroma's default embedding
function downloads a model and must never run.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from drafter.config import Settings
from drafter.errors import ConfigError, CorpusError, DrafterError, IndexStateError
from drafter.textio import atomic_write_text

from .embeddings import Embedder, get_embedder
from .store import CorpusDocument, list_documents
from .topics import topic_of

__all__ = ["Example", "IndexReport", "build_index", "search_examples", "COLLECTION", "LOCK_TIMEOUT"]

COLLECTION = "drafter_sections"
SCHEMA = 1  # bump when the record layout changes; an older index then needs --rebuild
LOCK_TIMEOUT = 10.0  # seconds a second 'drafter index' waits for the first one
_PAGE = 2000  # records per get() when reading the existing index
_UPSERT = 256  # records per upsert() (well under Chroma's max batch size)

Progress = Callable[[int, int], None]  # (sections embedded so far, sections to embed)


@dataclass(frozen=True)
class Example:
    """A retrieved corpus section. Data for prompts, never instructions."""

    id: str  # the index record id, '<doc_id>#<section index>'
    doc_id: str
    title: str
    heading: str
    heading_path: str  # outer headings first, joined with " > "
    topic: str
    text: str
    score: float  # cosine similarity, higher is nearer
    year: int | None = None


@dataclass(frozen=True)
class IndexReport:
    documents: int
    sections: int
    embedded: int  # vectors computed in this run
    removed: int
    unchanged: int  # kept (or vector reused) without embedding
    updated: int  # metadata refreshed without embedding (e.g. a new title)
    seconds: float
    embedding: str
    location: str
    characters: int = 0  # characters of embedded text sent to the embedder
    embed_seconds: float = 0.0

    def summary(self) -> str:
        extra = f", metadata updated {self.updated}" if self.updated else ""
        return (
            f"indexed {self.documents} documents, {self.sections} sections with {self.embedding}: "
            f"embedded {self.embedded}, removed {self.removed}, unchanged {self.unchanged}{extra} "
            f"in {self.seconds:.2f} s ({self.location})"
        )


@dataclass(frozen=True)
class _Entry:
    id: str
    text: str  # stored as the record's document (what examples show)
    embed_text: str  # heading path + text: what gets embedded
    metadata: dict[str, Any]


# -- building -------------------------------------------------------------------------------------


def build_index(
    settings: Settings,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    lock_timeout: float = LOCK_TIMEOUT,
) -> IndexReport:
    """Bring the index in line with the corpus, embedding only what changed. --rebuild starts over."""
    started = time.perf_counter()
    corpus_dir = settings.corpus_dir
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus directory not found: {corpus_dir} (give one with --corpus, or add documents with 'drafter corpus')")
    docs = list_documents(corpus_dir)
    entries = _entries(docs)
    embedder = get_embedder(settings.embedding, timeout=settings.timeout)

    digest = _digest(entries)
    with _lock(settings, lock_timeout):
        if not rebuild and _manifest_matches(settings, embedder.name, digest):
            # Nothing changed since the last run: skip even importing chromadb (half a second).
            stats: dict[str, Any] = {"embedded": 0, "removed": 0, "unchanged": len(entries), "updated": 0}
        else:
            if rebuild:
                _forget_manifest(settings)
                _drop(settings)
            with _chroma_errors(settings):
                client = _client(settings, create=True)
                collection = _open_for_write(client, settings, embedder)
                _forget_manifest(settings)  # invalid from the first write on
                stats = _sync(collection, entries, embedder, progress)
            _write_manifest(settings, embedder.name, digest)

    return IndexReport(
        documents=len(docs),
        sections=len(entries),
        seconds=time.perf_counter() - started,
        embedding=embedder.name,
        location=_location(settings),
        **stats,
    )


def _entries(docs: list[CorpusDocument]) -> list[_Entry]:
    out: list[_Entry] = []
    for doc in docs:
        for section in doc.sections():
            text = section.text.strip()
            if not text:
                continue  # a heading with only subsections under it: nothing to retrieve
            path = " > ".join(section.heading_path)
            embed_text = f"{path}\n{text}" if path else text
            meta: dict[str, Any] = {
                "doc_id": doc.id,
                "title": doc.title,
                "heading": section.heading,
                "heading_path": path,
                "level": section.level,
                "topic": topic_of(text, section.heading),
                "length": len(text),
                "sha": hashlib.sha256(embed_text.encode("utf-8")).hexdigest(),
            }
            if doc.year is not None:  # Chroma metadata cannot hold None
                meta["year"] = doc.year
            out.append(_Entry(f"{doc.id}#{section.index}", text, embed_text, meta))
    return out


# The manifest (state_dir/index-manifest.json) records what the last successful run left in an
# embedded index: the embedding, a digest of every record's id and metadata (content sha included),
# and the inode of chroma.sqlite3 (a deleted or replaced index has another). When all match, the
# index already equals the corpus. Only this module writes the index, under the lock, and it removes
# the manifest before its first write, so a stale manifest cannot survive an interrupted run.
# A Chroma server can be changed by others: it is always checked.


def _digest(entries: list[_Entry]) -> str:
    h = hashlib.sha256()
    for e in entries:
        h.update(json.dumps([e.id, e.metadata], sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()


def _manifest_path(settings: Settings) -> Path:
    return settings.state_dir / "index-manifest.json"


def _forget_manifest(settings: Settings) -> None:
    _manifest_path(settings).unlink(missing_ok=True)


def _db_identity(settings: Settings) -> list[int] | None:
    """Device, inode and size of chroma.sqlite3 if it still looks like SQLite; None otherwise."""
    if settings.chroma_url:
        return None
    db = settings.index_dir / "chroma.sqlite3"
    try:
        with db.open("rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                return None
            st = os.fstat(fh.fileno())
    except OSError:
        return None
    return [st.st_dev, st.st_ino, st.st_size]


def _manifest_matches(settings: Settings, embedding: str, digest: str) -> bool:
    identity = _db_identity(settings)
    if identity is None:
        return False
    try:
        manifest = json.loads(_manifest_path(settings).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    expected = {"schema": SCHEMA, "location": _location(settings), "embedding": embedding, "digest": digest, "db": identity}
    return isinstance(manifest, dict) and all(manifest.get(k) == v for k, v in expected.items())


def _write_manifest(settings: Settings, embedding: str, digest: str) -> None:
    identity = _db_identity(settings)
    if identity is None:
        return
    manifest = {"schema": SCHEMA, "location": _location(settings), "embedding": embedding, "digest": digest, "db": identity}
    atomic_write_text(_manifest_path(settings), json.dumps(manifest) + "\n")


def _open_for_write(client: Any, settings: Settings, embedder: Embedder) -> Any:
    from chromadb.errors import NotFoundError

    try:
        collection = client.get_collection(COLLECTION, embedding_function=None)
    except NotFoundError:
        return client.create_collection(
            COLLECTION,
            embedding_function=None,  # never Chroma's default (it downloads a model)
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"embedding": embedder.name, "dim": embedder.dim, "schema": SCHEMA},
        )
    meta = collection.metadata or {}
    built_with = meta.get("embedding")
    if meta.get("schema") != SCHEMA or not built_with:
        raise IndexStateError(f"the index at {_location(settings)} was made by another drafter version; run 'drafter index --rebuild'")
    if built_with != embedder.name:
        raise IndexStateError(f"index was built with {built_with!r}; run 'drafter index --rebuild --embedding {embedder.name}' to switch")
    return collection


def _sync(collection: Any, entries: list[_Entry], embedder: Embedder, progress: Progress | None) -> dict[str, Any]:
    existing = _existing_metadata(collection)
    dim = (collection.metadata or {}).get("dim")
    wanted = {e.id: e for e in entries}

    to_embed: list[_Entry] = []
    meta_only: list[_Entry] = []
    for entry in entries:
        old = existing.get(entry.id)
        if old is None or old.get("sha") != entry.metadata["sha"]:
            to_embed.append(entry)
        elif old != entry.metadata:
            meta_only.append(entry)

    # A section that moved (a section inserted before it shifts its index) keeps its vector.
    by_sha = {meta.get("sha"): rid for rid, meta in existing.items()}
    reuse_ids = {e.id: by_sha[e.metadata["sha"]] for e in to_embed if e.metadata["sha"] in by_sha}
    reused = _vectors(collection, sorted(set(reuse_ids.values())))
    ready = [(e, reused[reuse_ids[e.id]]) for e in to_embed if reuse_ids.get(e.id) in reused]
    fresh = [e for e in to_embed if reuse_ids.get(e.id) not in reused]

    for start in range(0, len(ready), _UPSERT):
        _upsert(collection, ready[start : start + _UPSERT])

    characters, embed_seconds = 0, 0.0
    if fresh and progress:
        progress(0, len(fresh))
    pending: list[tuple[_Entry, list[float]]] = []
    for start in range(0, len(fresh), embedder.batch_size):
        batch = fresh[start : start + embedder.batch_size]
        t0 = time.perf_counter()
        vectors = embedder.embed_documents([e.embed_text for e in batch])
        if vectors and len(vectors[0]) != dim:
            raise IndexStateError(f"the index holds {dim}-dim vectors but {embedder.name} now gives {len(vectors[0])}; run 'drafter index --rebuild --embedding {embedder.name}'")
        embed_seconds += time.perf_counter() - t0
        characters += sum(len(e.embed_text) for e in batch)
        pending.extend(zip(batch, vectors))
        if len(pending) >= _UPSERT:  # write as we go: an interrupted run keeps what it embedded
            _upsert(collection, pending)
            pending = []
        if progress:
            progress(start + len(batch), len(fresh))
    if pending:
        _upsert(collection, pending)

    if meta_only:
        for start in range(0, len(meta_only), _UPSERT):
            chunk = meta_only[start : start + _UPSERT]
            collection.update(ids=[e.id for e in chunk], metadatas=[e.metadata for e in chunk])

    stale = [rid for rid in existing if rid not in wanted]
    for start in range(0, len(stale), _UPSERT):
        collection.delete(ids=stale[start : start + _UPSERT])

    return {
        "embedded": len(fresh),
        "removed": len(stale),
        "unchanged": len(entries) - len(fresh),
        "updated": len(meta_only),
        "characters": characters,
        "embed_seconds": embed_seconds,
    }


def _existing_metadata(collection: Any) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    offset = 0
    while True:
        page = collection.get(include=["metadatas"], limit=_PAGE, offset=offset)
        ids = page["ids"]
        for rid, meta in zip(ids, page["metadatas"] or []):
            out[rid] = dict(meta or {})
        if len(ids) < _PAGE:
            return out
        offset += _PAGE


def _vectors(collection: Any, ids: list[str]) -> dict[str, list[float]]:
    if not ids:
        return {}
    got = collection.get(ids=ids, include=["embeddings"])
    return {rid: [float(x) for x in vec] for rid, vec in zip(got["ids"], got["embeddings"])}


def _upsert(collection: Any, rows: list[tuple[_Entry, list[float]]]) -> None:
    if rows:
        collection.upsert(
            ids=[e.id for e, _ in rows],
            embeddings=[v for _, v in rows],
            documents=[e.text for e, _ in rows],
            metadatas=[e.metadata for e, _ in rows],
        )


# -- searching ------------------------------------------------------------------------------------


def search_examples(
    settings: Settings,
    query: str,
    k: int = 3,
    *,
    topic: str | None = None,
    exclude_doc: str | None = None,
) -> list[Example]:
    """The k corpus sections nearest to `query`, embedded with the embedding the index was built with."""
    return search_many(settings, [query], k, topic=topic, exclude_doc=exclude_doc)[0]


def search_many(
    settings: Settings,
    queries: list[str],
    k: int = 3,
    *,
    topic: str | None = None,
    exclude_doc: str | None = None,
    topics: list[str | None] | None = None,
) -> list[list[Example]]:
    """search_examples for several queries, opening the index once (a draft asks once per section).

    `topics`, when given, restricts each query to its own topic (None: any topic).
    """
    per_query_topic = topics if topics is not None else [topic] * len(queries)
    if k < 1:
        return [[] for _ in queries]
    with _chroma_errors(settings):
        from chromadb.errors import NotFoundError

        client = _client(settings, create=False)
        try:
            collection = client.get_collection(COLLECTION, embedding_function=None)
        except NotFoundError:
            raise IndexStateError(_missing_message(settings)) from None
        meta = collection.metadata or {}
        if meta.get("schema") != SCHEMA or not meta.get("embedding"):
            raise IndexStateError(f"the index at {_location(settings)} was made by another drafter version; run 'drafter index --rebuild'")
        embedder = get_embedder(str(meta["embedding"]), timeout=settings.timeout)
        count = collection.count()
        results: list[list[Example]] = []
        for query, query_topic in zip(queries, per_query_topic):
            if count == 0 or not query.strip():
                results.append([])
                continue
            vector = embedder.embed_query(query)
            if len(vector) != meta.get("dim"):
                raise IndexStateError(
                    f"the index at {_location(settings)} holds {meta.get('dim')}-dim vectors but {embedder.name} now gives "
                    f"{len(vector)}; run 'drafter index --rebuild --embedding {embedder.name}'"
                )
            result = collection.query(
                query_embeddings=[vector],
                n_results=min(k, count),
                where=_where(query_topic, exclude_doc),
                include=["documents", "metadatas", "distances"],
            )
            rows = zip(result["ids"][0], result["documents"][0], result["metadatas"][0], result["distances"][0])
            results.append([_example(rid, doc or "", dict(m or {}), dist) for rid, doc, m, dist in rows])
    return results


def _where(topic: str | None, exclude_doc: str | None) -> dict[str, Any] | None:
    clauses: list[dict[str, Any]] = []
    if topic:
        clauses.append({"topic": topic})
    if exclude_doc:
        clauses.append({"doc_id": {"$ne": exclude_doc}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _example(rid: str, text: str, meta: dict[str, Any], distance: float) -> Example:
    year = meta.get("year")
    return Example(
        id=rid,
        doc_id=str(meta.get("doc_id", "")),
        title=str(meta.get("title", "")),
        heading=str(meta.get("heading", "")),
        heading_path=str(meta.get("heading_path", "")),
        topic=str(meta.get("topic", "")),
        text=text,
        score=round(1.0 - float(distance), 4),
        year=year if isinstance(year, int) else None,
    )


# -- the Chroma client, its errors, the lock ------------------------------------------------------


def _location(settings: Settings) -> str:
    return settings.chroma_url or str(settings.index_dir)


def _missing_message(settings: Settings) -> str:
    return f"no index at {_location(settings)}; run 'drafter index' first"


def _unreadable_message(settings: Settings) -> str:
    return f"index at {_location(settings)} is unreadable; run 'drafter index --rebuild'"


def _chroma_settings() -> Any:
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")  # read by chromadb at import
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False)


_CLIENT_LOCK = threading.Lock()


def _client(settings: Settings, *, create: bool) -> Any:
    if settings.chroma_url:
        return _http_client(settings.chroma_url)
    path = settings.index_dir
    if path.exists() and not path.is_dir():
        raise IndexStateError(_unreadable_message(settings))
    if not (path / "chroma.sqlite3").is_file():
        if not create:
            raise IndexStateError(_missing_message(settings))
        _forget_embedded(path)  # a cached client of a since-deleted index would be a ghost
    path.mkdir(parents=True, exist_ok=True)
    import chromadb

    with _CLIENT_LOCK:  # chromadb's shared-system cache races when many drafts open the index at once (the page)
        return chromadb.PersistentClient(path=str(path), settings=_chroma_settings())


def _http_client(url: str) -> Any:
    parts = urlsplit(url if "://" in url else f"http://{url}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"not a Chroma server URL: {url!r} (expected http://HOST:PORT)")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 8000)
    except ValueError:
        raise ConfigError(f"not a Chroma server URL: {url!r} (bad port)") from None
    import chromadb

    try:
        return chromadb.HttpClient(host=parts.hostname, port=port, ssl=parts.scheme == "https", settings=_chroma_settings())
    except ValueError as exc:  # chromadb raises ValueError when nothing answers
        raise ConfigError(f"cannot reach the Chroma server at {url} ({exc}); start it with 'chroma run' or check --chroma-url") from None


@contextmanager
def _chroma_errors(settings: Settings) -> Iterator[None]:
    """Chroma and SQLite failures become one IndexStateError; our own errors pass through."""
    try:
        yield
    except DrafterError:
        raise
    except Exception as exc:
        import sqlite3

        import httpx
        from chromadb.errors import ChromaError

        if not isinstance(exc, (ChromaError, sqlite3.Error, httpx.HTTPError, OSError, ValueError, RuntimeError)):
            raise  # a bug of ours: keep the traceback
        if not settings.chroma_url:
            _forget_embedded(settings.index_dir)
        if settings.chroma_url:
            raise IndexStateError(f"the Chroma server at {settings.chroma_url} failed: {type(exc).__name__}: {exc}") from None
        raise IndexStateError(_unreadable_message(settings)) from None


def _drop(settings: Settings) -> None:
    """Start over: drop the collection; an embedded index that cannot even be opened is removed."""
    if not settings.chroma_url:
        path = settings.index_dir
        try:
            client = _client(settings, create=False)
            client.delete_collection(COLLECTION)
            return
        except Exception:
            pass  # missing, unreadable or without our collection: remove the directory below
        _forget_embedded(path)
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
        return
    with _chroma_errors(settings):
        from chromadb.errors import NotFoundError

        client = _client(settings, create=True)
        try:
            client.delete_collection(COLLECTION)
        except NotFoundError:
            pass


def _forget_embedded(path: Path) -> None:
    """Drop chromadb's per-process cache entry for an embedded index.

    chromadb keeps one System per directory for the life of the process, even a half-built one whose
    files were unreadable; without this a later open (or a rebuild) in the same process reuses it.
    """
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient._identifier_to_system.pop(str(path), None)
    SharedSystemClient._identifier_to_refcount.pop(str(path), None)


@contextmanager
def _lock(settings: Settings, timeout: float) -> Iterator[None]:
    from filelock import FileLock, Timeout

    try:
        settings.state_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IndexStateError(f"cannot create the state directory {settings.state_dir}: {exc.strerror or exc}") from None
    lock = FileLock(str(Path(settings.state_dir) / "index.lock"))
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise IndexStateError(
            f"the index at {_location(settings)} is busy: another 'drafter index' is running "
            f"(waited {timeout:g} s); try again when it has finished"
        ) from None
    try:
        yield
    finally:
        lock.release()

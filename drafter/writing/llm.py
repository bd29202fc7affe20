"""Chat model access: the only module that imports langchain* and openai, and only inside functions.

`--model PROVIDER:NAME` names an OpenAI-compatible chat endpoint (see PROVIDERS). Every call has a
timeout and bounded retries with backoff for 429, 5xx, connection errors, cut streams and empty
answers (a server's Retry-After is honoured; the total wait is capped), then a ModelError with one
line. Answers that arrived whole (and that the caller accepts) are cached (drafter.writing.cache, stdlib
sqlite3), so an identical re-run makes no call. The API key never appears in a message, the cache or a record.
"""

from __future__ import annotations

import asyncio
import email.utils
import ipaddress
import os
import random
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from drafter.errors import ConfigError, ModelError

from .cache import AnswerCache, cache_key

__all__ = [
    "PROVIDERS",
    "Provider",
    "Endpoint",
    "RetryPolicy",
    "CallRecord",
    "Reply",
    "ChatClient",
    "Message",
    "resolve_endpoint",
    "is_loopback_url",
    "import_client_modules",
]

Message = tuple[str, str]  # (role, text): role is "system", "user" or "assistant"


@dataclass(frozen=True)
class Provider:
    name: str
    base_url: str
    key_env: str
    base_envs: tuple[str, ...]  # env vars that override the base URL, first wins
    needs_key: bool


PROVIDERS: dict[str, Provider] = {
    "openai": Provider("openai", "https://api.openai.com/v1", "OPENAI_API_KEY", ("OPENAI_BASE_URL",), True),
    "deepseek": Provider("deepseek", "https://api.deepseek.com", "DEEPSEEK_API_KEY", ("DEEPSEEK_BASE_URL",), True),
    "qwen": Provider("qwen", "https://dashscope.aliyuncs.com/compatible-mode/v1", "DASHSCOPE_API_KEY", ("DASHSCOPE_BASE_URL",), True),
    "ollama": Provider("ollama", "http://localhost:11434/v1", "OLLAMA_API_KEY", ("OLLAMA_BASE_URL",), False),
    "vllm": Provider("vllm", "http://localhost:8000/v1", "VLLM_API_KEY", ("VLLM_BASE_URL", "OPENAI_BASE_URL"), False),
}
_DUMMY_KEY = "not-needed"  # local servers ignore the key, but the client insists on one


def import_client_modules() -> None:
    """Import what ChatClient needs (langchain-openai is the slowest import drafter has)."""
    import openai  # noqa: F401
    from langchain_openai import ChatOpenAI  # noqa: F401


def is_loopback_url(url: str) -> bool:
    host = (urlsplit(url).hostname or "").strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Endpoint:
    spec: str  # as given, e.g. "deepseek:deepseek-chat"
    provider: str
    model: str
    base_url: str
    key_env: str
    api_key: str = field(default="", repr=False)  # never printed, logged or stored

    @property
    def is_loopback(self) -> bool:
        return is_loopback_url(self.base_url)

    @property
    def host(self) -> str:
        parts = urlsplit(self.base_url)
        return parts.hostname or self.base_url

    def describe(self) -> dict:
        """What the sidecar may record: no key, and no user:password part of the URL."""
        parts = urlsplit(self.base_url)
        netloc = parts.hostname or ""
        if parts.port:
            netloc += f":{parts.port}"
        return {"provider": self.provider, "model": self.model, "base_url": parts._replace(netloc=netloc).geturl()}


def resolve_endpoint(spec: str, env: Mapping[str, str] | None = None, *, require_key: bool = True) -> Endpoint:
    """'openai:gpt-4o-mini' → an Endpoint. A name without a prefix is an OpenAI-compatible model."""
    env = os.environ if env is None else env
    spec = spec.strip()
    provider, sep, name = spec.partition(":")
    if not sep:
        provider, name = "openai", spec
    provider = provider.strip().lower()
    known = ", ".join(["offline", *PROVIDERS])
    if provider not in PROVIDERS:
        raise ConfigError(f"unknown model provider {provider!r} in {spec!r}; known providers: {known} (e.g. openai:gpt-4o-mini)")
    name = name.strip()
    if not name:
        raise ConfigError(f"model {spec!r} names no model; write {provider}:MODEL_NAME")
    p = PROVIDERS[provider]
    base = next((env[v].strip() for v in p.base_envs if env.get(v, "").strip()), p.base_url)
    if not base.startswith(("http://", "https://")):
        raise ConfigError(f"base URL for {provider} must start with http:// or https:// (got {base[:60]!r})")
    key = env.get(p.key_env, "").strip()
    if not key:
        if p.needs_key and require_key:
            raise ConfigError(f"model {spec} needs an API key: set the environment variable {p.key_env}")
        key = _DUMMY_KEY
    return Endpoint(spec=spec, provider=provider, model=name, base_url=base.rstrip("/"), key_env=p.key_env, api_key=key)


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4  # tries in all, the first included
    backoff: float = 1.0  # seconds before the first retry; doubles each time, with jitter
    max_backoff: float = 20.0
    max_total_wait: float = 90.0  # all waits of one call together, Retry-After included

    @classmethod
    def from_settings(cls, settings) -> "RetryPolicy":
        """retries / backoff / max_wait from drafter.toml or DRAFTER_RETRIES / DRAFTER_BACKOFF / DRAFTER_MAX_WAIT."""
        return cls(attempts=settings.retries, backoff=settings.backoff, max_backoff=cls.max_backoff, max_total_wait=settings.max_wait)

    def delay(self, retry: int) -> float:
        base = min(self.backoff * (2 ** (retry - 1)), self.max_backoff)
        return base * (0.75 + 0.25 * random.random())


@dataclass
class CallRecord:
    """One logical call (all its attempts): for the sidecar and the benchmark."""

    label: str
    input_tokens: int = 0
    output_tokens: int = 0
    seconds: float = 0.0
    attempts: int = 0  # HTTP requests made (0 when the cache answered)
    cached: bool = False
    waited: float = 0.0  # seconds spent in backoff
    errors: list[str] = field(default_factory=list)  # what each failed attempt met, e.g. "HTTP 503"

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Reply:
    text: str
    record: CallRecord


class _Retryable(Exception):
    def __init__(self, reason: str, retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


_KEYLIKE = re.compile(r"\b(sk|key|api[-_]?key)[-_][A-Za-z0-9_*.\-]{4,}", re.I)


def _scrub(text: str, key: str) -> str:
    """A server's error text may echo (part of) the key: never let it through."""
    if key and key != _DUMMY_KEY:
        text = text.replace(key, "***")
    text = _KEYLIKE.sub("***", text)
    return " ".join(text.split())[:200]


def _retry_after(headers) -> float | None:
    if headers is None:
        return None
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_tz(value)
        if parsed is None:
            return None
        return max(0.0, email.utils.mktime_tz(parsed) - time.time())


def _transport_errors() -> tuple[type[BaseException], ...]:
    """httpx-level errors (a stream cut mid-way surfaces raw while iterating); openai 3 uses httpx2."""
    found: list[type[BaseException]] = []
    for name in ("httpx2", "httpx"):
        try:
            module = __import__(name)
        except ImportError:
            continue
        found += [getattr(module, n) for n in ("TransportError", "StreamError") if hasattr(module, n)]
    return tuple(found)


class ChatClient:
    """An async chat client for one endpoint. Use as `async with ChatClient(...) as client:`."""

    def __init__(
        self,
        endpoint: Endpoint,
        *,
        timeout: float,
        retry: RetryPolicy,
        cache_path: Path | None = None,
        stream: bool = True,
    ):
        self.endpoint = endpoint
        self.timeout = timeout
        self.retry = retry
        self.cache_path = cache_path
        self.stream = stream
        self.records: list[CallRecord] = []
        self._model = None
        self._http = None
        self._sync_http = None
        self._cache = None
        self._given_up: str | None = None  # why the endpoint will refuse every call (bad key, rate limit past the budget)

    async def __aenter__(self) -> "ChatClient":
        # LangSmith tracing would send prompts to a third party; drafter never turns it on.
        for var in ("LANGSMITH_TRACING", "LANGCHAIN_TRACING_V2", "LANGCHAIN_TRACING"):
            os.environ[var] = "false"
        import openai
        from langchain_openai import ChatOpenAI

        # The SQLite cache is created (tables, WAL, fsync) in a thread while the client is built.
        opening = asyncio.create_task(asyncio.to_thread(self._open_cache)) if self.cache_path is not None else None
        # Our own async HTTP client, bound to this event loop: langchain-openai's default one is
        # cached process-wide and breaks when a later asyncio.run() uses a new loop.
        # A plain-HTTP server on this machine needs no TLS: skipping the CA store saves ~0.1 s per client
        # (two clients: ours and the sync one langchain-openai would build) before the first request.
        plain = self.endpoint.is_loopback and self.endpoint.base_url.startswith("http://")
        tls: dict = {"verify": False} if plain else {}
        self._http = openai.DefaultAsyncHttpxClient(timeout=self.timeout, **tls)
        self._sync_http = openai.DefaultHttpxClient(timeout=self.timeout, **tls) if plain else None
        self._model = ChatOpenAI(
            model=self.endpoint.model,
            base_url=self.endpoint.base_url,
            api_key=self.endpoint.api_key,
            timeout=self.timeout,
            max_retries=0,  # retries are ours: bounded total wait, Retry-After, cut streams, empty answers
            http_async_client=self._http,
            http_client=self._sync_http,  # never used (every call is async); None: langchain-openai's shared one
            streaming=self.stream,
            stream_usage=True,
            cache=False,  # we cache by hand, and only answers that arrived whole
        )
        if opening is not None:
            self._cache = await opening
        return self

    def _open_cache(self):
        assert self.cache_path is not None
        return AnswerCache.open(self.cache_path)

    async def __aexit__(self, *exc_info) -> None:
        if self._http is not None:
            await self._http.aclose()
        if self._sync_http is not None:
            self._sync_http.close()
        if self._cache is not None:
            self._cache.close()

    def _cache_key(self, messages: list[Message]) -> str:
        # describe(): the base URL without any user:password part, which must not reach the cache file.
        return cache_key(self.endpoint.describe(), messages)

    def _lookup(self, messages: list[Message]) -> str | None:
        return None if self._cache is None else self._cache.get(self._cache_key(messages))

    def _store(self, messages: list[Message], text: str) -> None:
        if self._cache is not None:
            self._cache.put(self._cache_key(messages), self.endpoint.model, text)

    async def complete(
        self, messages: list[Message], *, label: str, on_progress: Callable[[int], None] | None = None,
        accept: Callable[[str], bool] | None = None,
    ) -> Reply:
        """The model's answer to `messages`, from the cache or the endpoint, after bounded retries.

        accept(text) False: the answer is returned but not cached (a refusal must not be replayed to a
        re-run or a --resume), and a cached answer it rejects counts as a miss.
        """
        record = CallRecord(label=label)
        self.records.append(record)
        start = time.perf_counter()
        # SQLite commits fsync; in a worker thread they do not stall the other sections' calls.
        cached = await asyncio.to_thread(self._lookup, messages)
        if cached is not None and accept is not None and not accept(cached):
            cached = None
        if cached is not None:
            record.cached = True
            record.seconds = time.perf_counter() - start
            return Reply(cached, record)
        if self._given_up is not None:  # nothing is sent after the endpoint refused for good
            raise ModelError(self._given_up)
        import openai

        transport = _transport_errors()
        for attempt in range(1, self.retry.attempts + 1):
            record.attempts = attempt
            try:
                text, usage = await self._once(messages, on_progress)
                record.input_tokens += int(usage.get("input_tokens", 0) or 0)
                record.output_tokens += int(usage.get("output_tokens", 0) or 0)
                record.seconds = time.perf_counter() - start
                if accept is None or accept(text):
                    await asyncio.to_thread(self._store, messages, text)
                return Reply(text, record)
            except _Retryable as exc:
                failure = exc
            except openai.APIStatusError as exc:
                status = exc.status_code
                if status in (408, 409, 429) or status >= 500:
                    failure = _Retryable(f"HTTP {status}", _retry_after(exc.response.headers))
                else:
                    message = self._fatal(status, exc)
                    if status in (401, 403, 404):  # the key or the model: every other call would meet the same
                        self._given_up = message
                    raise ModelError(message) from None
            except openai.APITimeoutError:
                failure = _Retryable(f"no answer within {self.timeout:g} s")
            except openai.APIConnectionError:
                failure = _Retryable("connection failed")
            except transport as exc:
                failure = _Retryable(f"connection broke ({type(exc).__name__})")
            record.errors.append(failure.reason)
            if attempt == self.retry.attempts:
                break
            wait = failure.retry_after if failure.retry_after is not None else self.retry.delay(attempt)
            if record.waited + wait > self.retry.max_total_wait:
                record.seconds = time.perf_counter() - start
                # The endpoint asked for more patience than the budget allows: calls not yet sent would be told the same.
                self._given_up = (
                    f"{self.endpoint.spec} at {self.endpoint.host}: {failure.reason}; waiting {wait:.{1 if wait < 10 else 0}f} s more "
                    f"would pass the {self.retry.max_total_wait:g} s retry budget; try again later"
                )
                raise ModelError(self._given_up)
            record.waited += wait
            await asyncio.sleep(wait)
        record.seconds = time.perf_counter() - start
        raise ModelError(
            f"{self.endpoint.spec} at {self.endpoint.host} failed {record.attempts} times "
            f"(last: {record.errors[-1]}); try again later or check the endpoint"
        )

    def _fatal(self, status: int, exc) -> str:
        where = f"{self.endpoint.spec} at {self.endpoint.host}"
        if status in (401, 403):
            return f"{where} rejected the API key (HTTP {status}); check {self.endpoint.key_env}"
        if status == 404:
            return f"{where}: model or URL not found (HTTP 404); check the model name and the base URL"
        detail = _scrub(str(getattr(exc, "message", "") or ""), self.endpoint.api_key)
        return f"{where} refused the request (HTTP {status}): {detail}"

    async def _once(self, messages: list[Message], on_progress: Callable[[int], None] | None) -> tuple[str, dict]:
        from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

        kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
        lc = [kinds[role](content=text) for role, text in messages]
        if self.stream:
            message = None
            async for chunk in self._model.astream(lc):
                message = chunk if message is None else message + chunk
                if on_progress is not None:
                    on_progress(len(_text_of(message.content)))
            if message is None or not message.response_metadata.get("finish_reason"):
                raise _Retryable("the answer stream was cut off")
        else:
            message = await self._model.ainvoke(lc)
        text = _text_of(message.content).strip()
        if not text:
            raise _Retryable("empty answer")
        return text, dict(message.usage_metadata or {})


def _text_of(content) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content blocks
        return "".join(b if isinstance(b, str) else str(b.get("text", "")) for b in content if isinstance(b, (str, dict)))
    return str(content or "")

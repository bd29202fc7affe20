"""A loopback OpenAI-compatible chat server for tests and benchmarks: real HTTP on 127.0.0.1.

POST /v1/chat/completions answers non-streaming JSON or an SSE stream (chunked), with usage.
Answers come from a scripted queue first, then from a responder function that sees each request.
An answer is text or a Fault: an HTTP status (with Retry-After and an error message of your
choosing), a connection reset, a delay, a stream cut mid-way, empty content, or an answer that is no
section at all: a refusal, an English answer (that still carries the facts' quantities), or the
facts one per line without heading or full stops. Every request is logged.

`FaultFor` wraps a responder: the first N requests about one section (a substring of the
conversation) get a Fault, the rest the inner responder's answer.

`GenreWriter` is a responder that writes what drafter asks for: it finds the section's facts in
the prompt ("- [f3] …" lines) and answers a section stating them, or breaks one number on purpose.
"""

from __future__ import annotations

import json
import re
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

__all__ = ["Fault", "FaultFor", "Request", "FakeOpenAI", "GenreWriter", "facts_in", "REFUSAL"]

REFUSAL = "抱歉，我无法协助完成这个请求。"


@dataclass(frozen=True)
class Fault:
    kind: str  # "status", "reset", "delay", "cut", "empty", "refusal", "english", "headless"
    status: int = 500
    retry_after: float | None = None
    seconds: float = 0.0  # for "delay"
    text: str | None = None  # "delay": the answer after the delay (else the responder's); "status": the error message

    @staticmethod
    def http(status: int, retry_after: float | None = None, message: str | None = None) -> "Fault":
        return Fault("status", status=status, retry_after=retry_after, text=message)


class FaultFor:
    """The first `times` requests whose conversation contains `target` get `fault` (all when times is None)."""

    def __init__(self, target: str, fault: "Answer", *, times: int | None = None, inner: "Responder | None" = None):
        self.target = target
        self.fault = fault
        self.times = times
        self.inner = inner or GenreWriter()
        self.hits = 0
        self._lock = threading.Lock()

    def __call__(self, request: "Request") -> "Answer":
        with self._lock:
            hit = self.target in request.conversation and (self.times is None or self.hits < self.times)
            if hit:
                self.hits += 1
        return self.fault if hit else self.inner(request)


@dataclass
class Request:
    model: str
    messages: list[dict]
    stream: bool
    authorized: bool
    at: float
    body: dict = field(repr=False, default_factory=dict)
    token: str = field(repr=False, default="")  # the bearer token sent (tests check the key did go out, and only there)

    @property
    def prompt(self) -> str:
        """The last user message."""
        return next((m["content"] for m in reversed(self.messages) if m.get("role") == "user"), "")

    @property
    def conversation(self) -> str:
        return "\n".join(str(m.get("content", "")) for m in self.messages)


Answer = str | Fault
Responder = Callable[[Request], Answer]


class FakeOpenAI:
    def __init__(self, responder: Responder | None = None, *, latency: float = 0.0, host: str = "127.0.0.1"):
        self.responder: Responder = responder or (lambda req: "好的。")
        self.latency = latency  # seconds before every answer
        self.host = host  # "0.0.0.0" to be reached on a non-loopback address too
        self.script: deque[Answer] = deque()
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle
    def start(self) -> "FakeOpenAI":
        fake = self

        class Handler(_Handler):
            server_fake = fake

        self._server = _Server((self.host, 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "FakeOpenAI":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def enqueue(self, *answers: Answer) -> None:
        with self._lock:
            self.script.extend(answers)

    def _next(self, request: Request) -> Answer:
        with self._lock:
            self.requests.append(request)
            if self.script:
                return self.script.popleft()
        return self.responder(request)


class _Server(ThreadingHTTPServer):
    # The default listen backlog (5) drops a burst of connections: the sixth and later wait out a
    # 1 s SYN retransmit, which a client sending a whole wave at once would meet on every run.
    request_queue_size = 128


def _usage(request: Request, text: str) -> dict:
    prompt = sum(len(str(m.get("content", ""))) for m in request.messages)
    p, c = max(1, int(prompt / 1.5)), max(1, int(len(text) / 1.5))
    return {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_fake: FakeOpenAI

    def log_message(self, *args) -> None:  # quiet
        return None

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # no 40 ms stalls between chunks

    def handle(self) -> None:
        try:
            super().handle()
        except (ConnectionError, OSError):
            pass  # the client gave up (e.g. its read timeout): nothing to answer

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
            return
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            self._json(400, {"error": {"message": "bad JSON", "type": "invalid_request_error"}})
            return
        request = Request(
            model=str(body.get("model", "")),
            messages=list(body.get("messages", [])),
            stream=bool(body.get("stream")),
            authorized=bool(self.headers.get("Authorization", "").startswith("Bearer ")),
            at=time.time(),
            body=body,
            token=self.headers.get("Authorization", "").removeprefix("Bearer ").strip(),
        )
        fake = self.server_fake
        answer = fake._next(request)
        if fake.latency:
            time.sleep(fake.latency)
        if isinstance(answer, Fault):
            if answer.kind == "status":
                headers = {"Retry-After": f"{answer.retry_after:g}"} if answer.retry_after is not None else {}
                message = answer.text if answer.text is not None else f"fake error {answer.status}"
                self._json(answer.status, {"error": {"message": message, "type": "server_error"}}, headers)
                return
            if answer.kind == "reset":
                self._reset()
                return
            if answer.kind == "delay":
                time.sleep(answer.seconds)
                text = answer.text if answer.text is not None else fake.responder(request)
                if isinstance(text, Fault):
                    text = ""
                self._answer(request, text)
                return
            if answer.kind == "cut":
                self._cut(request)
                return
            if answer.kind == "empty":
                self._answer(request, "")
                return
            if answer.kind == "refusal":
                self._answer(request, answer.text or REFUSAL)
                return
            if answer.kind == "english":
                self._answer(request, english_answer(request))
                return
            if answer.kind == "headless":
                self._answer(request, headless_answer(request))
                return
            raise ValueError(f"unknown fault {answer.kind}")
        self._answer(request, answer)

    # -- responses
    def _json(self, status: int, data: dict, headers: dict | None = None) -> None:
        payload = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(payload)

    def _answer(self, request: Request, text: str) -> None:
        cid = f"chatcmpl-fake{int(time.time() * 1000)}"
        if not request.stream:
            self._json(200, {
                "id": cid, "object": "chat.completion", "created": int(time.time()), "model": request.model,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                "usage": _usage(request, text),
            })
            return
        self._start_stream()
        for piece in _pieces(text):
            self._event({"id": cid, "object": "chat.completion.chunk", "model": request.model,
                         "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]})
        self._event({"id": cid, "object": "chat.completion.chunk", "model": request.model,
                     "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
        if (request.body.get("stream_options") or {}).get("include_usage"):
            self._event({"id": cid, "object": "chat.completion.chunk", "model": request.model, "choices": [],
                         "usage": _usage(request, text)})
        self._chunk(b"data: [DONE]\n\n")
        self._chunk(b"")

    def _start_stream(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _event(self, data: dict) -> None:
        self._chunk(b"data: " + json.dumps(data, ensure_ascii=False).encode("utf-8") + b"\n\n")

    def _cut(self, request: Request) -> None:
        """Start the answer, then drop the connection in the middle of it."""
        if request.stream:
            self._start_stream()
            self._event({"id": "cut", "object": "chat.completion.chunk", "model": request.model,
                         "choices": [{"index": 0, "delta": {"content": "一是"}, "finish_reason": None}]})
            self.wfile.write(b"40\r\ndata: {\"choi")  # a chunk that never ends
            self.wfile.flush()
        else:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "500")
            self.end_headers()
            self.wfile.write(b'{"id": "cut", "choi')
            self.wfile.flush()
        self._reset()

    def _reset(self) -> None:
        """Close with RST (SO_LINGER 0): the client sees a connection reset, not a clean end."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.rfile.close()
            self.connection.close()
        except OSError:
            pass


def _pieces(text: str, size: int = 8) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


# -- a responder that writes what drafter asks for

_FACT_LINE = re.compile(r"^- \[([A-Za-z][\w-]*)\] (.+?)\s*$", re.M)
_DIGITS = re.compile(r"\d+")


def facts_in(text: str) -> list[tuple[str, str]]:
    """The '- [id] text' lines of a prompt, once each (a repair conversation repeats them)."""
    found: dict[str, str] = {}
    for m in _FACT_LINE.finditer(text):
        found.setdefault(m.group(1), m.group(2))
    return list(found.items())


_ORD = "一二三四五六七八九十"


def enumerate_facts(facts: list[tuple[str, str]]) -> str:
    items = [f"{_ORD[i] if i < 10 else '另'}是{text.rstrip('。；;，, ')}" for i, (_, text) in enumerate(facts)]
    return "；".join(items) + "。"


def _break(text: str, facts: list[tuple[str, str]], how: str) -> str:
    if how == "invent":
        return text.rstrip("。") + "，全年累计服务居民9876人次。"
    target = next(((fid, t) for fid, t in facts if _DIGITS.search(t)), None)
    if target is None:
        return text
    if how == "drop":
        return enumerate_facts([f for f in facts if f != target]) if len(facts) > 1 else "围绕重点任务扎实开展工作。"
    if how == "change":
        m = _DIGITS.search(target[1])
        assert m is not None
        changed = target[1][: m.start()] + str(int(m.group()) + 1) + target[1][m.end() :]
        return text.replace(target[1].rstrip("。；;，, "), changed.rstrip("。；;，, "), 1)
    if how == "swap":
        return _swap_two_numbers(text)
    raise ValueError(how)


_NUMBER_AND_UNIT = re.compile(r"(\d+)([^\d，,、。；\s])")


def _swap_two_numbers(text: str) -> str:
    """Exchange the first two numbers of one sentence that share a measure word and differ in value
    (自学课程5节、集中学习15节 → 自学课程15节、集中学习5节): what chat models get wrong most often."""
    for sentence in re.findall(r"[^。；]+", text):
        found = list(_NUMBER_AND_UNIT.finditer(sentence))
        for i, a in enumerate(found):
            b = next((b for b in found[i + 1 :] if b.group(2) == a.group(2) and b.group(1) != a.group(1)), None)
            if b is None:
                continue
            swapped = sentence[: a.start(1)] + b.group(1) + sentence[a.end(1) : b.start(1)] + a.group(1) + sentence[b.end(1) :]
            return text.replace(sentence, swapped, 1)
    return text


def _request_facts(request: Request) -> list[tuple[str, str]]:
    return facts_in(request.conversation if "【核对结果】" in request.prompt else request.prompt)


def english_answer(request: Request) -> str:
    """An answer in English that still states every quantity and quoted name of the facts as written."""
    from drafter.numbers.quantities import find_names, find_quantities

    items = []
    for _, text in _request_facts(request):  # no item numbers: they would be quantities of their own
        figures = [q.text for q in find_quantities(text)] + [f"“{n.text}”" for n in find_names(text)]
        items.append(f"Another item: the community carried out this work as planned and reported the following figures: "
                     f"{', '.join(figures) or 'none'}. Residents took part actively and the results were good.")
    return "In the period under review, the community made steady progress in this area. " + " ".join(items)


def headless_answer(request: Request) -> str:
    """The facts one per line, 一是… without full stops and without any heading line."""
    facts = _request_facts(request)
    if not facts:
        return "一年来我们扎实推进各项工作\n取得了积极成效"
    return "\n".join(f"{_ORD[i] if i < 10 else '另'}是{text.rstrip('。；;，, ')}" for i, (_, text) in enumerate(facts))


class GenreWriter:
    """Answers drafter's prompts from the facts they carry.

    fault: None, "change", "drop", "invent" or "swap", applied to the first answer for each section whose
    facts contain `only` (every section when only is None); `stubborn` applies it to repairs too.
    heading: put a (wrong) heading line before the answer, as chatty models do.
    """

    def __init__(self, fault: str | None = None, *, only: str | None = None, stubborn: bool = False, heading: str | None = None):
        self.fault = fault
        self.only = only
        self.stubborn = stubborn
        self.heading = heading
        self.kinds: list[str] = []

    def __call__(self, request: Request) -> Answer:
        prompt = request.prompt
        if "【核对结果】" in prompt:
            kind = "repair"
        elif "【任务】撰写开头" in prompt:
            kind = "opening"
        elif "【任务】撰写结尾" in prompt:
            kind = "closing"
        elif "【任务】重写" in prompt:
            kind = "rewrite"
        else:
            kind = "section"
        self.kinds.append(kind)
        if kind == "opening":
            return "一年来，社区在上级党委、政府的正确领导下，扎实推进各项工作，取得了积极成效。现将有关情况总结如下："
        facts = facts_in(request.conversation if kind == "repair" else prompt)
        if not facts:
            return "回顾过去的工作，我们虽然取得了一定成绩，但仍有差距。下一步，我们将扬长避短、真抓实干，力争把工作做得更好。"
        text = enumerate_facts(facts)
        hit = self.only is None or any(self.only in t for _, t in facts)
        if self.fault and hit and (kind in ("section", "rewrite", "closing") or self.stubborn):
            text = _break(text, facts, self.fault)
        if self.heading:
            text = f"{self.heading}\n\n{text}"
        return text

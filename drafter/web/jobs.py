"""Work that outlives a request: drafts and the corpus index run on a small thread pool, so a draft
keeps going when the page is reloaded or closed, and the page asks for its progress."""

from __future__ import annotations

import logging
import threading
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict

from drafter.config import Settings
from drafter.errors import DrafterError

from .messages import chinese_message
from .store import DraftRecord, DraftStore
from .versions import check_line

__all__ = ["Jobs", "IndexJob"]

log = logging.getLogger("drafter.web")


class IndexJob:
    """The one corpus re-index at a time, with its progress for the corpus page."""

    def __init__(self) -> None:
        self.state = "idle"  # idle | running | done | failed
        self.embedded = 0
        self.total = 0
        self.message = ""
        self.lock = threading.Lock()

    def to_json(self) -> dict:
        return {"state": self.state, "embedded": self.embedded, "total": self.total, "message": self.message}


class Jobs:
    def __init__(self, store: DraftStore, workers: int = 4) -> None:
        self.store = store
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="drafter-web")
        self.index = IndexJob()

    def start_draft(self, record: DraftRecord, settings: Settings) -> None:
        import contextvars

        self.pool.submit(contextvars.copy_context().run, self._draft, record, settings)  # as the person who asked

    def _draft(self, record: DraftRecord, settings: Settings) -> None:
        from drafter.writing import run_draft

        lock = self.store.lock(record.id)

        def progress(event) -> None:
            with lock:
                record.progress.append(asdict(event))
                record.done, record.total = event.done, event.total
                self.store.save(record)

        hide = (str(self.store.dir(record.id)), str(settings.state_dir))
        try:
            result = run_draft(
                self.store.notes_path(record), settings, out=self.store.draft_path(record), fmt="md",
                force=True, quiet=True, progress=progress,
            )  # fmt: skip
            with lock:
                record.status = "done"
                record.title = result.draft.title
                record.ok = bool(result.report.ok) and not getattr(result.report, "misbound", None)
                record.error = "；".join(_failed_section(f) for f in result.failed) if result.failed else ""
                self.store.keep_version(record, "draft", ok=record.ok, summary=check_line(result.report))
                self.store.save(record)
        except DrafterError as exc:
            self._fail(record, lock, chinese_message(exc, hide=hide))
        except Exception:  # noqa: BLE001 - a bug must not leave the draft 'running' forever
            log.error("draft %s failed:\n%s", record.id, traceback.format_exc())
            self._fail(record, lock, "生成初稿时出现内部错误，请重试；若反复出现，请把服务端日志交给管理员。")

    def _fail(self, record: DraftRecord, lock: threading.Lock, message: str) -> None:
        with lock:
            record.status, record.error = "failed", message
            self.store.save(record)

    def start_index(self, settings: Settings) -> bool:
        """Start a re-index unless one is running; False when one already is."""
        job = self.index
        with job.lock:
            if job.state == "running":
                return False
            job.state, job.embedded, job.total, job.message = "running", 0, 0, "正在检查范文库…"
        self.pool.submit(self._index, settings)
        return True

    def _index(self, settings: Settings) -> None:
        from drafter.corpus import build_index

        job = self.index

        def progress(done: int, total: int) -> None:
            job.embedded, job.total = done, total
            job.message = f"已处理 {done} / {total} 个段落"

        try:
            report = build_index(settings, progress=progress)
            job.message = f"索引完成：{report.documents} 篇范文、{report.sections} 个段落，本次新处理 {report.embedded} 个，用时 {report.seconds:.1f} 秒"
            job.state = "done"
        except DrafterError as exc:
            job.state, job.message = "failed", chinese_message(exc, hide=(str(settings.state_dir),))
        except Exception:  # noqa: BLE001
            log.error("index failed:\n%s", traceback.format_exc())
            job.state, job.message = "failed", "建立索引时出现内部错误，请查看服务端日志。"

    def shutdown(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


def _failed_section(line: str) -> str:
    """'二、文化活动: 12场, 3次' (the writer's words) → '二、文化活动（12场, 3次）'."""
    heading, _, numbers = line.partition(": ")
    heading = "开头" if heading == "opening" else heading
    return f"{heading}（{numbers}）" if numbers.strip() else heading

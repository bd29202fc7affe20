"""The page's routes: each parses what the browser sent, calls one library function, and renders
the answer with the shared templates. No drafting, checking or exporting logic lives here."""

# No `from __future__ import annotations` here: FastAPI reads the route signatures, whose types are
# imported inside create_app (fastapi loads only when the server starts).

import contextlib
import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from drafter.config import Settings
from drafter.document import draft_from_markdown, render_markdown, render_text
from drafter.errors import DrafterError
from drafter.notes import load_notes, looks_like_yaml, parse_notes, with_fields
from drafter.reports import changed_pieces, draft_view, template_environment
from drafter.textio import decode_bytes

from .accounts import install_accounts
from .admin import install_admin
from .auth import install_auth
from .dbstore import DbDraftStore, ReadOnly, StaleVersion
from .jobs import Jobs
from .messages import MAX_UPLOAD_BYTES, chinese_message
from .notes_routes import notes_router
from .principal import who
from .store import DraftRecord, new_token
from .versions import KIND_LABELS, check_line, conflict_answer, install_versions, when

__all__ = ["PageConfig", "create_app"]

log = logging.getLogger("drafter.web")

HERE = Path(__file__).resolve().parent
OWNER_COOKIE = "drafter_owner"
MAX_TEXT_CHARS = 2_000_000  # a pasted text: far beyond any real notes or draft
MODEL_LABELS = {"offline": "离线（不用模型，按材料原话组织）"}


@dataclass
class PageConfig:
    settings: Settings
    token: str | None = None
    loopback: bool = True
    models: list[str] = field(default_factory=lambda: ["offline"])


def _env():
    env = template_environment(HERE / "templates")
    env.globals["me"] = who  # base.html.j2 shows who is logged in
    env.globals["kind_labels"] = KIND_LABELS
    env.filters["when"] = when
    return env


def create_app(config: PageConfig):
    from fastapi import FastAPI, File, Form, Request, UploadFile
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import HTMLResponse, JSONResponse, Response
    from fastapi.staticfiles import StaticFiles
    from starlette.exceptions import HTTPException

    settings = config.settings
    from drafter.database import open_database

    db = open_database(settings.database, settings.state_dir)
    store = DbDraftStore(db, settings.state_dir)
    store.mark_interrupted()
    jobs = Jobs(store, workers=max(4, settings.concurrency))
    hide = (str(settings.state_dir.resolve()), str(settings.state_dir))
    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        jobs.shutdown()

    app = FastAPI(title="drafter", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.jobs, app.state.db = jobs, db
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    install_auth(app, token=config.token, loopback=config.loopback)
    install_accounts(app, db, _env, token=config.token, loopback=config.loopback)  # after install_auth: runs before it
    app.include_router(notes_router(store, settings, hide))  # notes in any form, 「材料是这样理解的」 (store scopes by person)

    class PageError(Exception):
        def __init__(self, message: str, status: int = 400) -> None:
            super().__init__(message)
            self.message, self.status = message, status

    @app.exception_handler(PageError)
    async def _page_error(request, exc: PageError):
        if request.method == "GET" and not request.url.path.startswith("/api/"):  # a page: a page, not JSON
            return HTMLResponse(_env().get_template("message.html.j2").render(message=exc.message), status_code=exc.status)
        return JSONResponse({"error": exc.message}, status_code=exc.status)

    @app.exception_handler(DrafterError)
    async def _drafter_error(request, exc: DrafterError):
        return JSONResponse({"error": chinese_message(exc, hide=hide)}, status_code=400)

    @app.exception_handler(ReadOnly)
    async def _read_only(request, exc: ReadOnly):
        return JSONResponse({"error": "街道管理员账号只能查看各社区的初稿，不能修改；请由社区的同事修改。"}, status_code=403)

    @app.exception_handler(RequestValidationError)
    async def _bad_request(request, exc):
        return JSONResponse({"error": "请求不完整或格式不对，请刷新页面后重试。"}, status_code=400)

    @app.exception_handler(HTTPException)
    async def _http_error(request, exc: HTTPException):
        message = {404: "没有找到这个页面或这份初稿（可能已被删除）。", 405: "不支持这种请求。"}.get(exc.status_code, "请求无法处理。")
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=exc.status_code)
        return HTMLResponse(f'<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><p>{message} <a href="/">返回首页</a></p></html>', status_code=exc.status_code)

    @app.exception_handler(Exception)
    async def _bug(request, exc: Exception):
        log.exception("unexpected error on %s", request.url.path)
        return JSONResponse({"error": "服务器内部错误，请重试；若反复出现，请把服务端日志交给管理员。"}, status_code=500)

    def owner_of(request: Request) -> str:
        return request.cookies.get(OWNER_COOKIE) or ""

    def with_owner(request: Request, response):
        if not owner_of(request):
            response.set_cookie(OWNER_COOKIE, request.state.new_owner, httponly=True, samesite="lax", max_age=365 * 24 * 3600)
        return response

    @app.middleware("http")
    async def _owner(request, call_next):
        request.state.new_owner = new_token(12)
        return await call_next(request)

    def record_or_404(draft_id: str) -> DraftRecord:
        try:
            return store.load(draft_id)
        except KeyError:
            raise PageError("没有找到这份初稿（可能已被删除）。", 404) from None

    def notes_of(record: DraftRecord):
        return load_notes(store.notes_path(record))

    def panel(record: DraftRecord, text: str | None = None, report=None, *, changed: int = 0, diff=None, notices=()) -> str:
        if text is None:
            text = store.read_draft(record)
        notes = notes_of(record)
        if report is None:
            from drafter.numbers import check_text

            report = check_text(text, notes, extra_set_phrases=settings.extra_set_phrases)
        view = draft_view(text, report, notes)
        return _env().get_template("panel.html.j2").render(
            record=record, view=view, text=text, changed=changed, diff=diff or [], notices=list(notices),
            model_label=MODEL_LABELS.get(record.model, record.model), versions=store.versions(record),
        )  # fmt: skip

    def page(request: Request, record: DraftRecord | None = None) -> HTMLResponse:
        owner = owner_of(request) or request.state.new_owner
        body = _env().get_template("page.html.j2").render(
            models=[(m, MODEL_LABELS.get(m, m)) for m in config.models], drafts=store.list(owner), record=record,
            panel=panel(record) if record is not None and record.status == "done" else "",
        )  # fmt: skip
        return with_owner(request, HTMLResponse(body))

    # -- pages --------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse)
    def index(request: Request):
        return page(request)

    @app.get("/d/{draft_id}", response_class=HTMLResponse)
    def show_draft(request: Request, draft_id: str):
        return page(request, record_or_404(draft_id))

    @app.get("/corpus", response_class=HTMLResponse)
    def corpus_page(request: Request):
        from drafter.corpus import list_documents

        try:
            docs = list_documents(settings.corpus_dir) if settings.corpus_dir.is_dir() else []
            problem = ""
        except DrafterError as exc:
            docs, problem = [], chinese_message(exc, hide=hide)
        body = _env().get_template("corpus.html.j2").render(docs=docs, problem=problem, index=jobs.index.to_json())
        return with_owner(request, HTMLResponse(body))

    # -- notes in ------------------------------------------------------------------------------

    async def read_upload(upload: UploadFile) -> bytes:
        data = await upload.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            raise PageError("文件太大（上限 5 MB），请只上传工作材料本身。", 413)
        if not data:
            raise PageError("上传的文件是空的。")
        return data

    @app.post("/api/notes/upload")
    async def upload_notes(file: UploadFile = File(...)):
        data = await read_upload(file)
        name = Path(file.filename or "材料").name
        suffix = Path(name).suffix.lower()
        if suffix not in (".md", ".markdown", ".txt", ".yaml", ".yml", ""):
            raise PageError(f"不支持 {suffix} 文件：请上传 .md、.txt 或 .yaml 文本文件（Word 材料请在 Word 或 WPS 中另存为 .txt 后上传）。")
        text = decode_bytes(data, name=name, what="file").replace("\r\n", "\n")
        yaml_file = suffix in (".yaml", ".yml")
        notes = parse_notes(text, path=name, yaml_file=yaml_file)
        return {"text": text, "format": "yaml" if yaml_file else "md", "community": notes.community, "period": notes.period, "kind": notes.kind, "facts": len(notes.facts)}

    def notes_from_form(notes: str, community: str, period: str, kind: str, fmt: str) -> tuple[str, bool]:
        if len(notes) > MAX_TEXT_CHARS:
            raise PageError("材料太长了，请只粘贴工作材料本身。", 413)
        text = notes.replace("\r\n", "\n")
        if not text.strip():
            raise PageError("请先粘贴或上传工作材料。")
        yaml_file = fmt == "yaml" or (fmt != "md" and looks_like_yaml(text))
        text = with_fields(text, {"community": community, "period": period, "kind": kind}, yaml_file=yaml_file, path="材料")
        parse_notes(text, path="材料", yaml_file=yaml_file)  # bad notes are refused here, not in the background
        return text, yaml_file

    @app.post("/api/drafts")
    def start_draft(
        request: Request, notes: str = Form(""), community: str = Form(""), period: str = Form(""), kind: str = Form(""),
        model: str = Form("offline"), format: str = Form(""),
    ):  # fmt: skip
        if model not in config.models:
            raise PageError("没有这个写作方式，请从列表中选择。")
        text, yaml_file = notes_from_form(notes, community, period, kind, format)
        owner = owner_of(request) or request.state.new_owner
        record = store.create(owner, model, text, yaml_file)
        jobs.start_draft(record, settings.with_overrides(model=model))
        return with_owner(request, JSONResponse({"id": record.id, "url": f"/d/{record.id}"}))

    @app.post("/api/check-draft")
    async def check_pasted(
        request: Request, draft: str = Form(""), draft_file: UploadFile | None = File(None), notes: str = Form(""),
        community: str = Form(""), period: str = Form(""), kind: str = Form(""), format: str = Form(""),
    ):  # fmt: skip
        """A draft written elsewhere, checked against the notes: kept as a draft of its own."""
        if draft_file is not None and draft_file.filename:
            from drafter.word import word_upload_text

            data = await read_upload(draft_file)
            word = word_upload_text(data, Path(draft_file.filename).name)  # a .docx read as the person sees it
            draft = word if word is not None else decode_bytes(data, name=Path(draft_file.filename).name, what="file")
        draft = draft.replace("\r\n", "\n")
        if not draft.strip():
            raise PageError("请粘贴或上传要核对的初稿。")
        if len(draft) > MAX_TEXT_CHARS:
            raise PageError("初稿太长了。", 413)
        text, yaml_file = notes_from_form(notes, community, period, kind, format)
        owner = owner_of(request) or request.state.new_owner
        record = store.create(owner, "offline", text, yaml_file)
        store.write_draft(record, draft if draft.endswith("\n") else draft + "\n")
        first = next((line for line in draft.splitlines() if line.strip()), "")
        record.status, record.title = "done", first.lstrip("# ").strip()[:60] or "（别处写的初稿）"
        store.save(record)
        return with_owner(request, JSONResponse({"id": record.id, "url": f"/d/{record.id}"}))

    # -- one draft -----------------------------------------------------------------------------

    @app.get("/api/drafts/{draft_id}")
    def draft_status(draft_id: str):
        record = record_or_404(draft_id)
        data = {k: getattr(record, k) for k in ("id", "status", "title", "error", "progress", "done", "total", "ok")}
        if record.status == "done":
            data["panel"] = panel(record)
        return data

    @app.post("/api/drafts/{draft_id}/check")
    def recheck(draft_id: str, text: str = Form(...), base_version: int | None = Form(None)):
        from drafter.numbers import check_text

        record = record_or_404(draft_id)
        store.writable(record)
        if len(text) > MAX_TEXT_CHARS:
            raise PageError("初稿太长了。", 413)
        text = text.replace("\r\n", "\n")
        if not text.strip():
            raise PageError("初稿是空的：没有可核对的内容。")
        report = check_text(text, notes_of(record), extra_set_phrases=settings.extra_set_phrases)
        try:
            with store.lock(record.id):
                store.write_draft(record, text, kind="edit", base=base_version, ok=bool(report.ok), summary=check_line(report))
        except StaleVersion as exc:
            return JSONResponse(conflict_answer(store, record, exc), status_code=409)
        return {"panel": panel(record, text, report), "version": record.version}

    @app.post("/api/drafts/{draft_id}/rewrite")
    def rewrite(draft_id: str, section: int = Form(...), instruction: str = Form("")):
        from drafter.document import parse_markdown_sections
        from drafter.writing import rewrite_section

        record = record_or_404(draft_id)
        if len(instruction) > 500:
            raise PageError("修改要求太长了，请用一两句话说明。")
        store.writable(record)
        with store.lock(record.id):
            path = store.working_copy(record)
            before = store.read_draft(record)
            old = parse_markdown_sections(before, path="初稿")
            if not 1 <= section <= len(old):
                raise PageError(f"初稿只有{len(old)}个部分。")
            has_sidecar = path.with_suffix(".json").is_file()
            result = rewrite_section(
                path, str(section), settings.with_overrides(model=record.model), instruction=instruction or None,
                facts_path=None if has_sidecar else store.notes_path(record), quiet=True,
            )  # fmt: skip
            store.keep_version(record, "rewrite", ok=bool(result.report.ok), summary=check_line(result.report))
        after = store.read_draft(record)
        new = parse_markdown_sections(after, path="初稿")[section - 1]
        o = old[section - 1]
        diff = changed_pieces(o.heading.strip() + "\n" + before[o.body_start : o.end].strip(), new.heading.strip() + "\n" + after[new.body_start : new.end].strip())
        notices = [_rewrite_notice(n) for n in result.notices]
        if not any(p.change for p in diff):
            notices.append("本节文字没有变化。")
        return {"panel": panel(record, after, result.report, changed=section, diff=diff, notices=notices), "section": section}

    @app.post("/api/drafts/{draft_id}/delete")
    def delete(draft_id: str):
        store.delete(record_or_404(draft_id))
        return {"deleted": draft_id}

    @app.get("/d/{draft_id}/download/{kind}")
    def download(draft_id: str, kind: str):
        from drafter.reports import render_docx

        record = record_or_404(draft_id)
        text = store.read_draft(record)
        name = (record.title or "初稿").replace("/", "_")[:60]
        if kind == "md":
            data, mime, ext = text.encode("utf-8"), "text/markdown; charset=utf-8", "md"
        elif kind == "txt":
            data, mime, ext = render_text(draft_from_markdown(text, model=record.model)).encode("utf-8"), "text/plain; charset=utf-8", "txt"
        elif kind == "docx":
            data, mime, ext = render_docx(draft_from_markdown(text, model=record.model)), _DOCX, "docx"
        elif kind == "docx-comments":
            data, mime, ext, name = _review_copy(record, text), _DOCX, "docx", name + "（审阅稿）"
        else:
            raise PageError("没有这种下载格式。", 404)
        disposition = f"attachment; filename=\"draft.{ext}\"; filename*=UTF-8''{quote(name + '.' + ext)}"
        return Response(data, media_type=mime, headers={"Content-Disposition": disposition})

    def _review_copy(record: DraftRecord, text: str) -> bytes:
        """Word with a comment on each number (the export's review copy). The check is of the draft
        exactly as the Word file renders it, so each comment sits on its own number."""
        from drafter.numbers import check_text
        from drafter.reports import write_outputs

        draft = draft_from_markdown(text, model=record.model)
        report = check_text(render_markdown(draft), notes_of(record), extra_set_phrases=settings.extra_set_phrases)
        store.dir(record.id).mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=store.dir(record.id)) as tmp:
            out = Path(tmp) / "review.docx"
            sidecar = {"facts": record.notes_name, "check": report.to_json()}
            write_outputs(draft, out, "docx", sidecar, force=True, comments=True)  # its sidecar goes with the temp dir
            return out.read_bytes()

    install_versions(app, store, panel=panel, record_or_404=record_or_404, env=_env, extra_set_phrases=settings.extra_set_phrases)
    install_admin(app, store, env=_env)

    # -- the corpus ----------------------------------------------------------------------------

    @app.post("/api/corpus/add")
    async def corpus_add(files: list[UploadFile] = File(...)):
        from drafter.corpus import add_paths

        added, skipped, failed = [], [], []
        with tempfile.TemporaryDirectory(dir=_tmp_root(settings)) as tmp:
            paths = []
            for i, f in enumerate(files):
                suffix = Path(f.filename or "").suffix.lower()
                if suffix not in (".txt", ".md", ".docx"):
                    failed.append({"source": Path(f.filename or "").name, "reason": "只收 .txt、.md、.docx 文件"})
                    continue
                data = await read_upload(f)
                # the browser's name is shown, never used as a path: the file is stored as upload-N
                path = Path(tmp) / f"{i:03d}-{_safe_stem(f.filename or '')}{suffix}"
                path.write_bytes(data)
                paths.append(path)
            if paths:
                report = add_paths(paths, settings.corpus_dir)
                added = [{"id": a.id, "title": a.title, "sections": a.sections} for a in report.added]
                skipped = [{"title": s.title, "reason": "重复" if s.reason == "duplicate" else "与已有范文高度相似", "of": s.duplicate_of} for s in report.skipped]
                failed += [{"source": Path(x.source).name, "reason": chinese_message(x.reason, hide=(tmp, *hide))} for x in report.failed]
        return {"added": added, "skipped": skipped, "failed": failed}

    @app.post("/api/corpus/index")
    def corpus_index():
        started = jobs.start_index(settings)
        return {"started": started, **jobs.index.to_json()}

    @app.get("/api/corpus/index")
    def corpus_index_status():
        return jobs.index.to_json()

    @app.get("/api/corpus/search")
    def corpus_search(q: str = "", k: int = 3):
        from drafter.corpus import search_examples

        q = q.strip()[:200]
        if not q:
            raise PageError("请输入要查找的内容，例如“志愿服务”。")
        hits = search_examples(settings, q, max(1, min(k, 10)))
        html = _env().get_template("examples.html.j2").render(hits=hits, query=q)
        return {"html": html, "count": len(hits)}

    return app


_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _safe_stem(name: str) -> str:
    stem = Path(name).stem
    return "".join(ch for ch in stem if ch.isalnum() or ch in "-_")[:40] or "upload"


def _tmp_root(settings: Settings) -> Path:
    root = settings.state_dir / "web" / "uploads"
    root.mkdir(parents=True, exist_ok=True)
    return root


def _rewrite_notice(notice: str) -> str:
    from drafter.writing import notice_zh

    if notice_zh(notice):
        return notice_zh(notice)
    if "instruction was ignored" in notice:
        return "离线写作按材料重新组织本节，不采用修改要求；要按要求改写，请选择一个模型。"
    if "still fails its check" in notice:
        return "重写后本节仍有数字对不上材料，已保留并标出，请人工核对。"
    if "changed since the draft was written" in notice:
        return "材料在初稿写成后改动过，本节按现在的材料重写。"
    return notice

"""The page's routes for notes in: understand pasted text or an uploaded file, write a corrected
understanding back as notes, and give a reopened draft its notes and fields again.

Included from app.py as one router (FastAPI's APIRouter); the logic lives in notes_form.
"""

# No `from __future__ import annotations` here: FastAPI reads the route signatures.

from pathlib import Path

from drafter.config import Settings
from drafter.errors import DrafterError
from drafter.notes import load_notes, looks_like_yaml

from .messages import MAX_UPLOAD_BYTES, chinese_message
from .notes_form import NotesFormError, compose_notes, front_of, understand_file, understand_text, understood_json
from .store import DraftStore

__all__ = ["notes_router"]


def notes_router(store: DraftStore, settings: Settings, hide: tuple[str, ...] = ()):
    from fastapi import APIRouter, File, Form, Request, UploadFile
    from fastapi.responses import JSONResponse

    router = APIRouter()

    def tmp_root() -> Path:
        root = settings.state_dir / "web" / "uploads"
        root.mkdir(parents=True, exist_ok=True)
        return root

    def refused(exc: Exception) -> JSONResponse:
        if isinstance(exc, NotesFormError):
            return JSONResponse({"error": exc.message}, status_code=exc.status)
        return JSONResponse({"error": chinese_message(exc, hide=hide)}, status_code=400)

    @router.post("/api/notes/understand")
    async def understand(
        file: UploadFile | None = File(None), notes: str = Form(""), community: str = Form(""), period: str = Form(""),
        kind: str = Form(""), format: str = Form(""),
    ):  # fmt: skip
        """「材料是这样理解的」 for an uploaded file, else for the pasted text."""
        fields = {"community": community, "period": period, "kind": kind}
        try:
            if file is not None and file.filename:
                data = await file.read(MAX_UPLOAD_BYTES + 1)
                understood = understand_file(file.filename, data, fields, tmp_root(), hide=hide)
            else:
                understood = understand_text(notes, fields, format, tmp_root(), hide=hide)
        except (NotesFormError, DrafterError) as exc:
            return refused(exc)
        return understood.to_json()

    @router.post("/api/notes/compose")
    async def compose(request: Request):
        """The understanding as the person corrected it, back as notes the draft endpoint reads exactly."""
        try:
            body = await request.json()
        except ValueError:
            return JSONResponse({"error": "整理后的材料格式不对，请刷新页面后重试。"}, status_code=400)
        if not isinstance(body, dict):
            return JSONResponse({"error": "整理后的材料格式不对，请刷新页面后重试。"}, status_code=400)
        try:
            text = compose_notes(body.get("understanding"), body.get("front") if isinstance(body.get("front"), dict) else {})
        except (NotesFormError, DrafterError) as exc:
            return refused(exc)
        return {"text": text, "format": "md"}

    @router.get("/api/drafts/{draft_id}/notes")
    def draft_notes(draft_id: str):
        """A reopened draft's notes as they were drafted, their fields and how they were understood."""
        try:
            record = store.load(draft_id)
            path = store.notes_path(record)
            text = path.read_text("utf-8")
        except (KeyError, OSError):
            return JSONResponse({"error": "没有找到这份初稿的材料（可能已被删除）。"}, status_code=404)
        try:
            notes = load_notes(path)
            u = understood_json(notes)
        except DrafterError as exc:
            return refused(exc)
        fmt = "yaml" if record.notes_name.endswith(".yaml") or looks_like_yaml(text) else "md"
        return {
            "text": text, "format": fmt, "dialect": True, "understanding": u, "front": front_of(notes),
            **{k: u.get(k) or "" for k in ("community", "period", "kind")},
        }  # fmt: skip

    return router

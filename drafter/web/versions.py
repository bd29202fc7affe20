"""Every version of a draft on the page: the list (who, when, what kind, the check's result), what a
version changed against the one before it (changed numbers first, then the text), and restoring an
old version (itself a new version: nothing is ever overwritten)."""


import difflib
from collections import Counter
from dataclasses import dataclass

from drafter.numbers import find_quantities
from drafter.reports import changed_pieces

__all__ = ["install_versions", "number_changes", "KIND_LABELS", "when", "check_line", "conflict_answer"]

KIND_LABELS = {"draft": "生成", "edit": "修改并核对", "check": "核对", "rewrite": "重写一节", "restore": "恢复旧版本", "import": "旧版页面保存"}


def check_line(report) -> str:
    """A version's check result in one Chinese line (kept with the version)."""
    if report.ok:
        return f"通过：{report.stats.draft_quantities}个数字都有出处"
    parts = [f"{n}{what}" for n, what in ((len(report.unsupported), "个数字材料里没有"), (len(report.misbound), "个数字错位"),
             (len(report.missing), "个材料数字未写入"), (len(report.placeholders), "处待补占位")) if n]  # fmt: skip
    return "未通过：" + "，".join(parts)


def when(ts: float | None) -> str:
    """A time as people here write it: 2024-05-06 14:03 (the server's local time)."""
    import time

    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts)) if ts else ""


@dataclass
class NumberChange:
    line: str  # the new line (or the old one when it was removed)
    before: list[str]
    after: list[str]


def number_changes(old: str, new: str) -> list[NumberChange]:
    """The numbers that differ between two texts, line by line: what was there and what is there now."""
    a, b = old.splitlines(), new.splitlines()
    out = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        olds = Counter(q.text for line in a[a1:a2] for q in find_quantities(line))
        news = Counter(q.text for line in b[b1:b2] for q in find_quantities(line))
        gone, came = list((olds - news).elements()), list((news - olds).elements())
        if gone or came:
            line = next((x for x in b[b1:b2] if any(c in x for c in came)), None) or next(iter(b[b1:b2] or a[a1:a2]), "")
            out.append(NumberChange(line.strip()[:120], gone, came))
    return out


def conflict_answer(store, record, exc) -> dict:
    """Someone else saved first: say so and show their text beside the person's own (kept in the editor)."""
    newest = store.versions(record)[0] if store.versions(record) else None
    by = f"{newest.author}" if newest and newest.author else "别人"
    return {
        "error": f"保存前，{by}已经保存了这份初稿的新版本（第{exc.current}版）。您的修改没有保存，仍在编辑框里；请对照下面的新版本，合并后再点“重新核对”。",
        "conflict": True, "version": exc.current, "theirs": store.read_draft(record),
    }  # fmt: skip


def install_versions(app, store, *, panel, record_or_404, env, extra_set_phrases=()) -> None:
    from fastapi import Form
    from fastapi.responses import JSONResponse

    def version_or_404(record, number: int):
        found = next((v for v in store.versions(record) if v.number == number), None)
        if found is None:
            return None
        return found

    @app.get("/api/drafts/{draft_id}/versions")
    def list_versions(draft_id: str):
        record = record_or_404(draft_id)
        return {"version": record.version, "versions": [
            {"number": v.number, "kind": KIND_LABELS.get(v.kind, v.kind), "author": v.author, "created": v.created, "ok": v.ok, "summary": v.summary}
            for v in store.versions(record)
        ]}  # fmt: skip

    @app.get("/api/drafts/{draft_id}/versions/{number}")
    def show_version(draft_id: str, number: int):
        record = record_or_404(draft_id)
        versions = store.versions(record)
        this = next((v for v in versions if v.number == number), None)
        if this is None:
            return JSONResponse({"error": "没有这个版本。"}, status_code=404)
        before = next((v for v in versions if v.number < number), None)
        old = before.text if before else ""
        html = env().get_template("version.html.j2").render(
            v=this, before=before, kind=KIND_LABELS.get(this.kind, this.kind),
            numbers=number_changes(old, this.text), diff=changed_pieces(old, this.text) if before else [],
        )  # fmt: skip
        return {"number": this.number, "text": this.text, "html": html}

    @app.post("/api/drafts/{draft_id}/versions/{number}/restore")
    def restore(draft_id: str, number: int, base_version: int | None = Form(None)):
        from drafter.notes import load_notes
        from drafter.numbers import check_text

        record = record_or_404(draft_id)
        store.writable(record)
        this = version_or_404(record, number)
        if this is None:
            return JSONResponse({"error": "没有这个版本。"}, status_code=404)
        report = check_text(this.text, load_notes(store.notes_path(record)), extra_set_phrases=extra_set_phrases)
        ok = bool(report.ok)
        with store.lock(record.id):
            store.write_draft(record, this.text, kind="restore", base=base_version, ok=ok, summary=f"恢复第{number}版；" + check_line(report))
        return {"panel": panel(record, this.text, report, notices=[f"已恢复第{number}版（作为新的第{record.version}版保存，之前的版本都还在）。"]), "version": record.version}

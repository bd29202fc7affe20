"""The 街道 admin's page: where each community stands (drafts, how many pass, the last change and by
whom), and drafts deleted in the last 30 days, which the admin can bring back."""


from .principal import who

__all__ = ["install_admin"]


def install_admin(app, store, *, env) -> None:
    from fastapi.responses import HTMLResponse, JSONResponse

    def allowed() -> bool:
        p = who()
        return p.sees_everything or p.kind == "local"

    @app.get("/admin", response_class=HTMLResponse)
    def admin_page():
        if not allowed():
            return HTMLResponse('<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><p>只有街道管理员可以查看这一页。 <a href="/">返回首页</a></p></html>', status_code=403)
        body = env().get_template("admin.html.j2").render(standings=store.db.standings(), deleted=store.deleted(), drafts=store.list(""))
        return HTMLResponse(body)

    @app.post("/api/drafts/{draft_id}/undelete")
    def undelete(draft_id: str):
        if not allowed():
            return JSONResponse({"error": "只有街道管理员可以恢复删除的初稿。"}, status_code=403)
        try:
            record = store.undelete(draft_id)
        except KeyError:
            return JSONResponse({"error": "没有找到这份已删除的初稿（删除超过30天的已无法恢复）。"}, status_code=404)
        return {"id": record.id, "url": f"/d/{record.id}"}

"""The page on a real PostgreSQL with 2 uvicorn workers (any worker answers any request): people of
two communities draft at once, every draft is found whichever worker asks, saves from both workers
are versions in order, and the database password shows up in no page or log."""

from __future__ import annotations

import concurrent.futures
from pathlib import Path

import pytest
from accounts_support import NOTES, add_user, draft, login
from pg_server import PASSWORD as PG_PASSWORD
from pg_server import postgres  # noqa: F401
from serve_support import Server

pytestmark = pytest.mark.server


def _children(pid: int) -> int:
    count = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        count += fields[1] == str(pid)
    return count


@pytest.fixture(scope="module")
def pg_site(tmp_path_factory, postgres):  # noqa: F811
    work = tmp_path_factory.mktemp("serve-pg")
    url = postgres.new_database()
    for name, community in (("林芳", "东湖社区"), ("许强", "东湖社区"), ("高洁", "西岭社区")):
        done = add_user(work / "state", name, community, database=url)
        assert done.returncode == 0, done.stderr
    s = Server(work, "--database", url, "--workers", "2")
    yield s
    log = s.stop()
    assert PG_PASSWORD not in log


def test_two_workers_serve_the_same_drafts_from_postgresql(pg_site):
    assert _children(pg_site.proc.pid) >= 2  # uvicorn's two worker processes (its supervisor is the parent)
    people = [login(pg_site, n) for n in ("林芳", "许强", "高洁")]
    try:
        jobs = [(people[i % 3], NOTES.replace("迎宾路社区", ["东湖社区", "东湖社区", "西岭社区"][i % 3])) for i in range(6)]
        with concurrent.futures.ThreadPoolExecutor(6) as pool:
            results = list(pool.map(lambda job: draft(*job), jobs))
        assert all(r["status"] == "done" for r in results)
        east = {r["id"] for (c, _), r in zip(jobs, results) if c is not people[2]}
        for _ in range(6):  # asked several times: both workers answer alike
            listing = people[1].get("/").text
            assert all(f"/d/{i}" in listing for i in east)
            assert all(people[2].get(f"/api/drafts/{i}").status_code == 404 for i in east)
        draft_id = sorted(east)[0]
        text = people[0].get(f"/d/{draft_id}/download/md").text
        saves = [people[0].post(f"/api/drafts/{draft_id}/check", data={"text": text + f"\n补充{i}。\n"}) for i in range(4)]
        assert [s.json()["version"] for s in saves] == [2, 3, 4, 5]
        stale = people[1].post(f"/api/drafts/{draft_id}/check", data={"text": text, "base_version": "3"})
        assert stale.status_code == 409 and "补充3" in stale.json()["theirs"]
        for c in people:
            for url in ("/", f"/d/{draft_id}", "/corpus"):
                assert PG_PASSWORD not in c.get(url).text
    finally:
        for c in people:
            c.close()

"""The database under the page, on SQLite and on a real PostgreSQL (the same tests, parametrised):
migrations, accounts and login locking, sessions, draft visibility per community, versions with
optimistic concurrency, deletes kept for 30 days, and the import of drafts kept as files."""

from __future__ import annotations

import json
import threading
import time

import pytest
from pg_server import postgres  # noqa: F401

from drafter.database import SYSTEM, Principal, StaleVersion, open_database
from drafter.errors import ConfigError, InputError


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path):
    if request.param == "sqlite":
        database = open_database(None, tmp_path)
    else:
        database = open_database(request.getfixturevalue("postgres").new_database(), tmp_path)
    yield database
    database.close()


def _login(db, name):
    result = db.login(name, "correct horse 1")
    assert result.reason == "ok", result
    return result.principal


@pytest.fixture
def people(db):
    db.add_user("刘红", "清水湾社区", "correct horse 1")
    db.add_user("陈刚", "清水湾社区", "correct horse 1")
    db.add_user("赵敏", "杏林社区", "correct horse 1")
    db.add_user("周主任", "长安街道", "correct horse 1", admin=True)
    return {n: _login(db, n) for n in ("刘红", "陈刚", "赵敏", "周主任")}


def test_the_schema_is_migrated_once_and_reopening_changes_nothing(db, tmp_path):
    from sqlalchemy import inspect, text

    assert {"communities", "users", "sessions", "drafts", "versions", "alembic_version"} <= set(inspect(db.engine).get_table_names())
    db.add_user("孙丽", "桃源社区", "correct horse 1")
    again = open_database(db.url if db.kind == "postgresql" else None, tmp_path)
    assert [u.name for u in again.users()] == ["孙丽"]
    with again.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"
    again.close()


def test_passwords_are_hashed_and_logins_lock_after_repeated_failures(db):
    from sqlalchemy import text

    db.add_user("吴静", "桃源社区", "a long passphrase")
    with db.engine.connect() as conn:
        stored = conn.execute(text("SELECT password_hash FROM users")).scalar()
    assert stored.startswith("$argon2id$") and "a long passphrase" not in stored
    assert db.login("吴静", "wrong one!").reason == "bad"
    assert db.login("没有这个人", "a long passphrase").reason == "bad"
    for _ in range(4):
        last = db.login("吴静", "still wrong")
    assert last.reason == "locked" and last.locked_until > time.time() + 600
    assert db.login("吴静", "a long passphrase").reason == "locked"  # even the right password, while locked
    db.set_password("吴静", "a new passphrase")  # an admin's reset unlocks
    assert db.login("吴静", "a new passphrase").reason == "ok"


def test_bad_accounts_are_refused_with_one_clear_line(db):
    db.add_user("郑洁", "桃源社区", "correct horse 1")
    with pytest.raises(InputError, match="already exists"):
        db.add_user("郑洁", "杏林社区", "correct horse 1")
    with pytest.raises(InputError, match="too short"):
        db.add_user("王五", "杏林社区", "short")
    with pytest.raises(InputError, match="no user"):
        db.set_disabled("不存在")


def test_sessions_expire_and_end_when_the_account_is_disabled(db, people):
    token, expires = db.new_session(people["赵敏"])
    assert db.principal_of(token).name == "赵敏" and expires > time.time() + 3600
    assert db.principal_of(token + "x") is None and db.principal_of("") is None
    db.set_disabled("赵敏")
    assert db.principal_of(token) is None
    assert db.login("赵敏", "correct horse 1").reason == "disabled"


def test_a_community_sees_only_its_own_drafts_and_the_admin_sees_all(db, people):
    a = db.create_draft("a" * 16, people["刘红"], "", "offline", "notes.md", "## 一\n- 开展活动5场")
    b = db.create_draft("b" * 16, people["赵敏"], "", "offline", "notes.md", "## 一\n- 走访8户")
    assert db.get_draft(a.id, people["陈刚"]).community == "清水湾社区"  # a colleague of the same community
    assert db.get_draft(b.id, people["刘红"]) is None  # another community's id is like an id that does not exist
    assert [d.id for d in db.list_drafts(people["刘红"])] == [a.id]
    assert [d.id for d in db.list_drafts(people["赵敏"])] == [b.id]
    assert {d.id for d in db.list_drafts(people["周主任"])} == {a.id, b.id}
    standings = {s.community: s for s in db.standings()}
    assert standings["清水湾社区"].drafts == 1 and standings["杏林社区"].drafts == 1
    assert "长安街道" not in standings  # the admins' own 街道 is not a community that drafts


def test_every_save_is_a_version_and_a_stale_save_is_refused(db, people):
    d = db.create_draft("c" * 16, people["刘红"], "", "offline", "notes.md", "notes")
    assert db.add_version(d.id, "draft", "第一稿：开展活动5场", SYSTEM, ok=True) == 1
    assert db.add_version(d.id, "edit", "刘红改：开展活动6场", people["刘红"], base=1, ok=False) == 2
    with pytest.raises(StaleVersion) as stale:
        db.add_version(d.id, "edit", "陈刚改：开展活动7场", people["陈刚"], base=1)
    assert stale.value.current == 2
    versions = db.versions(d.id)
    assert [(v.number, v.author, v.text) for v in versions] == [(2, "刘红", "刘红改：开展活动6场"), (1, "", "第一稿：开展活动5场")]
    assert db.version_text(d.id) == "刘红改：开展活动6场" and db.version_text(d.id, 1) == "第一稿：开展活动5场"
    row = db.get_draft(d.id, people["陈刚"])
    assert row.version == 2 and row.updated_by == "刘红" and row.ok is False


def test_two_people_saving_at_once_one_wins_and_the_other_is_told(db, people):
    d = db.create_draft("d" * 16, people["刘红"], "", "offline", "notes.md", "notes")
    db.add_version(d.id, "draft", "v1", SYSTEM)
    outcomes = []
    barrier = threading.Barrier(8)

    def save(i):
        barrier.wait()
        try:
            outcomes.append(db.add_version(d.id, "edit", f"第{i}人的稿", people["陈刚"], base=1))
        except StaleVersion:
            outcomes.append("stale")

    threads = [threading.Thread(target=save, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes, key=str) == [2] + ["stale"] * 7
    assert len(db.versions(d.id)) == 2


def test_a_deleted_draft_is_kept_30_days_for_the_admin_then_purged(db, people):
    d = db.create_draft("e" * 16, people["刘红"], "", "offline", "notes.md", "notes")
    db.set_deleted(d.id, people["刘红"], True)
    assert db.get_draft(d.id, people["刘红"]) is None and db.list_drafts(people["刘红"]) == []
    assert [x.id for x in db.list_drafts(people["周主任"], deleted=True)] == [d.id]
    assert db.get_draft(d.id, people["赵敏"], deleted=True) is None  # another community cannot even see it deleted
    assert db.purge_deleted() == 0
    assert db.purge_deleted(now=time.time() + 31 * 24 * 3600) == 1
    assert db.list_drafts(people["周主任"], deleted=True) == []


def test_drafts_kept_as_files_by_the_old_page_are_imported_once(db, tmp_path):
    from drafter.database import import_disk_drafts

    root = tmp_path / "web" / "drafts"
    for i, status in enumerate(("done", "running")):
        d = root / f"{i:016x}"
        d.mkdir(parents=True)
        record = {"id": d.name, "owner": "cookie1", "created": 1700000000.0 + i, "model": "offline", "notes_name": "notes.md",
                  "status": status, "title": f"桃源社区工作总结{i}", "ok": True, "updated": 1700000100.0}  # fmt: skip
        (d / "record.json").write_text(json.dumps(record, ensure_ascii=False))
        (d / "notes.md").write_text("## 一\n- 开展活动5场\n")
        if status == "done":
            (d / "draft.md.bak").write_text("旧稿\n")
            (d / "draft.md").write_text("新稿\n")
    (root / "not-a-draft").mkdir()
    assert import_disk_drafts(db, root) == 2
    assert import_disk_drafts(db, root) == 0  # once only
    local = Principal("local")
    drafts = {d.title: d for d in db.list_drafts(local, "cookie1")}
    assert drafts["桃源社区工作总结0"].status == "done" and drafts["桃源社区工作总结1"].status == "interrupted"
    assert [v.text for v in db.versions("0" * 16)] == ["新稿\n", "旧稿\n"]
    assert db.get_draft("0" * 16, local).notes_text == "## 一\n- 开展活动5场\n"


def test_a_bad_database_url_is_one_line_without_its_password(tmp_path):
    with pytest.raises(ConfigError) as bad:
        open_database("postgresql://someone:hunter2secret@127.0.0.1:1/nothing", tmp_path)
    assert "hunter2secret" not in str(bad.value) and "***" in str(bad.value) and "\n" not in str(bad.value)
    with pytest.raises(ConfigError, match="give postgresql://"):
        open_database("mysql://x:y@h/db", tmp_path)


def test_the_migrations_build_exactly_the_models_schema(db):
    from sqlalchemy import inspect

    from drafter.database.models import models  # the schema's one definition, checked against the migrations

    found = inspect(db.engine)
    for table in models().Base.metadata.sorted_tables:
        assert {c["name"] for c in found.get_columns(table.name)} == {c.name for c in table.columns}, table.name


def test_someone_not_logged_in_sees_no_draft(db, people):
    d = db.create_draft("f" * 16, people["刘红"], "", "offline", "notes.md", "notes")
    nobody = Principal("anonymous")
    assert db.get_draft(d.id, nobody) is None and db.list_drafts(nobody) == [] and db.list_drafts(nobody, "") == []


def test_an_expired_session_opens_nothing(db, people):
    from sqlalchemy import text

    token, _ = db.new_session(people["陈刚"])
    assert db.principal_of(token).name == "陈刚"
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE sessions SET expires = :t"), {"t": time.time() - 1})
    assert db.principal_of(token) is None
    with db.engine.connect() as conn:
        assert token not in str(conn.execute(text("SELECT token_hash FROM sessions")).all())  # only its hash is kept

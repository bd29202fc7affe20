#!/usr/bin/env python3
"""The page as a 街道 service, under load: 30 logged-in people of 10 communities drafting offline at
once, then each editing their draft (a re-check, which is a new version), while one more person keeps
opening pages. Once on SQLite (1 worker) and once on PostgreSQL (2 workers; skipped where Debian's
postgresql is absent). Loopback only, bounded: 30 people, 1 draft and 1 edit each, 240 s at most.

Figures: drafts that succeeded (target: all), drafts and versions found afterwards (nothing lost),
and the latency of the page's other requests (list, status, versions, page loads) at the 50th and
95th percentile (target p95 < 1 s); the wall time of the whole burst.

    .venv/bin/python eval/bench_accounts.py [--people 30] [--only sqlite|postgresql] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # pg_server: the tests' own throwaway PostgreSQL
DRAFTER = Path(sys.executable).parent / "drafter"
NOTES = (ROOT / "examples" / "yingbinlu-2023-xuanchuan.md").read_text("utf-8")
PASSWORD = "bench-passphrase-1"
DEADLINE_S = 240.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1) if ordered else 0.0


def run(kind: str, people: int, tmp: Path, database: str | None, workers: int) -> dict:
    import httpx

    from drafter.database import open_database

    state = tmp / kind / "state"
    db = open_database(database, state)
    names = [f"社工{i:02d}" for i in range(people)]
    for i, name in enumerate(names):
        db.add_user(name, f"第{i % 10 + 1}社区", PASSWORD)
    env = {**os.environ, "DRAFTER_STATE_DIR": str(state), "DRAFTER_EMBEDDING": "hash", "ANONYMIZED_TELEMETRY": "False"}
    subprocess.run([str(DRAFTER), "index"], cwd=ROOT, env=env, check=True, capture_output=True)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    args = [str(DRAFTER), "serve", "--port", str(port), "--workers", str(workers)] + (["--database", database] if database else [])
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    other: list[float] = []
    lock = threading.Lock()
    outcomes: dict[str, dict] = {}
    stop = threading.Event()
    deadline = time.monotonic() + DEADLINE_S

    def timed(c, method: str, url: str, **kw):
        t0 = time.perf_counter()
        r = c.request(method, url, **kw)
        with lock:
            other.append(time.perf_counter() - t0)
        return r

    def person(i: int) -> None:
        name = names[i]
        result = {"drafted": False, "edited": False}
        try:
            with httpx.Client(base_url=base, timeout=60) as c:
                assert c.post("/login", data={"name": name, "password": PASSWORD}).status_code in (200, 303)
                r = c.post("/api/drafts", data={"notes": NOTES.replace("迎宾路社区", f"第{i % 10 + 1}社区")})
                draft_id = r.json()["id"]
                while time.monotonic() < deadline:
                    status = timed(c, "GET", f"/api/drafts/{draft_id}").json()
                    if status["status"] != "running":
                        break
                    time.sleep(0.2)
                result["drafted"] = status["status"] == "done"
                if not result["drafted"]:
                    result["error"] = f"{status['status']}: {status.get('error', '')}"[:200]
                text = c.get(f"/d/{draft_id}/download/md").text
                r = c.post(f"/api/drafts/{draft_id}/check", data={"text": text + f"\n{name}补充。\n", "base_version": "1"})
                result["edited"] = r.status_code == 200
                result["id"] = draft_id
        except Exception as exc:  # noqa: BLE001 - a failure is a figure here
            result["error"] = f"{type(exc).__name__}: {exc}"
        with lock:
            outcomes[name] = result

    def browser_like() -> None:
        with httpx.Client(base_url=base, timeout=60) as c:
            c.post("/login", data={"name": names[0], "password": PASSWORD})
            while not stop.is_set() and time.monotonic() < deadline:
                for url in ("/", "/corpus", "/static/page.js"):
                    timed(c, "GET", url)
                time.sleep(0.05)

    try:
        started = time.monotonic()
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() - started > 60:
                    raise SystemExit(f"drafter serve did not start: {proc.stderr.read()[-800:]}") from None
                time.sleep(0.05)
        t0 = time.perf_counter()
        prober = threading.Thread(target=browser_like)
        prober.start()
        threads = [threading.Thread(target=person, args=(i,)) for i in range(people)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        stop.set()
        prober.join()
        # nothing lost: every draft and both of its versions are in the database
        from drafter.database import SYSTEM

        found = db.list_drafts(SYSTEM)
        versions = sum(len(db.versions(d.id)) for d in found)
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
        db.close()
    errors = [o["error"] for o in outcomes.values() if "error" in o]
    if errors:
        print(f"{kind}: server log tail:\n{proc.stderr.read()[-3000:]}", file=sys.stderr)
    return {
        "database": kind, "workers": workers, "people": people,
        "drafted": sum(o["drafted"] for o in outcomes.values()), "edited": sum(o["edited"] for o in outcomes.values()),
        "drafts_found": len(found), "versions_found": versions, "errors": errors[:3],
        "other_requests": len(other), "other_p50_ms": _pct(other, 0.5), "other_p95_ms": _pct(other, 0.95),
        "other_worst_ms": round(max(other) * 1000, 1) if other else 0.0, "wall_s": round(wall, 2),
    }  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    people = max(1, min(args.people, 60))
    results: dict = {"people": people}
    with tempfile.TemporaryDirectory() as tmp:
        if args.only in (None, "sqlite"):
            results["sqlite"] = run("sqlite", people, Path(tmp), None, 1)
        if args.only in (None, "postgresql"):
            try:
                import pg_server

                if pg_server.BIN is None:
                    raise RuntimeError(pg_server.SKIP)
                pg = pg_server.Postgres()
            except BaseException as exc:  # pytest.skip raises a BaseException
                results["postgresql"] = {"skipped": str(exc)[:200]}
            else:
                try:
                    results["postgresql"] = run("postgresql", people, Path(tmp), pg.new_database(), 2)
                finally:
                    pg.stop()
    ok = all(r.get("skipped") or (r["drafted"] == r["people"] == r["drafts_found"] and r["versions_found"] == 2 * r["people"] and r["other_p95_ms"] < 1000)
             for k, r in results.items() if k != "people")  # fmt: skip
    results["targets_met"] = ok
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
        return 0 if ok else 1
    for k in ("sqlite", "postgresql"):
        r = results.get(k)
        if not r:
            continue
        if r.get("skipped"):
            print(f"{k}: skipped ({r['skipped']})")
            continue
        print(f"{k}, {r['workers']} worker(s): {r['drafted']}/{r['people']} drafts done, {r['edited']} edited; found afterwards "
              f"{r['drafts_found']} drafts, {r['versions_found']} versions (expected {2 * r['people']}); other requests: "
              f"{r['other_requests']}, p50 {r['other_p50_ms']} ms, p95 {r['other_p95_ms']} ms (target < 1000), worst {r['other_worst_ms']} ms; "
              f"burst {r['wall_s']} s" + (f"; errors: {r['errors']}" if r["errors"] else ""))  # fmt: skip
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

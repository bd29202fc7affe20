"""Retrieval benchmark: does the index find same-topic sections of OTHER summaries, and how fast is it?

Run:  .venv/bin/python eval/bench_retrieval.py [--corpus corpus] [--embedding hash --embedding e5] [--json]

Method (leave-one-out over the corpus's non-empty sections, the unit the index stores):
- Query: the section's heading (its numbering 一、/（一）/1、 removed) plus its first two sentences, with
  quantities removed: digit runs (with decimals, %, and a following measure word) and Chinese numeral
  runs followed by a measure word (十二支, 两次, 三百多人). A user's notes hold other numbers than any
  past summary, so retrieval must work on the words, not the figures.
- Candidates: every section of every OTHER document (search_examples(..., exclude_doc=own document)):
  retrieving the query's own section, or its neighbours in the same summary, would be trivially easy
  and useless for drafting, which wants how OTHER communities wrote about the same work.
- Relevance label: drafter.corpus.topics.topic_of(text, heading), the fixed keyword list of the genre's work
  areas (志愿服务, 理论学习, 环境整治, …) that the index also stores as metadata. A result is relevant
  when its topic equals the query section's topic. Sections labelled 其他 (no keyword) and sections
  whose topic occurs in no other document are skipped and counted.
- hit@3: share of queries with a relevant result among the top 3. MRR: mean of 1/rank of the first
  relevant result within the top 10 (0 when none). "random" is the expected hit@3 of a random
  ranking of the same candidates (a floor to compare against).

Speed: a full index build per embedding (indexing throughput in characters of embedded text per
second, embedding only and end to end; e5's one-off model load is included), the median of 3
re-index runs with nothing changed (in process via the manifest fast path; in process with every
record's hash compared through Chroma, as a Chroma server always is; and as a fresh `drafter index`
process, Python start-up included), and the median query time.
The openai embedding is measured only when OPENAI_API_KEY is set (never here: no network).

With --json one JSON object is printed on stdout (eval/run collects it); otherwise a table.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter.config import Settings  # noqa: E402
from drafter.corpus.index import build_index, search_examples  # noqa: E402
from drafter.corpus.store import list_documents  # noqa: E402
from drafter.corpus.topics import OTHER, topic_of  # noqa: E402

MEASURE = (
    "人次|余人|多人|平方米|公里|小时|万元|"
    "个|次|场|名|人|支|户|家|项|条|篇|期|批|处|件|节|元|年|月|日|号|天|吨|米|株|位|所|座|台|份|册|本|张|块|辆|起|类|种|轮|届|周|课|堂|遍|首|幅|间|栋|套|盏|部|组|队|点|万|亿"
)
_QUANTITY = re.compile(
    rf"[近约超逾达共]?(?:\d+(?:[.．,，]\d+)*\s*(?:[多余])?\s*(?:%|％|{MEASURE})?"
    rf"|[零〇一二两三四五六七八九十百千万亿]+[多余]?(?:{MEASURE}))(?:[多余]|以上|左右)?"
)
_NUMBERING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d+[、.．)）]|第[一二三四五六七八九十]+[部分章节条]?[、:：]?)\s*")
_SENTENCE = re.compile(r"(?<=[。！？!?；;])")
MRR_DEPTH = 10


def strip_quantities(text: str) -> str:
    return re.sub(r"\s+", " ", _QUANTITY.sub("", text)).strip()


def make_query(heading: str, text: str) -> str:
    sentences = [s.strip() for s in _SENTENCE.split(text.replace("\n", "")) if s.strip()]
    head = _NUMBERING.sub("", heading)
    return strip_quantities(" ".join([head, *sentences[:2]]))[:200]


@dataclass(frozen=True)
class Case:
    doc_id: str
    topic: str
    query: str
    relevant_elsewhere: int  # same-topic sections in other documents
    candidates: int  # sections in other documents


def make_cases(corpus: Path) -> tuple[list[Case], dict[str, int]]:
    docs = list_documents(corpus)
    rows = []  # (doc_id, topic, heading, text)
    for doc in docs:
        for s in doc.sections():
            if s.text.strip():
                rows.append((doc.id, topic_of(s.text.strip(), s.heading), s.heading, s.text.strip()))
    cases: list[Case] = []
    skipped = {"other_topic": 0, "no_other_document": 0}
    for doc_id, topic, heading, text in rows:
        if topic == OTHER:
            skipped["other_topic"] += 1
            continue
        elsewhere = [r for r in rows if r[0] != doc_id]
        relevant = sum(1 for r in elsewhere if r[1] == topic)
        if not relevant:
            skipped["no_other_document"] += 1
            continue
        cases.append(Case(doc_id, topic, make_query(heading, text), relevant, len(elsewhere)))
    stats = {"documents": len(docs), "sections": len(rows), **{f"skipped_{k}": v for k, v in skipped.items()}}
    return cases, stats


def random_hit_at_3(cases: list[Case]) -> float:
    """Expected hit@3 of a random ranking: 1 - C(N-m, 3) / C(N, 3) per query."""
    if not cases:
        return 0.0
    total = 0.0
    for c in cases:
        n, m, k = c.candidates, c.relevant_elsewhere, min(3, c.candidates)
        total += 1.0 - (math.comb(n - m, k) / math.comb(n, k) if n >= k else 0.0)
    return total / len(cases)


def bench_embedding(name: str, corpus: Path, cases: list[Case], work: Path) -> dict:
    state = work / name.replace(":", "_")
    settings = Settings(corpus_dir=corpus, state_dir=state, embedding=name)
    full = build_index(settings, rebuild=True)
    out: dict = {
        "index_seconds": round(full.seconds, 3),
        "sections_embedded": full.embedded,
        "characters": full.characters,
        "index_chars_per_s": round(full.characters / full.seconds) if full.seconds else None,
        "embed_chars_per_s": round(full.characters / full.embed_seconds) if full.embed_seconds else None,
    }
    again = []
    for _ in range(3):
        report = build_index(settings)
        assert report.embedded == 0, "a re-index with nothing changed embedded something"
        again.append(report.seconds)
    out["reindex_unchanged_s"] = round(statistics.median(again), 4)
    checked = []  # without the manifest: every record's sha compared through Chroma (as with a server)
    for _ in range(3):
        (state / "index-manifest.json").unlink(missing_ok=True)
        checked.append(build_index(settings).seconds)
    out["reindex_unchanged_checked_s"] = round(statistics.median(checked), 4)
    out["reindex_unchanged_cli_s"] = round(statistics.median(_cli_reindex(corpus, state, name) for _ in range(3)), 3)

    hits, rr, latencies = 0, 0.0, []
    for case in cases:
        t0 = time.perf_counter()
        found = search_examples(settings, case.query, k=MRR_DEPTH, exclude_doc=case.doc_id)
        latencies.append(time.perf_counter() - t0)
        ranks = [i for i, ex in enumerate(found, 1) if ex.topic == case.topic]
        hits += bool(ranks and ranks[0] <= 3)
        rr += 1.0 / ranks[0] if ranks else 0.0
    n = max(len(cases), 1)
    out.update({"hit@3": round(hits / n, 4), "mrr": round(rr / n, 4), "query_ms": round(1000 * statistics.median(latencies), 2) if latencies else None})
    return out


def _cli_reindex(corpus: Path, state: Path, name: str) -> float:
    drafter = Path(sys.executable).parent / "drafter"
    env = {**os.environ, "DRAFTER_STATE_DIR": str(state), "ANONYMIZED_TELEMETRY": "False"}
    t0 = time.perf_counter()
    done = subprocess.run([str(drafter), "index", "--embedding", name, "--corpus", str(corpus)], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if done.returncode != 0 or "embedded 0" not in done.stdout:
        raise SystemExit(f"drafter index failed: {done.stderr or done.stdout}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--embedding", action="append", help="hash, e5, openai[:MODEL] (repeatable; default hash, e5, openai)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

    if not args.corpus.is_dir() or not any(args.corpus.glob("*.md")):
        print(f"bench_retrieval: no corpus documents in {args.corpus}", file=sys.stderr)
        return 2
    cases, stats = make_cases(args.corpus)
    result: dict = {"corpus": str(args.corpus), **stats, "queries": len(cases), "random_hit@3": round(random_hit_at_3(cases), 4), "embeddings": {}}
    with tempfile.TemporaryDirectory(prefix="bench-retrieval-") as tmp:
        for name in args.embedding or ["hash", "e5", "openai"]:
            if name.startswith("openai") and not os.environ.get("OPENAI_API_KEY"):
                result["embeddings"][name] = {"skipped": "no OPENAI_API_KEY (offline)"}
                continue
            result["embeddings"][name] = bench_embedding(name, args.corpus, cases, Path(tmp))

    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(
        f"corpus {result['corpus']}: {stats['documents']} documents, {stats['sections']} sections, {len(cases)} queries "
        f"(skipped: {stats['skipped_other_topic']} topic 其他, {stats['skipped_no_other_document']} topic in no other document)"
    )
    print(f"random ranking: hit@3 {result['random_hit@3']:.3f}")
    header = f"{'embedding':<10} {'hit@3':>6} {'MRR':>6} {'index s':>8} {'embed chars/s':>14} {'index chars/s':>14} {'re-index s':>11} {'checked s':>10} {'re-index CLI s':>15} {'query ms':>9}"
    print(header)
    for name, r in result["embeddings"].items():
        if "skipped" in r:
            print(f"{name:<10} skipped: {r['skipped']}")
            continue
        print(
            f"{name:<10} {r['hit@3']:>6.3f} {r['mrr']:>6.3f} {r['index_seconds']:>8.2f} {r['embed_chars_per_s'] or 0:>14,} "
            f"{r['index_chars_per_s'] or 0:>14,} {r['reindex_unchanged_s']:>11.4f} {r['reindex_unchanged_checked_s']:>10.4f} {r['reindex_unchanged_cli_s']:>15.3f} {r['query_ms']:>9.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

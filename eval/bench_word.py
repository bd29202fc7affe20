"""Benchmark of Word drafts both ways (drafter.word).

1. check time: a Word draft of about ten pages (drafter's own 公文 output for 184 facts in 23 sections,
   then edited: a comment and tracked changes added) read and checked — `check_files` in process (read
   + check, median of 7) and `drafter check DRAFT.docx --json` as a process (median of 5). Pages are
   counted through LibreOffice when it is installed.
2. rewrite in place: `drafter rewrite DRAFT.docx --section 3` on that file; document.xml outside the
   section's paragraphs is compared with the original: the count of differing characters must be 0.

Run: .venv/bin/python eval/bench_word.py [--json]
Targets: check (read + check, in process) < 1 s; XML changed outside the section: 0.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DRAFTER = Path(sys.executable).parent / "drafter"
TARGETS = {"check_s": 1.0, "xml_changed_outside": 0}
TOPICS = ["党建引领", "平安建设", "为老服务", "环境整治", "文明创建", "就业帮扶", "儿童关爱", "文化活动", "志愿服务", "民生保障",
          "消防安全", "卫生健康", "物业管理", "矛盾调解", "统战工作", "禁毒宣传", "双拥工作", "妇女儿童", "残疾人服务", "网格治理",
          "垃圾分类", "退役军人服务", "青少年教育"]
FACTS = ["开展{t}专题活动{a}场", "服务居民{b}人次", "走访群众{c}户", "组建{t}队伍{d}支", "发放宣传资料{e}份",
         "整改问题{f}处", "召开{t}推进会{g}次", "投入资金{h}万元"]


def notes_text() -> str:
    lines = ["---", "community: 云杉路社区", "period: 2024年", "kind: 工作总结", "---"]
    for i, topic in enumerate(TOPICS):
        lines.append(f"## {topic}")
        nums = {"a": 3 + i, "b": 120 + 37 * i, "c": 15 + 4 * i, "d": 2 + i % 5, "e": 800 + 55 * i, "f": 9 + 3 * i, "g": 4 + i % 7,
                "h": 12 + 2 * i}
        lines += [f"- {f.format(t=topic, **nums)}" for f in FACTS]
    lines += ["## 下一步打算", "- 新建2个邻里中心"]
    return "\n".join(lines) + "\n"


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DRAFTER_", "OPENAI_"))}
    env["DRAFTER_STATE_DIR"] = str(cwd / ".drafter")
    return subprocess.run([str(DRAFTER), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def edit_in_word(path: Path) -> None:
    """A comment on the first body paragraph and a tracked insertion and deletion in the last section."""
    import docx
    from docx.oxml import parse_xml

    doc = docx.Document(str(path))
    paras = [p for p in doc.paragraphs if p.text.strip()]
    doc.add_comment(paras[2].runs[0], text="请再核实", author="审核人", initials="SH")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    paras[-4]._p.append(parse_xml(f'<w:del {w} w:id="801" w:author="审核人" w:date="2024-12-01T09:00:00Z"><w:r><w:delText>旧句。</w:delText></w:r></w:del>'))
    paras[-4]._p.append(parse_xml(f'<w:ins {w} w:id="802" w:author="审核人" w:date="2024-12-01T09:00:00Z"><w:r><w:t>新句。</w:t></w:r></w:ins>'))
    doc.save(str(path))


def pages(path: Path, work: Path) -> int | None:
    soffice = shutil.which("soffice")
    if not soffice or not shutil.which("pdfinfo"):
        return None
    subprocess.run([soffice, f"-env:UserInstallation={(work / 'lo').as_uri()}", "--headless", "--convert-to", "pdf", "--outdir", str(work),
                    str(path)], capture_output=True, timeout=300)
    pdf = work / (path.stem + ".pdf")
    if not pdf.exists():
        return None
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return next((int(line.split()[-1]) for line in info.splitlines() if line.startswith("Pages:")), None)


def main() -> None:
    from drafter.numbers import check_files
    from drafter.word import open_word_package, read_word_draft, word_layout

    with tempfile.TemporaryDirectory(prefix="bench-word-") as tmp:
        work = Path(tmp)
        (work / "notes.md").write_text(notes_text(), encoding="utf-8")
        drafted = run(["draft", "notes.md", "-o", "总结.docx", "--no-examples", "-q"], work)
        if drafted.returncode != 0:
            raise SystemExit(f"bench_word: drafting failed: {drafted.stderr.strip()}")
        draft = work / "总结.docx"
        edit_in_word(draft)
        chars = len(read_word_draft(draft).text)
        n_pages = pages(draft, work)
        times = []
        for _ in range(7):
            t0 = time.perf_counter()
            report = check_files(draft, work / "notes.md")
            times.append(time.perf_counter() - t0)
        walls = []
        for _ in range(5):
            t0 = time.perf_counter()
            cli = run(["check", "总结.docx", "--json"], work)
            walls.append(time.perf_counter() - t0)
        cli_ok = cli.returncode == 0 and json.loads(cli.stdout)["ok"]

        parts = open_word_package(draft)
        layout = word_layout(parts["word/document.xml"], parts, draft)
        body = layout.sections[2].body
        start, end = layout.spans[body[0]][0], layout.spans[body[-1]][1]
        before = layout.xml
        t0 = time.perf_counter()
        rewrote = run(["rewrite", "总结.docx", "--section", "3", "-q"], work)
        rewrite_s = time.perf_counter() - t0
        after = zipfile.ZipFile(draft).read("word/document.xml").decode("utf-8")
        tail = len(before) - end
        head_after, tail_after = after[:start], after[max(start, len(after) - tail) :]
        outside_changed = sum(a != b for a, b in zip(before[:start], head_after)) + sum(a != b for a, b in zip(before[end:], tail_after))
        outside_changed += abs(len(tail_after) - tail)
        result = {
            "draft_chars": chars,
            "draft_pages": n_pages,
            "quantities": len(report.quantities),
            "check_ok": report.ok,
            "check_s": round(statistics.median(times), 4),
            "cli_check_wall_s": round(statistics.median(walls), 3),
            "cli_check_ok": cli_ok,
            "rewrite_ok": rewrote.returncode == 0,
            "rewrite_wall_s": round(rewrite_s, 2),
            "section_paragraphs_replaced": len(body),
            "xml_changed_outside": outside_changed,
            "xml_chars": len(before),
            "targets": TARGETS,
        }
    if "--json" in sys.argv[1:]:
        print(json.dumps(result, ensure_ascii=False))
        return
    print(f"Word draft: {result['draft_chars']} characters, {result['draft_pages'] or '?'} pages, {result['quantities']} quantities, check ok: {result['check_ok']}")
    print(f"check (read + check, in process, median of 7): {result['check_s']:.3f} s   target < {TARGETS['check_s']} s")
    print(f"`drafter check DRAFT.docx` process wall time (median of 5): {result['cli_check_wall_s']:.3f} s, ok: {result['cli_check_ok']}")
    print(f"rewrite section 3 inside the file: ok {result['rewrite_ok']}, {result['rewrite_wall_s']} s, {result['section_paragraphs_replaced']} paragraphs replaced")
    print(f"document.xml characters changed outside the section: {result['xml_changed_outside']} of {result['xml_chars']}   target 0")


if __name__ == "__main__":
    main()

"""The `drafter eval --html` page: self-contained, in Chinese, charts as inline SVG, every number marked
with its proof the way the page marks it (the shared templates); and, where Chromium is installed,
rendered headless to a DOM and a screenshot."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from drafter.config import Settings
from drafter.reports.evaluate import evaluate_pairs, find_pairs
from drafter.reports.html import Span, bar_chart, render_report
from drafter.reports.templating import template_environment
from drafter.reports.view import split_pieces

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "eval" / "cases" / "01-jiulong-xuanchuan"
CHROMIUM = Path("/usr/bin/chromium")
CHANGED = ("有志愿者300多人", "有志愿者320多人")


def _changed_case(tmp_path: Path) -> Path:
    """Two cases: the reference of case 01, and the same draft with one number changed."""
    cases = tmp_path / "cases"
    shutil.copytree(CASE, cases / "a-reference")
    shutil.copytree(CASE, cases / "b-changed")
    draft = cases / "b-changed" / "draft.md"
    text = draft.read_text(encoding="utf-8")
    assert CHANGED[0] in text
    draft.write_text(text.replace(*CHANGED) + "\n[TODO] 20xx年补充\n", encoding="utf-8")
    return cases


def _page(tmp_path: Path) -> tuple[str, object]:
    result = evaluate_pairs(find_pairs([], [_changed_case(tmp_path)]), Settings(corpus_dir=ROOT / "corpus", state_dir=tmp_path / ".d"), style=False)
    return render_report(result), result


_UNSUPPORTED = r'<mark class="q unsupported" data-testid="quantity" data-status="unsupported" data-fact="" title="无据：[^"]*" tabindex="0">320多人</mark>'


def test_the_changed_number_is_marked_in_place_and_the_missing_fact_listed(tmp_path):
    page, result = _page(tmp_path)
    reference, changed = result.drafts
    assert reference.recall == 1.0 and changed.recall < 1.0 and changed.unsupported == 1
    assert re.search(_UNSUPPORTED, page)
    assert re.search(r'<li><code>300多人</code> \[f\d+\] 志愿者协会', page)  # the missing fact
    assert re.search(r'<mark class="placeholder" data-testid="placeholder" title="[^"]*">20xx年</mark>', page)
    assert 'id="draft-2"' in page and page.count('class="badge fail"') == 2  # the scraped reference lacks a closing


def test_every_proven_number_carries_its_fact(tmp_path):
    page, result = _page(tmp_path)
    reference = result.drafts[0]
    marks = [q for q in reference.report.quantities if q.status == "ok" and q.fact_id]
    assert marks
    first = marks[0]
    fact = reference.notes.fact(first.fact_id)
    assert re.search(rf'data-status="ok" data-fact="{first.fact_id}" title="有据：\[{first.fact_id}\] {re.escape(fact.text)}"', page)
    assert page.count('data-testid="quantity"') >= len(reference.report.quantities) + len(result.drafts[1].report.quantities)


def test_the_report_speaks_chinese(tmp_path):
    page, _ = _page(tmp_path)
    for words in ("初稿评估报告", "召回率", "未通过", "各项指标", "材料中有、初稿里没写对的数字", "占位符"):
        assert words in page
    for english in ("Recall", "Unsupported quantities", "Missing from the draft", "Each draft"):
        assert english not in page


def test_the_page_is_self_contained(tmp_path):
    page, _ = _page(tmp_path)
    assert page.count("<svg") == 8  # one chart per measure
    for needle in ("<script", "<link", "src=", "@import", "url(", "cdn"):
        assert needle not in page.lower()
    assert not re.search(r'href="(?!#)', page)  # only in-page anchors
    assert set(re.findall(r"https?://[^\s\"']+", page)) == {"http://www.w3.org/2000/svg"}  # the SVG namespace, not a fetch


def _marked(text: str, spans) -> str:
    macros = template_environment().get_template("draft.html.j2").module
    return str(macros.pieces(split_pieces(text, spans)))


def test_text_from_the_draft_is_escaped():
    spans = [Span(0, 6, "quantity", 'a "quoted" <note>', "unsupported")]
    html = _marked("<b>12支</b> & 更多<img src=x onerror=alert(1)>", spans)
    assert html.startswith('<mark class="q unsupported" data-testid="quantity" data-status="unsupported" data-fact="" title="a &#34;quoted&#34; &lt;note&gt;" tabindex="0">&lt;b&gt;12支</mark>')
    assert "&lt;/b&gt; &amp; 更多&lt;img src=x onerror=alert(1)&gt;" in html and "<img" not in html


def test_overlapping_marks_are_split_so_tags_nest():
    text = "甲乙丙丁戊己"
    html = _marked(text, [Span(1, 4, "copied", "c"), Span(3, 5, "quantity", "u", "unsupported")])
    assert re.sub(r"<[^>]+>", "", html) == text
    assert html.count("<span") == html.count("</span>") == 2 and html.count("<mark") == html.count("</mark>") == 2
    assert '<span class="copied" title="c"><mark class="q unsupported" data-testid="quantity" data-status="unsupported" data-fact="" title="u" tabindex="0">丁</mark></span>' in html


def test_bar_chart_draws_a_bar_per_row_and_the_limit():
    svg = bar_chart("Recall", [("a", 1.0, "1.00"), ("b", 0.5, "0.50"), ("c", None, "n/a")], limit=1.0, unit_max=1.0)
    assert svg.count('<rect x="170" y="') == 2 + 3  # two value bars over three background bars
    assert "#c62828" in svg and "#2e7d32" in svg and "stroke-dasharray" in svg and ">无<" in svg


# -- rendered in a real browser -----------------------------------------------------------------

_CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-default-apps",
]  # fmt: skip

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs /usr/bin/chromium: install it with 'apt-get update && apt-get install -y chromium' (.ci/run does)"
)


def _png_facts(data: bytes) -> tuple[int, int, int, int]:
    """(width, height, distinct byte values, distinct scanlines) of a PNG, read with the stdlib."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, channels = 8, b"", 0, 0, 4
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, _, colour = struct.unpack(">IIBB", body[:10])
            channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour, 1)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = 1 + width * channels
    rows = {raw[i : i + stride] for i in range(0, len(raw), stride)}
    return width, height, len(set(raw)), len(rows)


@needs_chromium
def test_chromium_renders_the_marks_and_charts(tmp_path):
    cases = _changed_case(tmp_path)
    report = tmp_path / "report.html"
    from typer.testing import CliRunner

    from drafter.cli import app

    result = CliRunner().invoke(app, ["eval", str(cases), "--no-style", "--corpus", str(ROOT / "corpus"), "--html", str(report)])
    assert result.exit_code == 1, result.stdout + result.stderr  # the changed draft fails
    url = report.resolve().as_uri()

    dom = subprocess.run([str(CHROMIUM), *_CHROMIUM_FLAGS, "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-500:]
    assert re.search(_UNSUPPORTED, dom.stdout)
    assert dom.stdout.count("<svg") == 8 and "<rect" in dom.stdout
    assert "b-changed" in dom.stdout and "未达标：召回率" in dom.stdout

    shot = tmp_path / "out.png"
    run = subprocess.run(
        [str(CHROMIUM), *_CHROMIUM_FLAGS, f"--screenshot={shot}", "--window-size=1280,2000", url],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert run.returncode == 0 and shot.is_file(), run.stderr[-500:]
    data = shot.read_bytes()
    width, height, byte_values, rows = _png_facts(data)
    assert (width, height) == (1280, 2000)
    assert len(data) > 30_000  # a blank page compresses to a few KB
    assert byte_values > 50 and rows > 200  # not one colour: text, table and bars


def test_a_misbound_number_says_what_the_notes_say_instead():
    """The bound-numbers check adds status "misbound" and report.misbound items; the view reads them
    whether they are dataclasses or dicts, and works without them."""
    from types import SimpleNamespace

    from drafter.notes import parse_notes
    from drafter.reports.view import draft_view

    text = "# 总结\n\n## 一、党建\n\n党员5名，其中支委成员41名。\n"
    notes = parse_notes("## 党建\n- 党员41名，其中支委成员5名\n")
    start = text.index("5名")
    marks = [
        SimpleNamespace(quantity="5名", start=start, end=start + 2, line=5, status="misbound", fact_id="f1"),
        SimpleNamespace(quantity="41名", start=text.index("41名"), end=text.index("41名") + 3, line=5, status="misbound", fact_id="f1"),
    ]
    misbound = [
        {"quantity": "5名", "context": "党员5名", "line": 5, "said_of": "党员", "fact_id": "f1", "fact": "党员41名，其中支委成员5名", "expected": "41名"},
        {"quantity": "41名", "context": "支委成员41名", "line": 5, "said_of": "支委成员", "fact_id": "f1", "fact": "党员41名，其中支委成员5名", "expected": "5名"},
    ]
    report = SimpleNamespace(ok=True, missing=[], unsupported=[], placeholders=[], derived=[], quantities=marks, misbound=misbound)
    view = draft_view(text, report, notes)
    assert not view.ok and view.status_text == "未通过：2个数字错位"
    pieces = [p for b in view.sections[0].paragraphs for p in b.pieces if p.quantity]
    assert [p.quantity.status for p in pieces] == ["misbound", "misbound"]
    assert pieces[0].quantity.note == "错位：这里说的是“党员”，材料原文是 [f1] 党员41名，其中支委成员5名"
    html = str(template_environment().get_template("draft.html.j2").module.problems(view))
    assert "数字对、说的事不对（2）" in html
    # before the bound-numbers check: no misbound attribute at all
    del report.misbound
    assert draft_view(text, report, notes).ok

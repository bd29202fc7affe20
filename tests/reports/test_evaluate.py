"""drafter.reports.evaluate: the measures (table-driven), pair discovery, thresholds, and the eval cases."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from drafter.config import Settings
from drafter.errors import ConfigError, InputError
from drafter.notes.parse import parse_notes
from drafter.reports.evaluate import (
    Pair,
    Thresholds,
    check_structure,
    evaluate_pairs,
    fact_coverage,
    find_pairs,
    load_thresholds,
    longest_shared_run,
    repetition,
    text_length,
)

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "eval" / "cases"
CASE_DIRS = sorted(p for p in CASES.iterdir() if (p / "draft.md").is_file())

GOOD = """# 迎宾路社区2023年宣传思想文化工作总结

2023年，迎宾路社区坚持以习近平新时代中国特色社会主义思想为指导，扎实开展宣传思想文化工作，现将有关情况总结如下。

## 一、强化理论学习

全年安排学习课程20节，其中自学课程5节、集中学习15节。

## 二、壮大志愿服务

志愿者队伍从40多人壮大到200多人。

## 三、存在的不足和下一步打算

宣传信息报送仍有差距，年轻居民参与不足。下一步，我们将加强信息员队伍建设。
"""

NOTES = """---
community: 迎宾路社区
period: 2023年
kind: 宣传思想文化工作总结
---
## 理论学习
- 全年安排学习课程20节，其中自学课程5节、集中学习15节
## 志愿服务
- 志愿者队伍从40多人壮大到200多人
## 存在的不足
- 宣传信息报送仍有差距，年轻居民参与不足
## 下一步打算
- 加强信息员队伍建设
"""


def _settings(tmp_path: Path, corpus: Path | None = None) -> Settings:
    return Settings(corpus_dir=corpus or tmp_path / "no-corpus", state_dir=tmp_path / ".drafter")


def _pair(tmp_path: Path, draft: str, notes: str = NOTES, name: str = "case") -> Pair:
    d, n = tmp_path / f"{name}.draft.md", tmp_path / f"{name}.notes.md"
    d.write_text(draft, encoding="utf-8")
    n.write_text(notes, encoding="utf-8")
    return Pair(d, n, name=name)


# -- structure ------------------------------------------------------------------------------------

_STRUCTURE_CASES = {
    "good": (GOOD, []),
    "numbers out of order": (GOOD.replace("## 二、", "## 四、"), ["sections are not numbered 一、二、三… in order"]),
    "no closing": (GOOD.split("## 三、")[0], ["no closing on shortcomings (不足/问题)", "no closing on next steps (下一步/打算)"]),
    "unnumbered closing heading": (GOOD.replace("## 三、存在的不足和下一步打算", "## 存在的不足和下一步打算"), []),
    "no opening": (GOOD.replace(GOOD.split("\n\n")[1] + "\n\n", ""), ["no opening paragraph before the first section"]),
    "bold leftover": (GOOD.replace("志愿者队伍", "**志愿者队伍**"), ["leftover markup: **"]),
    "br and TODO": (GOOD.replace("。\n\n## 二", "。<br>[TODO]\n\n## 二"), ["leftover markup: <br>, [TODO]"]),
    "code fence": ("```markdown\n" + GOOD + "```\n", ["leftover markup: ```"]),
}


@pytest.mark.parametrize("text,problems", _STRUCTURE_CASES.values(), ids=_STRUCTURE_CASES.keys())
def test_structure(text, problems):
    structure = check_structure(text)
    assert structure.problems() == problems
    assert structure.ok is (not problems)


def test_structure_of_plain_text():
    plain = "\n".join(line.lstrip("# ") for line in GOOD.split("\n"))
    s = check_structure(plain)
    assert (s.title, s.opening, s.sections, s.numbering, s.shortcomings, s.next_steps) == (True, True, 3, True, True, True)


# -- length, repetition, coverage ------------------------------------------------------------------


def test_length_ignores_layout():
    assert text_length("# 标题\n\n## 一、正文 **加粗**\n") == len("标题一、正文加粗")


@pytest.mark.parametrize(
    "text,low,high",
    [("社区志愿服务活动丰富多彩", 0.0, 0.0), ("学习学习学习学习学习学习", 0.7, 1.0), ("", 0.0, 0.0)],
    ids=["distinct", "one phrase again and again", "empty"],
)
def test_repetition(text, low, high):
    assert low <= repetition(text) <= high


def test_fact_coverage_counts_content_words_not_numbers():
    notes = parse_notes("## 志愿\n- 组建志愿者队伍12支，志愿者300多人\n- 开展反诈宣传进楼栋活动8场\n")
    draft = "社区组建志愿者队伍十二支，现有志愿者三百多人。"
    share, uncovered = fact_coverage(draft, notes.facts)
    assert share == 0.5
    assert [f.id for f in uncovered] == ["f2"]


# -- copying --------------------------------------------------------------------------------------


def test_longest_shared_run_finds_the_copied_passage_across_layout():
    copied = "社区指定专门的信息员，负责落实信息报送责任"
    draft = f"# 标题\n\n开头。{copied[:10]}\n{copied[10:]}。其余文字"
    length, doc, span = longest_shared_run(draft, {"a": "无关的文字", "b": f"前文{copied}后文"})
    assert (length, doc) == (len(copied), "b")
    assert draft[span[0] : span[1]].replace("\n", "") == copied


def test_longest_shared_run_agrees_with_brute_force():
    rng = random.Random(7)
    for _ in range(60):
        a = "".join(rng.choice("甲乙丙丁") for _ in range(rng.randint(1, 40)))
        b = "".join(rng.choice("甲乙丙丁") for _ in range(rng.randint(1, 40)))
        brute = max((j - i for i in range(len(a)) for j in range(i + 1, len(a) + 1) if a[i:j] in b), default=0)
        assert longest_shared_run(a, {"x": b})[0] == brute


def test_no_corpus_means_no_copying():
    assert longest_shared_run("文字", {}) == (0, None, None)


# -- pairs and thresholds -------------------------------------------------------------------------


def test_find_pairs_in_case_folders_flat_files_and_sidecars(tmp_path):
    (tmp_path / "cases" / "a").mkdir(parents=True)
    (tmp_path / "cases" / "a" / "draft.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "cases" / "a" / "notes.md").write_text(NOTES, encoding="utf-8")
    (tmp_path / "cases" / "a" / "case.json").write_text('{"corpus_id": "seed002-1"}', encoding="utf-8")
    (tmp_path / "cases" / "b.draft.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "cases" / "b.notes.yaml").write_text("sections:\n- title: 学习\n  facts: [课程20节]\n", encoding="utf-8")
    (tmp_path / "side.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "side.json").write_text(json.dumps({"facts": "cases/a/notes.md"}), encoding="utf-8")

    pairs = find_pairs([(tmp_path / "x.md", tmp_path / "y.md")], [tmp_path / "cases", tmp_path / "side.md"])
    assert [(p.name, p.exclude_doc) for p in pairs] == [("x", None), ("a", "seed002-1"), ("b", None), ("side", None)]
    assert pairs[2].facts.name == "b.notes.yaml"
    assert pairs[3].facts == tmp_path / "cases/a/notes.md"


def _write(path: Path, text: str = "x") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    "files,arg,message",
    [
        ({}, None, "nothing to evaluate"),
        ({"draft.md": "x"}, "draft.md", "no sidecar draft.json"),
        ({"draft.md": "x", "draft.json": "{"}, "draft.md", "sidecar is not valid JSON"),
        ({"draft.md": "x", "draft.json": "{}"}, "draft.md", "no 'facts' path"),
        ({"c/draft.md": "x"}, ".", "no notes beside it"),
        ({"d.draft.md": "x"}, ".", "no notes beside it"),
        ({"sub/other.txt": "x"}, "sub", "no drafts found in"),
        ({}, "missing.md", "not found"),
    ],
    ids=["nothing", "no sidecar", "bad sidecar", "sidecar without facts", "case without notes", "flat without notes", "empty dir", "missing"],
)
def test_find_pairs_bad_input(tmp_path, files, arg, message):
    for name, text in files.items():
        _write(tmp_path / name, text)
    with pytest.raises(InputError, match=message):
        find_pairs([], [] if arg is None else [tmp_path / arg])


def test_thresholds_from_the_eval_table(tmp_path):
    (tmp_path / "drafter.toml").write_text("[drafter]\nmodel = 'offline'\n\n[eval]\nmax_copying = 80\nstructure = false\n", encoding="utf-8")
    t = load_thresholds(tmp_path)
    assert (t.max_copying, t.structure, t.min_recall) == (80, False, 1.0)
    (tmp_path / "drafter.toml").write_text("[eval]\nmax_copy = 80\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown \\[eval\\] setting 'max_copy'"):
        load_thresholds(tmp_path)
    (tmp_path / "drafter.toml").write_text("[eval]\nmin_recall = 'high'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="min_recall must be a number"):
        load_thresholds(tmp_path)


# -- whole drafts ---------------------------------------------------------------------------------


def test_a_good_draft_passes(tmp_path):
    result = evaluate_pairs([_pair(tmp_path, GOOD)], _settings(tmp_path), style=False)
    d = result.drafts[0]
    assert (d.recall, d.unsupported, d.placeholders, d.coverage, d.structure.ok, d.passed) == (1.0, 0, 0, 1.0, True, True)
    assert result.passed and d.problems == []


def test_a_changed_number_scores_lower_and_fails(tmp_path):
    result = evaluate_pairs([_pair(tmp_path, GOOD.replace("200多人", "260多人"))], _settings(tmp_path), style=False)
    d = result.drafts[0]
    assert d.recall < 1.0 and d.unsupported == 1 and not d.passed
    u = d.report.unsupported[0]
    assert d.text[u.start : u.end] == "260多人"
    assert any("260多人" in p for p in d.problems) and any("missing 200多人" in p for p in d.problems)


def test_length_target_and_thresholds(tmp_path):
    pair = _pair(tmp_path, GOOD)
    short = evaluate_pairs([pair], _settings(tmp_path), length_target=1000, style=False).drafts[0]
    assert short.length_ratio == pytest.approx(short.length / 1000)
    assert not short.passed and "length" in short.problems[-1]
    lax = evaluate_pairs([pair], _settings(tmp_path), thresholds=Thresholds(length_tolerance=0.9), length_target=1000, style=False)
    assert lax.passed
    with pytest.raises(InputError, match="--length"):
        evaluate_pairs([pair], _settings(tmp_path), length_target=0)


def test_copying_is_judged_against_the_corpus_and_the_source_is_left_out(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = GOOD.split("\n\n")[1]
    (corpus / "old-1.md").write_text(f"---\nid: old-1\ntitle: 旧总结\n---\n# 旧总结\n\n{body}\n", encoding="utf-8")
    pair = _pair(tmp_path, GOOD)
    d = evaluate_pairs([pair], _settings(tmp_path, corpus), style=False).drafts[0]
    assert d.copying >= len(body) and d.copied_from == "old-1" and not d.passed
    own = Pair(pair.draft, pair.facts, exclude_doc="old-1")
    assert evaluate_pairs([own], _settings(tmp_path, corpus), style=False).drafts[0].copying < 20


def test_style_is_null_without_an_index_and_says_so_once(tmp_path):
    pairs = [_pair(tmp_path, GOOD, name="a"), _pair(tmp_path, GOOD, name="b")]
    result = evaluate_pairs(pairs, _settings(tmp_path))
    assert [d.style for d in result.drafts] == [None, None]
    style_notes = [n for n in result.notices if n.startswith("style is null")]
    assert len(style_notes) == 1 and "drafter index" in style_notes[0]
    assert result.to_json()["drafts"][0]["style"] is None


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_reference_drafts_of_the_eval_cases_keep_every_number(case):
    corpus = ROOT / "corpus"
    pair = find_pairs([], [case.parent])[CASE_DIRS.index(case)]
    d = evaluate_pairs([pair], Settings(corpus_dir=corpus, state_dir=case / ".none"), style=False).drafts[0]
    assert d.recall == 1.0, d.report.missing
    assert d.unsupported == 0, d.report.unsupported
    assert d.report.stats.fact_quantities + d.report.stats.fact_names > 0 or case.name.startswith("11-")


def test_there_are_at_least_ten_cases_each_with_its_corpus_source():
    assert len(CASE_DIRS) >= 10
    for case in CASE_DIRS:
        meta = json.loads((case / "case.json").read_text(encoding="utf-8"))
        assert (ROOT / meta["source"]).is_file(), meta

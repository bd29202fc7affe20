"""`drafter corpus add/list/show/remove` on real files in temp dirs: what the user sees, and the stored corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli import app
from drafter.corpus.ingest import add_paths
from drafter.corpus.store import list_documents, load_document

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"
SEED_IDS = [
    "seed000-1",
    *(f"seed001-{n}" for n in range(1, 6)),
    "seed002-1",
    *(f"seed003-{n}" for n in range(1, 7)),
    "seed004-1",
]

SUMMARY = """社区2023年志愿服务工作总结

2023年，幸福里社区坚持党建引领，扎实推进志愿服务工作，现将有关情况总结如下：

一、队伍建设
1、组建队伍。全年组建志愿者队伍12支，志愿者300多人。
2、培训骨干。开展志愿者培训6次，培训骨干80人次。

二、下一步打算
继续扩大志愿者队伍，完善积分激励机制。
"""

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def snapshot(corpus: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(corpus.glob("*"))} if corpus.exists() else {}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("corpus")
    add_paths(sorted(SEEDS.glob("*.txt")), corpus)
    return corpus


@pytest.fixture
def corpus(tmp_path, seeded) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(seeded, target)
    return target


def test_adding_the_seeds_stores_every_summary(tmp_path):
    corpus = tmp_path / "corpus"
    result = run("corpus", "add", *map(str, sorted(SEEDS.glob("*.txt"))), "--corpus", str(corpus))
    assert result.exit_code == 0, result.stderr
    assert "14 added, 0 skipped" in result.stdout
    assert sorted(p.stem for p in corpus.glob("*.md")) == SEED_IDS
    doc = load_document(corpus, "seed001-2")
    assert doc.title == "创建文明城市活动总结（篇2）"
    assert doc.source == "tests/data/seeds/001_8a465f19796e25c7.txt"
    assert (doc.kind, doc.year) == ("文明创建工作总结", 2023)
    assert doc.outline[0] == "一、加强组织领导，明确分工负责"
    assert len(doc.sha256) == 64


def test_adding_the_seeds_again_reports_duplicates_and_changes_nothing(corpus):
    before = snapshot(corpus)
    result = run("corpus", "add", str(SEEDS), "--corpus", str(corpus))
    assert result.exit_code == 0, result.stderr
    assert "0 added, 14 skipped as duplicates" in result.stdout
    assert "duplicate of seed003-6" in result.stdout
    assert snapshot(corpus) == before


def test_stored_documents_section_as_the_index_expects(seeded):
    doc = next(d for d in list_documents(seeded) if d.id == "seed004-1")
    sections = doc.sections()
    assert sections[0].level == 0 and sections[0].text.startswith("近年来，我社区党总支")
    second = sections[2]
    assert second.heading == '（一）"党建+思想政治"，统一思想聚合力'
    assert second.level == 2
    assert second.heading_path[0] == '一、坚持党建赋能，在政治引领中奏响基层治理"最强音"'
    assert second.text.startswith("一方面，健全")
    deep = next(d for d in list_documents(seeded) if d.id == "seed001-2").sections()
    assert any(s.level == 3 and s.heading == "⑴是整治占道经营" for s in deep)


def test_near_duplicate_is_skipped_and_names_the_stored_document(corpus, tmp_path):
    text = (SEEDS / "002_25f531e775efee71.txt").read_text(encoding="utf-8")
    edited = tmp_path / "edited.txt"
    edited.write_text(text.replace("12支志愿者队伍", "13支志愿者队伍").replace("近1000名", "近1200名"), encoding="utf-8")
    before = snapshot(corpus)
    result = run("corpus", "add", str(edited), "--corpus", str(corpus))
    assert result.exit_code == 0, result.stderr
    assert "near-duplicate" in result.stdout and "seed002-1" in result.stdout
    assert snapshot(corpus) == before


def test_duplicates_within_one_batch_are_added_once(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.md"
    a.write_text(SUMMARY, encoding="utf-8")
    b.write_text(SUMMARY.replace("\n", "\n\n"), encoding="utf-8")
    corpus = tmp_path / "corpus"
    result = run("corpus", "add", str(a), str(b), "--corpus", str(corpus))
    assert result.exit_code == 0, result.stderr
    assert "1 added, 1 skipped" in result.stdout
    (doc,) = list_documents(corpus)
    assert f"duplicate of {doc.id}" in result.stdout
    assert doc.id.startswith("a-") and doc.id.endswith("-1")
    assert doc.year == 2023 and doc.kind == "志愿服务工作总结"
    assert doc.outline == ["一、队伍建设", "二、下一步打算"]


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-8-sig"])
def test_inputs_in_chinese_encodings(tmp_path, encoding):
    path = tmp_path / f"总结-{encoding}.txt"
    path.write_bytes(SUMMARY.encode(encoding))
    corpus = tmp_path / "corpus"
    result = run("corpus", "add", str(path), "--corpus", str(corpus))
    assert result.exit_code == 0, result.stderr
    (doc,) = list_documents(corpus)
    assert "### 1、组建队伍" in doc.body
    assert "全年组建志愿者队伍12支，志愿者300多人。" in doc.body
    assert doc.id.isascii()


def test_docx_input(tmp_path):
    from docx import Document

    document = Document()
    for line in SUMMARY.splitlines():
        document.add_paragraph(line)
    path = tmp_path / "总结.docx"
    document.save(str(path))
    corpus = tmp_path / "corpus"
    result = run("corpus", "add", str(path), "--corpus", str(corpus))
    assert result.exit_code == 0, result.stderr
    (doc,) = list_documents(corpus)
    assert doc.title == "社区2023年志愿服务工作总结"
    assert "## 一、队伍建设" in doc.body


def test_list_show_remove(corpus):
    listed = run("corpus", "list", "--corpus", str(corpus))
    assert listed.exit_code == 0
    for doc_id in SEED_IDS:
        assert doc_id in listed.stdout
    assert "思想政治工作报告" in listed.stdout

    shown = run("corpus", "show", "seed002-1", "--corpus", str(corpus))
    assert shown.exit_code == 0
    assert "# 宣传思想文化工作总结2020" in shown.stdout
    assert "### 1、理论学习" in shown.stdout

    removed = run("corpus", "remove", "seed002-1", "--corpus", str(corpus))
    assert removed.exit_code == 0
    assert "removed" in removed.stdout and "seed002-1" in removed.stdout
    assert not (corpus / "seed002-1.md").exists()
    assert "seed002-1" not in run("corpus", "list", "--corpus", str(corpus)).stdout


def test_list_of_an_empty_corpus(tmp_path):
    result = run("corpus", "list", "--corpus", str(tmp_path / "none"))
    assert result.exit_code == 0
    assert "empty" in result.stdout


def _bad_inputs(tmp_path: Path) -> dict[str, list[str]]:
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    empty_dir = tmp_path / "nothing"
    empty_dir.mkdir()
    (empty_dir / "readme.pdf").write_bytes(b"%PDF-1.4")
    noise = tmp_path / "noise.txt"
    noise.write_text("您的位置:范文网>总结>工作总结\n更新时间:2023-08-03 15:41:20\n以下是小编整理的总结，欢迎阅读！\n3452\n", encoding="utf-8")
    broken_docx = tmp_path / "broken.docx"
    broken_docx.write_bytes(b"not a zip file at all")
    good = tmp_path / "good.txt"
    good.write_text(SUMMARY, encoding="utf-8")
    return {
        "missing file": ["add", str(tmp_path / "missing.txt")],
        "missing among good": ["add", str(good), str(tmp_path / "missing.txt")],
        "binary file": ["add", str(good), str(binary)],
        "empty file": ["add", str(empty)],
        "directory without usable files": ["add", str(empty_dir)],
        "noise only": ["add", str(noise)],
        "broken docx": ["add", str(broken_docx)],
        "pdf": ["add", str(empty_dir / "readme.pdf")],
        "unknown id (show)": ["show", "seed999-1"],
        "unknown id (remove)": ["remove", "seed999-1"],
        "bad id": ["remove", "../etc/passwd"],
    }


@pytest.mark.parametrize(
    "case",
    [
        "missing file",
        "missing among good",
        "binary file",
        "empty file",
        "directory without usable files",
        "noise only",
        "broken docx",
        "pdf",
        "unknown id (show)",
        "unknown id (remove)",
        "bad id",
    ],
)
def test_bad_input_exits_2_with_one_line_and_leaves_the_corpus_alone(corpus, tmp_path, case):
    args = _bad_inputs(tmp_path)[case]
    before = snapshot(corpus)
    result = run("corpus", *args, "--corpus", str(corpus))
    assert result.exit_code == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("drafter: error: ")
    assert "Traceback" not in result.stderr + result.stdout
    assert snapshot(corpus) == before


def test_a_directory_adds_its_good_files_and_reports_the_bad_ones(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(SUMMARY, encoding="utf-8")
    (folder / "bad.txt").write_bytes(bytes(range(256)) * 8)
    corpus = tmp_path / "corpus"
    result = run("corpus", "add", str(folder), "--corpus", str(corpus))
    assert result.exit_code == 0
    assert "1 added, 0 skipped as duplicates, 1 failed" in result.stdout
    assert "bad.txt" in result.stderr
    assert len(list_documents(corpus)) == 1

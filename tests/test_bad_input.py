"""Bad files and situations: one clear line on stderr, exit 2, no traceback, every file unchanged.

Each case runs the real `drafter` entry point in a subprocess inside a copy of tests/data/bad/.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BAD = Path(__file__).resolve().parent / "data" / "bad"
DRAFTER = str(Path(sys.executable).parent / "drafter")
OUT = ["-o", "out.md", "--no-examples"]

NOTES_CASES = [
    ("empty.md", "empty"),
    ("whitespace.md", "empty"),
    ("binary.md", "binary"),
    ("png-as-notes.md", "binary"),
    ("frontmatter-unclosed.md", "never ends"),
    ("frontmatter-invalid-yaml.md", "invalid YAML"),
    ("frontmatter-list.md", "front matter"),
    ("frontmatter-nested.md", "must be text"),
    ("frontmatter-only.md", "no bullet facts"),
    ("alias-bomb.yaml", "aliases"),
    ("alias-bomb-frontmatter.md", "aliases"),
    ("yaml-not-mapping.yaml", "mapping"),
    ("yaml-sections-not-list.yaml", "must be a list"),
    ("yaml-facts-nested.yaml", "line of text"),
    ("yaml-no-sections.yaml", "no 'sections'"),
    ("yaml-broken.yaml", "invalid YAML"),
    ("no-bullets.md", "no bullet facts"),
    ("headings-only.md", "no bullet facts"),
    ("duplicate-ids.md", "used twice"),
    ("invalid-utf8.md", "UTF-8"),
    ("mixed-encodings.md", "UTF-8"),
    ("nul-in-text.md", "binary"),
    ("huge.md", "too large"),
    ("a-directory", "directory"),
    ("no-such-notes.md", "not found"),
    ("notes.pdf", "copy its text out"),
    ("pdf-as-notes.docx", "copy its text out"),
    ("pdf-as-table.xlsx", "copy its text out"),
    ("photo.png", "is an image"),
    ("notes.zip", "is an archive"),
    ("zip-as-notes.docx", "zip archive, not a Word file"),
    ("zip-as-table.xlsx", "damaged or not an Excel workbook"),
    ("damaged.docx", "damaged or not a Word .docx file"),
    ("encrypted.docx", "password-protected"),
    ("no-facts.docx", "no facts found"),
    ("headers-only-table.csv", "no facts found"),
]

OTHER_CASES = [
    ("check-empty-draft", ["check", "draft-empty.md", "--facts", "notes-good.md"], "empty"),
    ("check-binary-draft", ["check", "draft-binary.md", "--facts", "notes-good.md"], "binary"),
    ("check-missing-draft", ["check", "nothing.md", "--facts", "notes-good.md"], "not found"),
    ("check-empty-facts", ["check", "draft-good.md", "--facts", "empty.md"], "empty"),
    ("check-no-facts-no-sidecar", ["check", "draft-good.md"], "--facts"),
    ("check-corrupt-sidecar", ["check", "sidecar-corrupt.md"], "sidecar"),
    ("check-sidecar-names-missing-notes", ["check", "sidecar-missing-notes.md"], "not found"),
    ("check-sidecar-not-object", ["check", "sidecar-not-object.md"], "sidecar"),
    ("outline-binary", ["outline", "binary.md", "--no-examples"], "binary"),
    ("draft-output-dir-missing", ["draft", "notes-good.md", "-o", "no/such/dir/out.md", "--no-examples"], "does not exist"),
    ("draft-output-read-only", ["draft", "notes-good.md", "-o", "READONLY/out.md", "--no-examples"], "cannot write"),
    ("draft-output-exists", ["draft", "notes-good.md", "-o", "draft-good.md", "--no-examples"], "--force"),
    ("draft-output-is-directory", ["draft", "notes-good.md", "-o", "a-directory", "--format", "md", "--no-examples"], "directory"),
    ("draft-unknown-format", ["draft", "notes-good.md", "--format", "html", "--no-examples"], "unknown format"),
    ("draft-bad-date", ["draft", "notes-good.md", "-o", "out.docx", "--date", "2024-13-45", "--no-examples"], "not a date"),
    ("config-broken-toml", ["draft", "notes-good.md", "-o", "out.md", "--no-examples"], "TOML"),
    ("config-unknown-key", ["draft", "notes-good.md", "-o", "out.md", "--no-examples"], "unknown setting"),
    ("corpus-add-empty", ["corpus", "add", "empty.md", "--corpus", "corpus"], None),
    ("corpus-add-binary", ["corpus", "add", "binary.md", "--corpus", "corpus"], None),
    ("corpus-add-missing", ["corpus", "add", "nothing.txt", "--corpus", "corpus"], "not found"),
    ("corpus-show-unknown", ["corpus", "show", "no-such-id", "--corpus", "corpus"], "no-such-id"),
    ("corpus-remove-unknown", ["corpus", "remove", "no-such-id", "--corpus", "corpus"], "no-such-id"),
    ("examples-without-index", ["examples", "志愿服务"], "drafter index"),
    ("examples-corrupt-index", ["examples", "志愿服务"], "index"),
    ("rewrite-unknown-section", ["rewrite", "draft-good.md", "--section", "9", "--facts", "notes-good.md"], "section"),
    ("rewrite-unknown-heading", ["rewrite", "draft-good.md", "--section", "不存在的标题", "--facts", "notes-good.md"], "section"),
    ("rewrite-draft-without-sections", ["rewrite", "draft-no-sections.md", "--section", "1", "--facts", "notes-good.md"], "no sections"),
    ("eval-missing-draft", ["eval", "--pair", "nothing.md", "notes-good.md"], "not found"),
]


@pytest.fixture
def bad_dir(tmp_path, monkeypatch):
    work = tmp_path / "bad"
    shutil.copytree(BAD, work)
    (work / "a-directory").mkdir()
    with open(work / "huge.md", "wb") as fh:  # 50 MB of valid notes text
        line = "- 开展志愿服务活动12场，服务居民300多人次\n".encode("utf-8")
        fh.write(line * (50 * 1024 * 1024 // len(line) + 1))
    (work / "corpus").mkdir()
    (work / "corpus" / "seed-1.md").write_text("---\nid: seed-1\ntitle: 样例\n---\n# 样例\n\n## 一、志愿服务\n\n开展活动。\n", encoding="utf-8")
    monkeypatch.chdir(work)
    return work


def _snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".drafter" not in p.parts
    }


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DRAFTER_", "OPENAI_"))}
    env["DRAFTER_STATE_DIR"] = str(cwd / ".drafter")
    return subprocess.run([DRAFTER, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def _assert_one_clean_line(result: subprocess.CompletedProcess, fragment: str | None) -> None:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("drafter: error: ") or lines[0].startswith(("Usage", "Error")), lines[0]
    if fragment:
        assert fragment in lines[0], lines[0]


@pytest.mark.parametrize("name,fragment", NOTES_CASES, ids=[c[0] for c in NOTES_CASES])
def test_bad_notes(bad_dir, name, fragment):
    before = _snapshot(bad_dir)
    _assert_one_clean_line(_run(["draft", name, *OUT], bad_dir), fragment)
    assert _snapshot(bad_dir) == before
    assert not (bad_dir / "out.md").exists()


@pytest.mark.parametrize("case,args,fragment", OTHER_CASES, ids=[c[0] for c in OTHER_CASES])
def test_bad_situations(bad_dir, case, args, fragment):
    if case == "draft-output-read-only":
        target = bad_dir / "READONLY"
        if os.geteuid() == 0:  # root writes through file modes; /proc refuses new files even to root
            args = [a.replace("READONLY", "/proc") for a in args]
        else:
            target.mkdir()
            target.chmod(0o500)
    if case == "config-broken-toml":
        shutil.copy(bad_dir / "drafter-toml-broken.toml", bad_dir / "drafter.toml")
    if case == "config-unknown-key":
        shutil.copy(bad_dir / "drafter-toml-unknown.toml", bad_dir / "drafter.toml")
    if case == "examples-corrupt-index":
        index = bad_dir / ".drafter" / "index"
        index.mkdir(parents=True)
        (index / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    before = _snapshot(bad_dir)
    result = _run(args, bad_dir)
    _assert_one_clean_line(result, fragment)
    assert _snapshot(bad_dir) == before


# -- Word drafts (drafter.word): one line, exit 2, the person's file untouched ----------------------------

WORD_CASES = [
    ("encrypted", ["check", "locked.docx", "--facts", "notes-good.md"], "password-protected"),
    ("damaged", ["check", "cut.docx", "--facts", "notes-good.md"], "damaged"),
    ("not-xml", ["check", "badxml.docx", "--facts", "notes-good.md"], "damaged"),
    ("no-text", ["check", "blank.docx", "--facts", "notes-good.md"], "no text"),
    ("doc-without-libreoffice", ["check", "old.doc", "--facts", "notes-good.md"], "LibreOffice is not installed"),
    ("comments-onto-the-draft", ["check", "ok.docx", "--facts", "notes-good.md", "--comments", "ok.docx"], "the draft itself"),
    ("eval-encrypted", ["eval", "--pair", "locked.docx", "notes-good.md"], "password-protected"),
    ("rewrite-encrypted", ["rewrite", "locked.docx", "--section", "1", "--facts", "notes-good.md"], "password-protected"),
    ("rewrite-damaged", ["rewrite", "cut.docx", "--section", "1", "--facts", "notes-good.md"], "damaged"),
    ("rewrite-no-sections", ["rewrite", "ok.docx", "--section", "1", "--facts", "notes-good.md"], "no sections"),
    ("rewrite-old-doc", ["rewrite", "old.doc", "--section", "1", "--facts", "notes-good.md"], "only .docx"),
]


def _word_files(work: Path) -> None:
    import io
    import zipfile

    import docx
    import msoffcrypto.format.ooxml

    doc = docx.Document()
    doc.add_paragraph("开展志愿服务活动12场。")
    doc.save(str(work / "ok.docx"))
    data = (work / "ok.docx").read_bytes()
    (work / "cut.docx").write_bytes(data[: len(data) // 2])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, b"<w:document><broken" if name == "word/document.xml" else src.read(name))
    (work / "badxml.docx").write_bytes(out.getvalue())
    docx.Document().save(str(work / "blank.docx"))
    with open(work / "ok.docx", "rb") as fh, open(work / "locked.docx", "wb") as locked:
        msoffcrypto.format.ooxml.OOXMLFile(fh).encrypt("密码123", locked)
    (work / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000)


@pytest.mark.parametrize("case,args,fragment", WORD_CASES, ids=[c[0] for c in WORD_CASES])
def test_bad_word_drafts(bad_dir, case, args, fragment, monkeypatch):
    _word_files(bad_dir)
    if case == "doc-without-libreoffice":
        monkeypatch.setenv("PATH", str(Path(DRAFTER).parent))  # no soffice on the path
    before = _snapshot(bad_dir)
    _assert_one_clean_line(_run(args, bad_dir), fragment)
    assert _snapshot(bad_dir) == before

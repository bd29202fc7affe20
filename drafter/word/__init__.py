"""Word drafts as the person edited them: their text as read (one line per paragraph), a review copy
of their own file with a comment on each number, and one section rewritten inside the file.

Works on the .docx package itself (zip + XML), so everything outside what drafter changes stays as
Word wrote it. Imports only the ground floor.
"""

from .reading import WordParagraph, WordText, is_word_path, open_word_package, read_word_draft
from .review import write_review_copy
from .sections import WordLayout, WordSection, replace_section, word_layout

__all__ = ["WordParagraph", "WordText", "is_word_path", "open_word_package", "read_word_draft", "read_draft_text", "looks_like_word", "write_review_copy", "word_upload_text", "WordLayout", "WordSection", "word_layout", "replace_section"]


def read_draft_text(path, *, markdown: bool = False) -> str:
    """A draft's text: a Word file read as the person sees it (one line per paragraph; with markdown,
    as drafter's Markdown with # and ## headings), anything else as text."""
    from drafter.textio import read_text

    if is_word_path(path) or looks_like_word(path):
        word = read_word_draft(path)
        return word.markdown() if markdown else word.text
    return read_text(path, what="draft")


def looks_like_word(path) -> bool:
    """A Word file under another name (总结.txt that is really a .docx)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError:
        return False  # read_text says what is wrong with it
    return head[:4] == b"PK\x03\x04" or head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def word_upload_text(data: bytes, name: str) -> str | None:
    """The text of an uploaded Word draft as drafter's Markdown (None when the upload is not a Word file): the bytes go to a
    private temp file that is removed afterwards; bad Word files raise InputError like files on disk."""
    import tempfile
    from pathlib import Path

    ole = data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    if not (is_word_path(name) or data[:4] == b"PK\x03\x04" or ole):
        return None
    suffix = Path(name).suffix.lower() if is_word_path(name) else (".doc" if ole else ".docx")
    with tempfile.TemporaryDirectory(prefix="drafter-upload-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            return read_word_draft(path).markdown()  # the page shows and rewrites it by its ## sections
        except Exception as exc:  # the temp path must not reach the page
            from drafter.errors import InputError

            if isinstance(exc, InputError):
                raise InputError(str(exc).replace(str(path), name)) from None
            raise

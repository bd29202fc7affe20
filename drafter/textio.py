"""Reading user files in any encoding Chinese users have, and writing files atomically."""

from __future__ import annotations

import codecs
import os
import tempfile
from pathlib import Path

from .errors import InputError

__all__ = ["read_text", "input_size", "decode_bytes", "atomic_write_text", "atomic_write_bytes", "MAX_INPUT_BYTES"]

# Summaries and notes are a few hundred KB at most; refuse anything absurd before decoding it.
MAX_INPUT_BYTES = 20 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_text(path: str | os.PathLike[str], *, what: str = "file") -> str:
    """Read a text file as str, detecting UTF-8 (with or without BOM), GB18030/GBK and UTF-16."""
    p = Path(path)
    input_size(p, what=what)
    try:
        data = p.read_bytes()
    except PermissionError:
        raise InputError(f"cannot read {what} (permission denied): {p}") from None
    except OSError as exc:
        raise InputError(f"cannot read {what}: {p}: {exc.strerror or exc}") from None
    return decode_bytes(data, name=str(p), what=what)


def input_size(path: str | os.PathLike[str], *, what: str = "file") -> int:
    """The size of a file the user gave, after refusing what no reader can use: a missing path, a
    directory, a file over MAX_INPUT_BYTES. Every reader of user files starts here."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{what} not found: {p}")
    if p.is_dir():
        raise InputError(f"{what} is a directory, not a file: {p}")
    try:
        size = p.stat().st_size
    except PermissionError:
        raise InputError(f"cannot read {what} (permission denied): {p}") from None
    except OSError as exc:
        raise InputError(f"cannot read {what}: {p}: {exc.strerror or exc}") from None
    if size > MAX_INPUT_BYTES:
        raise InputError(f"{what} is too large ({size // (1024 * 1024)} MB, limit {MAX_INPUT_BYTES // (1024 * 1024)} MB): {p}")
    return size


def decode_bytes(data: bytes, *, name: str = "<bytes>", what: str = "file") -> str:
    """Decode bytes to text; raise InputError for binary or undecodable content."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _clean(data.decode(encoding, errors="strict"), name, what)
            except UnicodeDecodeError as exc:
                label = "UTF-8" if encoding == "utf-8-sig" else "UTF-16"
                raise InputError(f"{what} starts as {label} but has invalid bytes at offset {exc.start} (mixed encodings?): {name}") from None
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return _clean(data.decode(utf16), name, what)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        raise InputError(f"{what} looks binary, not text: {name}")
    try:
        return _clean(data.decode("utf-8"), name, what)
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    # Valid UTF-8 multi-byte characters next to invalid bytes mean a damaged or mixed file, not GBK:
    # decoding it as GB18030 would silently turn the user's text into mojibake.
    lenient = data.decode("utf-8", errors="replace")
    replaced = lenient.count("\ufffd")
    cjk = sum(1 for ch in lenient if ord(ch) >= 0x2E80 and ch != "\ufffd")
    if cjk >= 2 and cjk >= replaced:
        raise InputError(f"{what} is not valid UTF-8 (bad byte at offset {first_bad}; mixed encodings?): {name}")
    # Not UTF-8: Chinese files are then almost always GB18030/GBK; let charset-normalizer confirm.
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "gbk", "big5", "utf_16", "utf_8"]).best()
    candidates = ([best.encoding] if best is not None else []) + ["gb18030"]
    for encoding in candidates:
        try:
            return _clean(data.decode(encoding), name, what)
        except (UnicodeDecodeError, LookupError):
            continue
    raise InputError(f"cannot decode {what} (not UTF-8, GB18030 or UTF-16): {name}")


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the zero bytes of ASCII characters (newlines, digits, spaces)
    fall on one side of every pair, which neither UTF-8 nor GB18030 text does."""
    sample = data[:4096]
    if len(sample) < 4 or len(data) % 2:
        return None
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) // 2
    # A CJK character may have a zero byte too (一 is 00 4E), so one side need only dominate.
    if odd_zeros > half * 0.05 and even_zeros * 4 < odd_zeros:
        return "utf-16-le"  # 'A' is 41 00
    if even_zeros > half * 0.05 and odd_zeros * 4 < even_zeros:
        return "utf-16-be"
    return None


def _clean(text: str, name: str, what: str) -> str:
    if "\x00" in text:
        raise InputError(f"{what} looks binary, not text: {name}")
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls > 8:
        raise InputError(f"{what} looks binary, not text: {name}")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write through a temp file in the same directory and rename, so readers see old or new, never half."""
    p = Path(path)
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"output directory does not exist: {parent}")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=parent)
    except PermissionError:
        raise InputError(f"cannot write to {parent} (permission denied)") from None
    except OSError as exc:
        raise InputError(f"cannot write to {parent}: {exc.strerror or exc}") from None
    try:
        # mkstemp makes the file 0600; give it the mode the replaced file had, or the umask's default.
        os.fchmod(fd, _mode_for(p))
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, p)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise InputError(f"cannot write {p}: {exc.strerror or exc}") from None


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))

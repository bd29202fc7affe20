"""Old Word (.doc) and WPS (.wps) files converted to .docx by LibreOffice, when it is installed.

`soffice --headless --convert-to docx` runs with its own HOME and user profile in a temporary
directory, so parallel runs (tests, the page's workers) never share or lock a profile, and with a
timeout, so a file LibreOffice chokes on cannot hang the command.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from drafter.errors import InputError

__all__ = ["converted_to_docx", "refuse_encrypted", "INSTALL_HINT", "CONVERT_TIMEOUT"]

INSTALL_HINT = "apt-get install libreoffice-writer-nogui"
CONVERT_TIMEOUT = 120  # seconds; a first start of LibreOffice with a fresh profile takes several


def refuse_encrypted(path: Path) -> None:
    """A password-protected Word file is an OLE container holding EncryptionInfo/EncryptedPackage."""
    data = Path(path).read_bytes()[:4_000_000]
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        raise InputError(f"{path} is password-protected; open it in Word or WPS, remove the password (文件 › 信息 › 保护文档) and save it again")


def _convertible(data: bytes) -> bool:
    """A Word/WPS compound file (it holds a WordDocument stream; Works: CONTENTS), or RTF or HTML saved
    under .doc, as Word and WPS do: what LibreOffice reads as a document, not as random text."""
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return any(name.encode("utf-16-le") in data for name in ("WordDocument", "CONTENTS"))
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"{\\rtf", b"<html", b"<!doctype", b"<?xml", b"<meta", b"<head"))


@contextmanager
def converted_to_docx(path: Path) -> Iterator[Path]:
    """The .docx LibreOffice makes of PATH, in a temporary directory removed afterwards."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    kind = "a WPS .wps" if path.suffix.lower() == ".wps" else "an old Word .doc"
    if soffice is None:
        raise InputError(f"{path} is {kind} file and LibreOffice is not installed to convert it; install it ({INSTALL_HINT}) or save the file as .docx in Word or WPS")
    if not _convertible(Path(path).read_bytes()):
        raise InputError(f"{path} is damaged or not {kind} file (no Word document inside); open it in Word or WPS and save it as .docx")
    with tempfile.TemporaryDirectory(prefix="drafter-convert-") as tmp:
        work = Path(tmp)
        source = work / ("in" + (path.suffix.lower() or ".doc"))
        shutil.copyfile(path, source)  # an ASCII name: LibreOffice names its output after its input
        env = {**os.environ, "HOME": str(work / "home")}
        command = [
            soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
            "--convert-to", "docx", "--outdir", str(work / "out"), str(source),
        ]
        try:
            result = subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT, env=env, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise InputError(f"{path}: LibreOffice did not finish converting it within {CONVERT_TIMEOUT} s; save it as .docx in Word or WPS") from None
        except OSError as exc:
            raise InputError(f"{path}: LibreOffice could not be started ({exc.strerror or exc}); save the file as .docx in Word or WPS") from None
        out = work / "out" / "in.docx"
        if result.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
            raise InputError(f"{path} is damaged or not {kind} file: LibreOffice could not convert it; open it in Word or WPS and save it as .docx")
        yield out

"""Reading uploaded XLSX files without letting a small file take the server's memory.

An XLSX file is a ZIP of XML. A few hundred kilobytes can unpack to gigabytes (a zip bomb), and one cell can
hold a string of hundreds of megabytes that the XML parser keeps whole. So the ZIP's members are checked
before openpyxl opens anything: their unpacked sizes, and, read as a stream, the longest run of text between
two XML tags. Then the sheet is read in openpyxl's streaming mode with a cap on the number of cells.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

MEGABYTE = 1024 * 1024
MAX_MEMBERS = 1000
MAX_UNPACKED_BYTES = 200 * MEGABYTE
# openpyxl reads the shared strings whole, even in streaming mode.
MAX_SHARED_STRINGS_BYTES = 50 * MEGABYTE
# Excel itself holds at most 32 767 characters in a cell; in UTF-8 that is at most four times as many bytes.
MAX_TEXT_BYTES = 4 * 32_767
MAX_CELLS = 5_000_000
CHUNK = 256 * 1024


class SpreadsheetRefused(Exception):
    """The file is not read: the message says why, in Swedish, with the limit."""


def _megabytes(size: int) -> str:
    return f"{size / MEGABYTE:.0f}"


def _longest_text(member) -> int:
    """The longest run of bytes between two XML tag delimiters in a member, read in chunks."""
    longest = run = 0  # `run`: the text that reaches the end of the chunk read last
    while chunk := member.read(CHUNK):
        pieces = chunk.replace(b">", b"<").split(b"<")
        if len(pieces) == 1:
            run += len(chunk)
        else:
            longest = max(longest, run + len(pieces[0]), max(map(len, pieces)))
            run = len(pieces[-1])
        longest = max(longest, run)
        if longest > MAX_TEXT_BYTES:
            break
    return longest


def check_xlsx(data: bytes) -> None:
    """Raise SpreadsheetRefused unless `data` is a ZIP whose XML openpyxl can read in bounded memory."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SpreadsheetRefused(_("Filen går inte att läsa som XLSX.")) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise SpreadsheetRefused(
                _("Filen innehåller %(count)s delar; en XLSX-fil får innehålla högst %(limit)s.")
                % {"count": len(members), "limit": MAX_MEMBERS}
            )
        unpacked = sum(member.file_size for member in members)
        if unpacked > MAX_UNPACKED_BYTES:
            raise SpreadsheetRefused(
                _("Filen blir %(size)s MB uppackad; högst %(limit)s MB går att läsa in. Dela upp den i flera filer.")
                % {"size": _megabytes(unpacked), "limit": _megabytes(MAX_UNPACKED_BYTES)}
            )
        for member in members:
            name = member.filename.lower()
            if name.endswith("sharedstrings.xml") and member.file_size > MAX_SHARED_STRINGS_BYTES:
                raise SpreadsheetRefused(
                    _("Filens texter blir %(size)s MB uppackade; högst %(limit)s MB går att läsa in.")
                    % {"size": _megabytes(member.file_size), "limit": _megabytes(MAX_SHARED_STRINGS_BYTES)}
                )
            if not name.endswith(".xml"):
                continue
            try:
                with archive.open(member) as stream:
                    longest = _longest_text(stream)
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
                raise SpreadsheetRefused(_("Filen går inte att läsa som XLSX.")) from None
            if longest > MAX_TEXT_BYTES:
                raise SpreadsheetRefused(
                    _("En cell i filen har mer än %(limit)s tecken text, mer än Excel själv tillåter.")
                    % {"limit": f"{32_767:,}".replace(",", "\u00a0")}
                )


def first_sheet_rows(data: bytes) -> Iterator[tuple[Any, ...]]:
    """The values of the first sheet's rows, streamed, after `check_xlsx`; refused past MAX_CELLS cells."""
    from openpyxl import load_workbook

    check_xlsx(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise SpreadsheetRefused(_("Filen går inte att läsa som XLSX.")) from None
    try:
        cells = 0
        for values in book.worksheets[0].iter_rows(values_only=True):
            cells += len(values)
            if cells > MAX_CELLS:
                raise SpreadsheetRefused(
                    _("Filen har fler än %(limit)s celler; dela upp den i flera filer.")
                    % {"limit": f"{MAX_CELLS:,}".replace(",", "\u00a0")}
                )
            yield values
    finally:
        book.close()

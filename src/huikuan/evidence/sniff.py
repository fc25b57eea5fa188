"""File types recognised from content (magic bytes), never from the name.

A small table instead of libmagic: the vault accepts a closed list of evidence formats and
refuses everything else.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

HEAD_BYTES = 64 * 1024


@dataclass(frozen=True)
class FileType:
    media_type: str
    extension: str
    label: str


PDF = FileType("application/pdf", "pdf", "PDF")
PNG = FileType("image/png", "png", "PNG")
JPEG = FileType("image/jpeg", "jpg", "JPEG")
GIF = FileType("image/gif", "gif", "GIF")
WEBP = FileType("image/webp", "webp", "WebP")
DOCX = FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Word")
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel")
PPTX = FileType("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx", "PowerPoint")
DOC = FileType("application/msword", "doc", "Word 97-2003")
XLS = FileType("application/vnd.ms-excel", "xls", "Excel 97-2003")
PPT = FileType("application/vnd.ms-powerpoint", "ppt", "PowerPoint 97-2003")
MP3 = FileType("audio/mpeg", "mp3", "MP3")
WAV = FileType("audio/wav", "wav", "WAV")
M4A = FileType("audio/mp4", "m4a", "M4A")
AMR = FileType("audio/amr", "amr", "AMR")
EML = FileType("message/rfc822", "eml", "Email")

_OOXML = [
    (b"wordprocessingml.document.main", DOCX),
    (b"spreadsheetml.sheet.main", XLSX),
    (b"presentationml.presentation.main", PPTX),
]
# OLE compound files name their main stream in the directory (UTF-16LE).
_OLE = [("WordDocument", DOC), ("Workbook", XLS), ("Book", XLS), ("PowerPoint Document", PPT)]
_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:[ \t]?.*$")
_MAIL_HEADERS = {b"from", b"date", b"subject", b"to", b"message-id", b"received", b"mime-version"}


def _ooxml(path: Path) -> FileType | None:
    try:
        with zipfile.ZipFile(path) as zf:
            types = zf.read("[Content_Types].xml")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return None
    for marker, kind in _OOXML:
        if marker in types:
            return kind
    return None


def _ole(path: Path) -> FileType | None:
    data = path.read_bytes()
    for stream, kind in _OLE:
        if (stream + "\0").encode("utf-16-le") in data:
            return kind
    return None


def _eml(head: bytes) -> bool:
    block = re.split(rb"\r?\n\r?\n", head, maxsplit=1)[0]
    names = set()
    for line in re.split(rb"\r?\n", block):
        if line[:1] in (b" ", b"\t"):
            continue  # folded continuation of the previous header
        if not _HEADER_LINE.match(line):
            return False
        names.add(line.split(b":", 1)[0].lower())
    return b"from" in names and len(names & _MAIL_HEADERS) >= 2


def _mp3(head: bytes) -> bool:
    if head.startswith(b"ID3"):
        return True
    # An MPEG audio frame header: 11 sync bits, a valid version, layer III, a valid bitrate.
    return len(head) >= 4 and head[0] == 0xFF and head[1] & 0xE6 in (0xE2, 0xF2) and head[2] >> 4 not in (0, 15)


def sniff(path: Path) -> FileType | None:
    """The type of the file at ``path``, or None when it is not an accepted evidence format."""
    with open(path, "rb") as f:
        head = f.read(HEAD_BYTES)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return WAV
    if head.startswith(b"PK\x03\x04"):
        return _ooxml(path)
    if head.startswith(_OLE_MAGIC):
        return _ole(path)
    if head[4:8] == b"ftyp" and head[8:12] in (b"M4A ", b"M4B "):
        return M4A
    if head.startswith((b"#!AMR\n", b"#!AMR-WB\n")):
        return AMR
    if _mp3(head):
        return MP3
    if _eml(head):
        return EML
    return None

"""Proof that PDF glyphs are right: render a page to PNG (pdftoppm) and read it back (tesseract).

Text extraction alone is not enough: a PDF can carry correct text under wrong glyphs.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path


def ocr_page(pdf: bytes, *, page: int = 1, lang: str = "chi_sim", dpi: int = 200) -> str:
    """chi_sim alone reads mixed Chinese pages best; adding eng makes tesseract misread CJK lines."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "doc.pdf"
        src.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-f", str(page), "-l", str(page), "-r", str(dpi), "-png", "-singlefile", str(src), f"{tmp}/p"],
            check=True,
        )
        result = subprocess.run(
            ["tesseract", f"{tmp}/p.png", "-", "-l", lang, "--psm", "3"], check=True, capture_output=True, text=True
        )
    return result.stdout


def squash(text: str) -> str:
    """Tesseract puts spaces between CJK characters; compare without whitespace."""
    return "".join(text.split())


def ocr_contains(text: str, expected: str, *, threshold: float = 0.8) -> bool:
    """True when some window of the OCR text matches `expected` closely.

    Wrong glyphs (mojibake, tofu, another face's characters) read back as garbage and score far
    below the threshold; tesseract's own slips on rare characters (婺, 函) cost a character or two.
    """
    import difflib

    haystack, needle = squash(text), squash(expected)
    if needle in haystack:
        return True
    n = len(needle)
    best = 0.0
    for start in range(max(1, len(haystack) - n + 1)):
        window = haystack[start : start + n]
        best = max(best, difflib.SequenceMatcher(None, window, needle).ratio())
    return best >= threshold

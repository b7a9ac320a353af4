"""The text layer of an announcement PDF, page by page, through pypdfium2.

Why pypdfium2: measured on the 92 corpus announcements and 4 over-allotment notices (see
``docs/pdf_extraction.md``), it decodes HKEX's Chinese fonts where pypdf returns nothing, keeps
each table row on one line, and is the fastest of the libraries that decode every file.

A document is refused, never half-read: not a PDF, truncated, encrypted, or a text layer that
is empty (a scan) or decodes to garbage all raise :class:`AnnouncementError` naming the file
and the reason.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ipometrics.errors import IpoDataError

__all__ = ["AnnouncementError", "DocumentText", "extract_text"]

#: Most bytes read from one PDF [bytes]; HKEX announcements are well under 10 MB.
MAX_PDF_BYTES = 50 * 1024 * 1024

#: A page counts as garbage when more than this share of its letters are replacement or
#: private-use characters [fraction].
GARBAGE_SHARE = 0.05

_GARBAGE = re.compile("[\ufffd\ue000-\uf8ff]|\\(cid:\\d+\\)")


class AnnouncementError(IpoDataError):
    """A document the announcement readers cannot read, with the file and the reason."""


@dataclass(frozen=True)
class DocumentText:
    """The text of a document, one string per page, and where it came from.

    Attributes
    ----------
    pages : tuple of str
        Page texts in order; page numbers are 1-based indices into it.
    sha256 : str
        Hex digest of the PDF bytes (of the UTF-8 text when built from text).
    origin : str
        File path, or ``"<bytes>"`` / ``"<text>"``.
    url : str or None
        Where the document is published, when known.
    """

    pages: tuple[str, ...]
    sha256: str
    origin: str
    url: str | None = None

    @property
    def text(self) -> str:
        """All pages, separated by form feeds."""
        return "\f".join(self.pages)

    @functools.cached_property
    def language(self) -> str:
        """``"zh"`` when Chinese characters outnumber a tenth of the letters, else ``"en"``."""
        sample = "".join(self.pages[:6])
        letters = sum(ch.isalpha() for ch in sample) or 1
        return "zh" if len(_CJK.findall(sample)) > letters / 10 else "en"

    @classmethod
    def from_text(
        cls, text: str, *, url: str | None = None, origin: str = "<text>"
    ) -> DocumentText:
        """Already extracted text; pages are separated by form feeds (form feed characters)."""
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return cls(tuple(_clean(p) for p in text.split("\f")), digest, origin, url)


def _clean(page: str) -> str:
    # NFKC folds full-width digits and punctuation (１２３，：) into ASCII; pdfium marks soft
    # line-break hyphens as U+FFFE; keep line structure.
    page = page.replace("\ufffe", "").replace("\r\n", "\n").replace("\r", "\n")
    page = unicodedata.normalize("NFKC", page)
    # Some layouts space out Chinese characters ("公 開 發 售 的 最 終"). In a line where a
    # third or more of the Chinese characters are followed by a space, the spaces between
    # Chinese characters are layout, not words: join them. Elsewhere a space between words
    # (as in "股份簡稱 天數智芯") separates a label from its value and stays.
    return "\n".join(_unspace(line) for line in page.split("\n"))


_CJK_CHAR = "\u4e00-\u9fff"
_CJK = re.compile(f"[{_CJK_CHAR}]")
_CJK_SPACE = re.compile(f"[{_CJK_CHAR}] ")
_CJK_GAP = re.compile(f"(?<=[{_CJK_CHAR}()「」、,:]) +(?=[{_CJK_CHAR}()「」、,])")


def _unspace(line: str) -> str:
    chars = len(_CJK.findall(line))
    if chars >= 4 and len(_CJK_SPACE.findall(line)) >= chars / 3:
        return _CJK_GAP.sub("", line)
    return line


def _read_bytes(source: str | Path | bytes) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, "<bytes>"
    path = Path(source)
    if path.is_dir():
        raise AnnouncementError(f"{path}: a folder, not a PDF file")
    if not path.is_file():
        raise AnnouncementError(f"{path}: no such file")
    size = path.stat().st_size
    if size > MAX_PDF_BYTES:
        raise AnnouncementError(
            f"{path}: {size:,} bytes is larger than the {MAX_PDF_BYTES:,} an announcement may be"
        )
    with path.open("rb") as fh:
        return fh.read(MAX_PDF_BYTES + 1), str(path)


def extract_text(
    source: str | Path | bytes | DocumentText, *, url: str | None = None
) -> DocumentText:
    """Read the text layer of a PDF, page by page.

    Parameters
    ----------
    source : str, Path, bytes or DocumentText
        A PDF file, its bytes, or text already extracted (returned unchanged, with ``url``
        added when given).
    url : str, optional
        Where the document is published; kept as its source.

    Returns
    -------
    DocumentText

    Raises
    ------
    AnnouncementError
        If the file is missing, is not a PDF, is truncated or encrypted, or its text layer is
        empty (a scanned document) or garbage (fonts that do not decode); the message names
        the file.
    """
    if isinstance(source, DocumentText):
        return (
            source if url is None else DocumentText(source.pages, source.sha256, source.origin, url)
        )
    data, origin = _read_bytes(source)
    if not data.lstrip()[:5] == b"%PDF-":
        raise AnnouncementError(f"{origin}: not a PDF (it does not start with %PDF-)")
    if b"%%EOF" not in data[-2048:]:
        raise AnnouncementError(f"{origin}: truncated PDF (no %%EOF marker at the end)")
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        reason = str(err)
        if "password" in reason.lower() or "security" in reason.lower():
            raise AnnouncementError(
                f"{origin}: encrypted PDF ({reason}); expected an open document"
            ) from err
        raise AnnouncementError(f"{origin}: unreadable PDF ({reason})") from err
    try:
        pages = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            pages.append(_clean(textpage.get_text_range()))
            textpage.close()
            page.close()
    finally:
        pdf.close()
    doc = DocumentText(tuple(pages), hashlib.sha256(data).hexdigest(), origin, url)
    _check_text_layer(doc)
    return doc


def _check_text_layer(doc: DocumentText) -> None:
    letters = sum(sum(ch.isalnum() for ch in p) for p in doc.pages)
    if letters < 200:
        raise AnnouncementError(
            f"{doc.origin}: no text layer ({letters} letters in {len(doc.pages)} pages); a "
            "scanned document cannot be read without OCR, which ipometrics does not do"
        )
    garbage = sum(len(_GARBAGE.findall(p)) for p in doc.pages)
    if garbage > GARBAGE_SHARE * letters:
        raise AnnouncementError(
            f"{doc.origin}: the text layer does not decode ({garbage} replacement or "
            f"private-use characters in {letters} letters); refusing rather than misreading"
        )

"""Benchmark the announcement reader against bare text extraction of the same files.

Run from the repository root::

    .venv/bin/python bench/read_corpus.py

Ratio (target in brackets):

reader_vs_extraction [<= 1.3]
    Total wall time of :func:`ipometrics.announcements.allotment.read_allotment_announcement`
    over every corpus announcement (read or refused) / total wall time of pypdfium2's bare
    text extraction of the same files (open, ``get_text_range`` on every page), measured in
    the same run, files interleaved, median of three passes. Parsing, validation and the
    record build are what the reader adds.

The absolute times on this machine are printed beside the ratio and written, with the ratio,
to ``bench/read_corpus.json``.
"""

from __future__ import annotations

import contextlib
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "hkex" / "allotment_results"


def _bare(path: Path) -> None:
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    pdf = pdfium.PdfDocument(path)
    for index in range(len(pdf)):
        page = pdf[index]
        page.get_textpage().get_text_range()
    pdf.close()


def _reader(path: Path) -> None:
    from ipometrics.announcements import AnnouncementError
    from ipometrics.announcements.allotment import read_allotment_announcement
    from ipometrics.errors import IpoDataError

    with contextlib.suppress(AnnouncementError, IpoDataError):
        read_allotment_announcement(path)


def main() -> int:
    """Time both sides over the corpus and print the ratio."""
    files = sorted(CORPUS.glob("*.pdf"))
    if not files:
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 1
    _reader(files[0])  # imports and caches outside the timing
    bare: list[float] = []
    reader: list[float] = []
    for _ in range(3):
        b = r = 0.0
        for path in files:
            t0 = time.perf_counter()
            _bare(path)
            t1 = time.perf_counter()
            _reader(path)
            t2 = time.perf_counter()
            b += t1 - t0
            r += t2 - t1
        bare.append(b)
        reader.append(r)
    result = {
        "files": len(files),
        "bare_extraction_s": round(statistics.median(bare), 3),
        "reader_s": round(statistics.median(reader), 3),
        "reader_vs_extraction": round(statistics.median(reader) / statistics.median(bare), 3),
        "target": "<= 1.3",
    }
    print(json.dumps(result, indent=2))
    (ROOT / "bench" / "read_corpus.json").write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

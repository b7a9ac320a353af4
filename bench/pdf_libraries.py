"""Measure four PDF text libraries on the HKEX allotment-results corpus.

Run from the repository root::

    .venv/bin/python bench/pdf_libraries.py                 # about 6 minutes on 2 cores
    .venv/bin/python bench/pdf_libraries.py --runs 1        # one run of every library, ~3 min

The corpus is ``../shared/corpus/hkex/allotment_results/*.pdf`` (92 announcements, the
manifest gives each file's stock code and a language guess) and
``../shared/corpus/hkex/over_allotment/*.pdf`` (4 notices). For each library and file:

time_s
    Wall seconds to open the file and extract every page's text (for ``pdftotext`` this
    includes starting the process). The median of ``--runs`` runs (default 3) for pypdf,
    pypdfium2 and pdftotext; ``--slow-runs`` runs (default 1) for pdfplumber, the slowest.
cjk
    Characters in U+4E00-U+9FFF.
labels
    Template labels found (for each label, any of its spellings): ``loose`` on the text with
    all whitespace removed (a line break or a spaced-out glyph run does not break a label);
    ``strict`` on the text as extracted, whitespace runs collapsed to one space. English
    labels are matched case-insensitively. Only for the allotment announcements.
code_found
    The file's own stock code (leading zeros optional) right after 股份代號 or "Stock code".
garbage
    U+FFFD, private-use characters (U+E000-U+F8FF) and ``(cid:NN)`` sequences.
off_script
    Characters outside the scripts these documents use (Latin, CJK, their punctuation and
    the usual symbols) and control characters: the mark of a wrong glyph-to-Unicode mapping
    (mojibake), which the three garbage classes above do not catch. ``fffe`` counts the
    non-character U+FFFE, which pdfium emits for a hyphen it takes for a soft hyphen.
offer_shares_identity
    Label-value pairing in the summary: the first number after the total offer shares' label
    equals the sum of those after the public and international tranches' labels (see
    :func:`offer_shares_identity`).
cjk_gaps
    Single spaces between two CJK characters (spaced-out glyph runs: 本 公 告), which break
    label matching on the text as extracted.
cjk_agreement
    For each other library, the overlap of the two CJK character multisets divided by the
    larger one: two libraries that decode the same glyphs agree at 1.0.

A Chinese file counts as decoded by a library when its CJK count is within 5% of the median
of the libraries' counts for that file (fewer: glyphs lost or mis-mapped; more: glyphs
doubled, as pdfplumber does with fake-bold text) and its off-script, garbage and U+FFFE
characters are under 0.5% of its non-space characters.

Label spellings beyond the obvious ones were added after reading the texts: 認購倍數 (06600),
淨所得款項 (02565, 02591), 分配準則/配發準則 (the Pool A/B section heading of 20 files).

Layout: for three files, the first row of the Pool A basis-of-allocation table is looked up
(``ROWS``): whether one extracted line holds the whole row in order, whether the row reads in
order across lines, and a few lines around it as a snippet.

The table is printed and written to ``bench/pdf_libraries.json``; ``--save-text`` writes one
library's text of every file to ``--text-dir`` (default ``/tmp/corpus_text/<code>.txt``, pages
separated by ``=== page N ===`` lines, pdfium's CRLF line ends made LF).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import logging
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pdfplumber
import pypdf
import pypdfium2 as pdfium  # type: ignore[import-untyped]

HERE = Path(__file__).resolve().parent
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
HKEX = CORPUS / "hkex"
OUT = HERE / "pdf_libraries.json"

Extractor = Callable[[Path], list[str]]


# --------------------------------------------------------------------------------------------
# The libraries: path -> one string per page
# --------------------------------------------------------------------------------------------


def extract_pypdf(path: Path) -> list[str]:
    """``pypdf.PdfReader(path)`` and ``page.extract_text()`` of every page."""
    reader = pypdf.PdfReader(path)
    return [page.extract_text() or "" for page in reader.pages]


def extract_pypdfium2(path: Path) -> list[str]:
    """``pypdfium2.PdfDocument(path)`` and ``page.get_textpage().get_text_range()``."""
    doc = pdfium.PdfDocument(path)
    try:
        pages: list[str] = []
        for index in range(len(doc)):
            page = doc[index]
            textpage = page.get_textpage()
            pages.append(str(textpage.get_text_range()))
            textpage.close()
            page.close()
        return pages
    finally:
        doc.close()


def extract_pdfplumber(path: Path) -> list[str]:
    """``pdfplumber.open(path)`` and ``page.extract_text()`` (default tolerances)."""
    pages: list[str] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            pages.append(page.extract_text() or "")
            page.close()
    return pages


def extract_pdftotext(path: Path) -> list[str]:
    """Poppler's ``pdftotext -layout -enc UTF-8 path -``, split at form feeds."""
    done = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
    )
    pages = done.stdout.decode("utf-8", errors="replace").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


@dataclass(frozen=True)
class Library:
    """One library under test."""

    name: str
    extract: Extractor
    slow: bool
    version: str


def libraries() -> list[Library]:
    """The libraries to measure; pdftotext only when it is on PATH."""
    libs = [
        Library("pypdf", extract_pypdf, False, version("pypdf")),
        Library("pypdfium2", extract_pypdfium2, False, version("pypdfium2")),
        Library("pdfplumber", extract_pdfplumber, True, version("pdfplumber")),
    ]
    if shutil.which("pdftotext"):
        head = subprocess.run(["pdftotext", "-v"], capture_output=True, text=True, check=False)
        first = (head.stderr or head.stdout).splitlines()
        libs.append(Library("pdftotext", extract_pdftotext, False, first[0] if first else "?"))
    return libs


# --------------------------------------------------------------------------------------------
# What is measured on a text
# --------------------------------------------------------------------------------------------

#: Template labels: concept -> spellings (any one counts).
LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    "zh": {
        "offer_price": ("發售價",),
        "allotment_results": ("配發結果", "分配結果"),
        "subscription_level": ("認購水平", "認購額", "認購倍數"),
        "net_proceeds": ("所得款項淨額", "募集資金淨額", "淨所得款項"),
        "basis_of_allocation": ("分配基準", "配發基準", "分配準則", "配發準則"),
        "cornerstone": ("基石投資者",),
    },
    "en": {
        "offer_price": ("Offer Price",),
        "allotment_results": ("Allotment Results",),
        "subscription_level": ("Subscription level", "subscribed"),
        "net_proceeds": ("Net proceeds",),
        "basis_of_allocation": ("Basis of allocation", "Basis of Allotment"),
        "cornerstone": ("Cornerstone",),
    },
}

#: Code points of the scripts and symbols these documents use (everything else is off-script).
ALLOWED_RANGES: tuple[tuple[int, int], ...] = (
    (0x20, 0x7E),  # ASCII
    (0xA0, 0x24F),  # Latin-1 supplement, Latin extended A/B
    (0x2000, 0x20CF),  # general punctuation, super/subscripts, currency
    (0x2100, 0x22FF),  # letterlike, number forms, arrows, mathematical operators
    (0x2460, 0x27BF),  # enclosed alphanumerics, box drawing (╱), shapes, dingbats
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3200, 0x4DBF),  # enclosed CJK, CJK compatibility, extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE6F),  # CJK compatibility forms, small forms
    (0xFF00, 0xFFEF),  # half- and full-width forms
    (0x20000, 0x3134F),  # CJK extensions B-G
)
WHITESPACE = frozenset("\t\n\r\f\v")
CID = re.compile(r"\(cid:\d+\)")
CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")
SPACES = re.compile(r"\s+")
CRLF, LF = "\r\n", "\n"


def is_cjk(ch: str) -> bool:
    """U+4E00-U+9FFF, the CJK unified ideographs."""
    return "\u4e00" <= ch <= "\u9fff"


def is_pua(ch: str) -> bool:
    """Private use area of the BMP, U+E000-U+F8FF."""
    return "\ue000" <= ch <= "\uf8ff"


def is_off_script(ch: str) -> bool:
    """Neither whitespace, nor U+FFFD/U+FFFE/private use, nor in :data:`ALLOWED_RANGES`."""
    if ch in WHITESPACE or ch in "\ufffd\ufffe" or is_pua(ch):
        return False
    code = ord(ch)
    return not any(lo <= code <= hi for lo, hi in ALLOWED_RANGES)


def squeeze(text: str) -> str:
    """The text with every whitespace character removed."""
    return SPACES.sub("", text)


def find_labels(text: str, lang: str) -> dict[str, dict[str, bool]]:
    """For each label concept: found ``strict`` (as extracted) and ``loose`` (no whitespace)."""
    strict_text = SPACES.sub(" ", text)
    loose_text = squeeze(text)
    if lang == "en":
        strict_text, loose_text = strict_text.lower(), loose_text.lower()
    found: dict[str, dict[str, bool]] = {}
    for concept, spellings in LABELS[lang].items():
        forms = [s.lower() for s in spellings] if lang == "en" else list(spellings)
        found[concept] = {
            "strict": any(f in strict_text for f in forms),
            "loose": any(squeeze(f) in loose_text for f in forms),
        }
    return found


def code_found(text: str, code: str) -> tuple[bool, bool]:
    """The stock code after 股份代號/"Stock code" (no whitespace); and anywhere as a number."""
    number = str(int(code))
    near = re.compile(rf"(股份代號|股份代码|stockcode)[:：]?0*{number}(?!\d)")
    anywhere = re.compile(rf"(?<![\d,.])0*{number}(?![\d]|[,.]\d)")
    return bool(near.search(squeeze(text).lower())), bool(anywhere.search(text))


#: Summary block of the offer shares: heading, total, public tranche, international tranche,
#: reserved (preferential / employee offering) shares; on whitespace-free (English: lower-case)
#: text.
SHARE_LABELS: dict[str, tuple[str, str, str, str, str]] = {
    "zh": ("發售股份及股本", "發售股份(?:數目|數量|總數)", "公開發售", "國際發售|配售", "預留股份"),
    "en": (
        "offersharesandsharecapital",
        "numberofoffershares",
        "publicoffer",
        "internationaloffer",
        "reservedshares",
    ),
}
NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+")


def offer_shares_identity(text: str, lang: str) -> bool | None:
    """Whether the number after each summary label adds up: total = public + international.

    In the SUMMARY (摘要), under "Offer Shares and Share Capital" (發售股份及股本), take the
    first comma-grouped number after the total's label, after the public tranche's and after
    the international tranche's (plus reserved preferential-offering shares where the block
    has them, 02575 and 09611). A library that prints a value on a line before its label
    (value cells top-aligned, label cells centred) pairs labels with the wrong numbers and
    fails. None when the labels are not found.
    """
    heading, total, public, international, reserved = SHARE_LABELS[lang]
    flat = squeeze(text).lower() if lang == "en" else squeeze(text)
    start = flat.find(heading)
    if start < 0:
        return None
    at = start + len(heading)
    values: list[int] = []
    end = at
    for label in (total, public, international):
        found = re.compile(label).search(flat, at)
        if found is None:
            return None
        number = NUMBER.search(flat, found.end())
        if number is None:
            return False
        values.append(int(number.group().replace(",", "")))
        at, end = found.end(), number.end()
    extra = 0
    found = re.compile(reserved).search(flat, end, end + 200)
    if found:
        number = NUMBER.search(flat, found.end())
        extra = int(number.group().replace(",", "")) if number else 0
    return values[0] in (values[1] + values[2], values[1] + values[2] + extra)


def text_metrics(text: str) -> dict[str, Any]:
    """Counts of characters by class."""
    nonspace = sum(1 for ch in text if not ch.isspace())
    fffd = text.count("\ufffd")
    pua = sum(1 for ch in text if is_pua(ch))
    cid = len(CID.findall(text))
    return {
        "chars": len(text),
        "nonspace": nonspace,
        "cjk": sum(1 for ch in text if is_cjk(ch)),
        "fffd": fffd,
        "pua": pua,
        "cid": cid,
        "garbage": fffd + pua + cid,
        "fffe": text.count("\ufffe"),
        "off_script": sum(1 for ch in text if is_off_script(ch)),
        "cjk_gaps": len(CJK_GAP.findall(text)),
    }


def cjk_overlap(a: Counter[str], b: Counter[str]) -> float | None:
    """Multiset overlap of two CJK character counts over the larger total (None if both 0)."""
    larger = max(sum(a.values()), sum(b.values()))
    if larger == 0:
        return None
    return round(sum((a & b).values()) / larger, 4)


# --------------------------------------------------------------------------------------------
# Layout: one Pool A row of the basis-of-allocation table
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """The first Pool A row of a file's basis-of-allocation table, cell by cell, in order."""

    code: str
    cells: tuple[str, ...]
    #: The two leading cells (shares applied for, valid applications), to place the snippet.
    anchor: str


LAYOUT_KEYS = ("one_line", "numbers_one_line", "in_reading_order")

ROWS = (
    Row(
        "00100",
        ("20", "139,314", "3,911 out of 139,314 applicants to receive 20 shares", "2.81%"),
        "20 139,314",
    ),
    Row(
        "01276",
        ("200", "56,065", "56,065名申請人中有5,607名將獲發200股H股", "10.00%"),
        "200 56,065",
    ),
    Row(
        "06082",
        ("200", "174,816", "174,816名申請人中的8,741名將獲得200股H股", "5.00%"),
        "200 174,816",
    ),
)


def layout_check(text: str, row: Row) -> dict[str, Any]:
    """Whether the row is on one line, its numbers are, it reads in order; lines around it.

    ``one_line``: one line holds every cell, in order. ``numbers_one_line``: one line holds
    the shares applied for, the valid applications and the percentage, in that order (the
    basis-of-allotment text may wrap). ``in_reading_order``: the cells follow one another in
    the text, line breaks aside.
    """
    lines = text.splitlines()
    target = squeeze("".join(row.cells))
    one_line = any(target in squeeze(line) for line in lines)
    in_order = target in squeeze(text)
    numbers = [squeeze(c) for c in (row.cells[0], row.cells[1], row.cells[-1])]
    numbers_one_line = any(in_sequence(squeeze(line), numbers) for line in lines)
    anchor = squeeze(row.anchor)
    at = next((i for i, line in enumerate(lines) if squeeze(line).startswith(anchor)), None)
    if at is None:  # the leading cells are not together: place the snippet at the count
        count = squeeze(row.cells[1])
        at = next((i for i, line in enumerate(lines) if count in squeeze(line)), None)
    snippet = [] if at is None else [ln.rstrip() for ln in lines[max(0, at - 2) : at + 4]]
    return {
        "one_line": one_line,
        "numbers_one_line": numbers_one_line,
        "in_reading_order": in_order,
        "snippet": snippet,
    }


def in_sequence(haystack: str, needles: list[str]) -> bool:
    """Whether the needles occur in the haystack one after another (gaps allowed)."""
    at = 0
    for needle in needles:
        found = haystack.find(needle, at)
        if found < 0:
            return False
        at = found + len(needle)
    return True


# --------------------------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Doc:
    """One corpus file."""

    key: str  # file stem, the name of its text file
    code: str  # stock code
    kind: str  # allotment_results | over_allotment
    path: Path
    lang: str  # zh | en (manifest guess; over-allotment notices by content of the sample)
    sha256_ok: bool | None


def corpus() -> list[Doc]:
    """The allotment announcements (manifest order) and the over-allotment notices."""
    with (HKEX / "manifest.csv").open(encoding="utf-8") as fh:
        manifest = {row["code"]: row for row in csv.DictReader(fh)}
    docs: list[Doc] = []
    for path in sorted((HKEX / "allotment_results").glob("*.pdf")):
        row = manifest.get(path.stem)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        docs.append(
            Doc(
                key=path.stem,
                code=path.stem,
                kind="allotment_results",
                path=path,
                lang=row["lang_guess"] if row else "zh",
                sha256_ok=(digest == row["sha256"]) if row else None,
            )
        )
    for path in sorted((HKEX / "over_allotment").glob("*.pdf")):
        code = path.stem.split("_", 1)[0]
        lang = "en" if code == "00100" else "zh"
        docs.append(Doc(path.stem, code, "over_allotment", path, lang, None))
    return docs


# --------------------------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------------------------


def run_one(lib: Library, doc: Doc, runs: int) -> tuple[list[str] | None, dict[str, Any]]:
    """Extract ``runs`` times; the last run's pages and the timing (or the error)."""
    times: list[float] = []
    pages: list[str] | None = None
    for _ in range(runs):
        start = time.perf_counter()
        try:
            pages = lib.extract(doc.path)
        except Exception as exc:  # a library failing on a file is a result, not a crash
            return None, {"error": f"{type(exc).__name__}: {exc}", "times": times}
        times.append(time.perf_counter() - start)
    return pages, {"time_s": statistics.median(times), "times": [round(t, 4) for t in times]}


def measure(
    docs: list[Doc],
    libs: list[Library],
    runs: int,
    slow_runs: int,
    save: str | None,
    text_dir: Path,
) -> dict[str, Any]:
    """Every library on every file; per-file results, layout checks and totals."""
    files: list[dict[str, Any]] = []
    layout: dict[str, dict[str, Any]] = {}
    rows = {row.code: row for row in ROWS}
    if save:
        text_dir.mkdir(parents=True, exist_ok=True)
    for number, doc in enumerate(docs, 1):
        results: dict[str, dict[str, Any]] = {}
        cjk_chars: dict[str, Counter[str]] = {}
        for lib in libs:
            pages, result = run_one(lib, doc, slow_runs if lib.slow else runs)
            if pages is not None:
                text = "\n".join(pages)
                result["pages"] = len(pages)
                result.update(text_metrics(text))
                cjk_chars[lib.name] = Counter(ch for ch in text if is_cjk(ch))
                near, anywhere = code_found(text, doc.code)
                result["code_found"], result["code_anywhere"] = near, anywhere
                if doc.kind == "allotment_results":
                    labels = find_labels(text, doc.lang)
                    result["labels"] = labels
                    result["labels_loose"] = sum(v["loose"] for v in labels.values())
                    result["labels_strict"] = sum(v["strict"] for v in labels.values())
                    result["offer_shares_identity"] = offer_shares_identity(text, doc.lang)
                if doc.kind == "allotment_results" and doc.code in rows:
                    layout.setdefault(doc.code, {})[lib.name] = layout_check(text, rows[doc.code])
                if save == lib.name:
                    write_text(text_dir / f"{doc.key}.txt", pages)
            results[lib.name] = result
        counts = [r["cjk"] for r in results.values() if "cjk" in r]
        reference = statistics.median(counts) if counts else 0
        for name, result in results.items():
            if name not in cjk_chars:
                continue
            result["cjk_agreement"] = {
                other: cjk_overlap(cjk_chars[name], chars)
                for other, chars in cjk_chars.items()
                if other != name
            }
            bad = result["off_script"] + result["garbage"] + result["fffe"]
            result["zh_decoded"] = (
                doc.lang == "zh"
                and 0.95 * reference <= result["cjk"] <= 1.05 * reference
                and bad <= 0.005 * max(result["nonspace"], 1)
            )
        files.append(
            {
                "key": doc.key,
                "code": doc.code,
                "kind": doc.kind,
                "lang": doc.lang,
                "lang_by_content": lang_by_content(results),
                "sha256_ok": doc.sha256_ok,
                "bytes": doc.path.stat().st_size,
                "results": results,
            }
        )
        print(progress(number, len(docs), doc, results), file=sys.stderr, flush=True)
    return {"files": files, "layout": layout, "totals": totals(files, libs, (runs, slow_runs))}


def lang_by_content(results: dict[str, dict[str, Any]]) -> str | None:
    """Say "zh" when CJK characters are over 30% of the best-decoded text's non-space ones."""
    best = max(results.values(), key=lambda r: r.get("cjk", -1))
    if "cjk" not in best:
        return None
    return "zh" if best["cjk"] > 0.3 * best["nonspace"] else "en"


def write_text(path: Path, pages: list[str]) -> None:
    """One text file, each page after a ``=== page N ===`` line; CRLF line ends made LF."""
    parts = [
        f"=== page {i} ===\n{page.replace(CRLF, LF).rstrip()}\n" for i, page in enumerate(pages, 1)
    ]
    path.write_text("".join(parts), encoding="utf-8")


def progress(number: int, total: int, doc: Doc, results: dict[str, dict[str, Any]]) -> str:
    """One line per file on stderr."""
    cells = []
    for name, r in results.items():
        if "error" in r:
            cells.append(f"{name}=ERROR")
        else:
            cells.append(f"{name}={r['time_s']:.2f}s/{r['cjk']}cjk")
    return f"[{number:3d}/{total}] {doc.key:<46} " + " ".join(cells)


def totals(
    files: list[dict[str, Any]], libs: list[Library], runs: tuple[int, int]
) -> dict[str, Any]:
    """Sums and rates per library (``runs``: runs of the fast and of the slow libraries)."""
    out: dict[str, Any] = {}
    announcements = [f for f in files if f["kind"] == "allotment_results"]
    zh = [f for f in announcements if f["lang"] == "zh"]
    zh_notices = [f for f in files if f["kind"] == "over_allotment" and f["lang"] == "zh"]
    for lib in libs:
        rs = [f["results"][lib.name] for f in files]
        ok = [r for r in rs if "error" not in r]
        ann = [f["results"][lib.name] for f in announcements]
        ann_ok = [r for r in ann if "error" not in r]
        by_label: Counter[str] = Counter()
        for r in ann_ok:
            by_label.update(k for k, v in r["labels"].items() if v["loose"])
        label_total = sum(len(LABELS[f["lang"]]) for f in announcements)
        loose = sum(r["labels_loose"] for r in ann_ok)
        strict = sum(r["labels_strict"] for r in ann_ok)
        time_total = sum(r["time_s"] for r in ok)
        out[lib.name] = {
            "version": lib.version,
            "runs": runs[1] if lib.slow else runs[0],
            "files": len(files),
            "errors": len(rs) - len(ok),
            "zh_decoded": sum(bool(f["results"][lib.name].get("zh_decoded")) for f in zh),
            "zh_files": len(zh),
            "zh_notices_decoded": sum(
                bool(f["results"][lib.name].get("zh_decoded")) for f in zh_notices
            ),
            "zh_notices": len(zh_notices),
            "label_hits_loose": loose,
            "label_hits_strict": strict,
            "label_total": label_total,
            "label_rate_loose": round(loose / label_total, 4) if label_total else None,
            "label_rate_strict": round(strict / label_total, 4) if label_total else None,
            "all_labels_files": sum(r["labels_loose"] == 6 for r in ann_ok),
            "label_hits_by_concept": dict(sorted(by_label.items())),
            "code_found": sum(bool(r.get("code_found")) for r in ok),
            "offer_shares_identity": sum(r.get("offer_shares_identity") is True for r in ann_ok),
            "announcements": len(announcements),
            "cjk": sum(r["cjk"] for r in ok),
            "garbage": sum(r["garbage"] for r in ok),
            "fffd": sum(r["fffd"] for r in ok),
            "pua": sum(r["pua"] for r in ok),
            "cid": sum(r["cid"] for r in ok),
            "fffe": sum(r["fffe"] for r in ok),
            "off_script": sum(r["off_script"] for r in ok),
            "cjk_gaps": sum(r["cjk_gaps"] for r in ok),
            "time_total_s": round(time_total, 2),
            "time_per_file_s": round(time_total / len(ok), 4) if ok else None,
            "time_median_file_s": round(statistics.median(r["time_s"] for r in ok), 4)
            if ok
            else None,
        }
    return out


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


def percent(rate: float | None) -> str:
    """A rate as a percentage, or a dash when there was nothing to count."""
    return "-" if rate is None else f"{rate:.1%}"


def summary(report: dict[str, Any]) -> str:
    """The totals table, the layout checks and the files some library decodes badly."""
    t = report["totals"]
    names = list(t)
    lines = []
    header = f"{'':<28}" + "".join(f"{n:>14}" for n in names)
    lines.append(header)
    lines.append("-" * len(header))

    def row(label: str, cell: Callable[[dict[str, Any]], str]) -> None:
        lines.append(f"{label:<28}" + "".join(f"{cell(t[n]):>14}" for n in names))

    row("runs per file", lambda x: f"median of {x['runs']}" if x["runs"] > 1 else "1")
    row("errors", lambda x: str(x["errors"]))
    row("Chinese decoded", lambda x: f"{x['zh_decoded']}/{x['zh_files']}")
    row("  + zh over-allotment", lambda x: f"{x['zh_notices_decoded']}/{x['zh_notices']}")
    row("labels (no whitespace)", lambda x: percent(x["label_rate_loose"]))
    row("labels (as extracted)", lambda x: percent(x["label_rate_strict"]))
    row("files with all 6 labels", lambda x: str(x["all_labels_files"]))
    row("own stock code found", lambda x: f"{x['code_found']}/{x['files']}")
    row("offer shares add up", lambda x: f"{x['offer_shares_identity']}/{x['announcements']}")
    row("CJK characters", lambda x: str(x["cjk"]))
    row("garbage (FFFD+PUA+cid)", lambda x: str(x["garbage"]))
    row("U+FFFE", lambda x: str(x["fffe"]))
    row("off-script characters", lambda x: str(x["off_script"]))
    row("spaces between CJK chars", lambda x: str(x["cjk_gaps"]))
    row("total time (s)", lambda x: f"{x['time_total_s']:.1f}")
    row("time per file (s)", lambda x: f"{x['time_per_file_s']:.3f}")
    row("median per file (s)", lambda x: f"{x['time_median_file_s']:.3f}")
    for concept in LABELS["zh"]:

        def hits(x: dict[str, Any], c: str = concept) -> str:
            return str(x["label_hits_by_concept"].get(c, 0))

        row(f"  {concept}", hits)

    lines.append("")
    lines.append("Pool A first row (whole row on one line / numbers on one line / reading order):")
    for code, per_lib in report["layout"].items():
        cells = [
            f"{n}=" + "/".join("Y" if v[k] else "n" for k in LAYOUT_KEYS)
            for n, v in per_lib.items()
        ]
        lines.append(f"  {code}: " + "  ".join(cells))

    lines.append("")
    lines.append("Files where some library is short of labels, code or Chinese text:")
    for f in report["files"]:
        notes = []
        for n, r in f["results"].items():
            if "error" in r:
                notes.append(f"{n}: error")
                continue
            bad = []
            if f["kind"] == "allotment_results" and r["labels_loose"] < 6:
                missing = [k for k, v in r["labels"].items() if not v["loose"]]
                bad.append("no " + ",".join(missing))
            if not r["code_found"]:
                bad.append("no code")
            if f["kind"] == "allotment_results" and r["offer_shares_identity"] is not True:
                bad.append(f"offer shares: {r['offer_shares_identity']}")
            if f["lang"] == "zh" and not r["zh_decoded"]:
                bad.append(f"zh not decoded ({r['cjk']} cjk, {r['off_script']} off)")
            if bad:
                notes.append(f"{n}: " + "; ".join(bad))
        if notes:
            lines.append(f"  {f['key']}: " + " | ".join(notes))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Measure, print the summary, write the JSON (and the chosen library's texts)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3, help="runs of the fast libraries")
    parser.add_argument("--slow-runs", type=int, default=1, help="runs of pdfplumber")
    parser.add_argument("--save-text", default="pypdfium2", help="library whose text to save")
    parser.add_argument("--text-dir", type=Path, default=Path("/tmp/corpus_text"))
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--only", nargs="*", help="file stems to measure (default: all)")
    args = parser.parse_args(argv)

    for name in ("pypdf", "pdfminer", "pdfplumber"):
        logging.getLogger(name).setLevel(logging.ERROR)
    docs = corpus()
    if args.only:
        docs = [d for d in docs if d.key in set(args.only)]
    libs = libraries()
    save = args.save_text if args.save_text in {lib.name for lib in libs} else None
    started = time.perf_counter()
    report = measure(docs, libs, args.runs, args.slow_runs, save, args.text_dir)
    report["settings"] = {
        "runs_fast": args.runs,
        "runs_slow": args.slow_runs,
        "slow_libraries": [lib.name for lib in libs if lib.slow],
        "saved_text": save and str(args.text_dir),
        "wall_s": round(time.perf_counter() - started, 1),
    }
    report["machine"] = {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "libraries": {lib.name: lib.version for lib in libs},
    }
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(summary(report))
    print(f"\nwrote {args.out}" + (f" and {args.text_dir}/*.txt ({save})" if save else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

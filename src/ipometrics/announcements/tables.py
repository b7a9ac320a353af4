"""The tables of an allotment-results announcement, read from its text layer.

An HKEX "Announcement of (Final) Offer Price and Allotment Results" (配發結果公告 /
分配結果公告) prints, after its summary, a fixed set of tables: the cornerstone investors,
the lock-up undertakings, the placee and shareholder concentration analyses, and the basis of
allocation of the Hong Kong public offer by Pool A / Pool B (甲組 / 乙組). This module reads
those tables from :class:`~ipometrics.announcements.DocumentText`, in Traditional Chinese and
in English, value by value as printed:

* :func:`read_allocation_basis` -- the basis of allocation, as the dict that
  :class:`ipometrics.hk.allotment.AllotmentTable` validates;
* :func:`read_cornerstones` -- :class:`~ipometrics.announcements.CornerstoneInvestor` rows;
* :func:`read_lockups` -- :class:`~ipometrics.announcements.LockUp` rows;
* :func:`read_placee_concentration` --
  :class:`~ipometrics.announcements.PlaceeConcentration` rows.

How the text is read
--------------------
pypdfium2 returns each table cell's lines in reading order, but a cell that wraps is split
over several lines, and a row's numbers may sit on the first, middle or last line of its name
(cells are centred vertically). Page numbers and page footers are dropped; a table continued
on the next page repeats its column headings, which are recognised by their vocabulary and
skipped. Names are the text lines between two rows of numbers; a line that closes a bracket
left open by the previous row's name (``（「Schrode`` / ``rs」）``) belongs to that row.

The text layer is repaired only where one reading is left: a number the text layer broke
over two lines ("7" / "8名將獲得" for 78; "25,530," / "700"; a cell cut by a page break,
"25,530,7" ... "00") is rejoined; a basis row whose % sits at the foot of a page takes the
rest of its wording from the head of the next; a dash printed for nil takes the column kind
(shares or percent) of the rows that print a number there. Everything else that does not
fit -- a line with numbers that fits no row, a total that is not the sum of its rows, a basis
wording :func:`ipometrics.hk.allotment.parse_basis` does not know -- raises
:class:`~ipometrics.announcements.AnnouncementError` naming the file, the page and the row.

References
----------
The template since the 2025 reforms as described in ``shared/corpus/README.md`` (SUMMARY;
ALLOTMENT RESULTS DETAILS; cornerstone table; lock-up undertakings; placee concentration;
basis of allocation, Pool A / Pool B), and the 92 announcements of
``shared/corpus/hkex/allotment_results/`` (listings of 2025-03 to 2026-02), the variants
this module is tested on.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ipometrics.announcements._text import AnnouncementError, DocumentText
from ipometrics.announcements._types import CornerstoneInvestor, LockUp, PlaceeConcentration
from ipometrics.errors import IpoDataError
from ipometrics.hk.allotment import parse_basis

__all__ = [
    "read_allocation_basis",
    "read_cornerstones",
    "read_lockups",
    "read_placee_concentration",
]

# --------------------------------------------------------------------------------------------
# Lines and streams of text
# --------------------------------------------------------------------------------------------

_CJK_CHAR = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_FOOTER = re.compile(r"^[-–—−]\s*\d{1,3}\s*[-–—−]$")
_BARE_INT = re.compile(r"^\d{1,3}$")

#: A count as printed: ``1,234,567`` or ``1234``.
_N = r"(?<![\d,.])(?:\d{1,3}(?:,\d{3})+|\d+)(?![\d]|[.,]\d)"
#: A decimal as printed, thousands separators allowed: ``1,837.17``.
_DEC = r"(?<![\d,.])\d[\d,]*(?:\.\d+)?(?![\d])"


@dataclass(frozen=True)
class _Line:
    page: int
    text: str


def _is_page_number(line: str, index: int) -> bool:
    # The printed page number is the PDF page less a few cover pages.
    return bool(_BARE_INT.match(line)) and index - 10 <= int(line) <= index


def _lines(doc: DocumentText) -> list[_Line]:
    """Non-blank lines with their 1-based page, without page numbers and page footers."""
    out: list[_Line] = []
    for index, page in enumerate(doc.pages, start=1):
        kept = [" ".join(line.split()) for line in page.split("\n")]
        kept = [line for line in kept if line]
        if kept and _is_page_number(kept[0], index):
            kept = kept[1:]
        if kept and _is_page_number(kept[-1], index):
            kept = kept[:-1]
        out.extend(_Line(index, line) for line in kept if not _FOOTER.match(line))
    return out


def _cjk_pair(left: str, right: str) -> bool:
    return bool(left and right and _CJK_CHAR.match(left[-1]) and _CJK_CHAR.match(right[0]))


def _join(left: str, right: str, newline: str = " ") -> str:
    """Join two pieces of wrapped text: Chinese runs on without a space, other text with one."""
    if not left or not right:
        return left + right
    return left + ("" if _cjk_pair(left, right) else newline) + right


class _Stream:
    """Lines joined into one string, remembering the page of every character.

    Chinese text that wraps runs on (``獲發額`` + ``外`` is ``獲發額外``) unless ``runon`` is
    false; any other line break becomes ``newline``.
    """

    def __init__(self, lines: list[_Line], newline: str = "\n", *, runon: bool = True) -> None:
        self._starts: list[int] = []
        self._pages: list[int] = []
        text = ""
        for line in lines:
            joined = (
                _join(text, line.text, newline) if runon or not text else text + "\n" + line.text
            )
            self._starts.append(len(joined) - len(line.text))
            self._pages.append(line.page)
            text = joined
        self.text = text

    def page_at(self, offset: int) -> int:
        """1-based page of the character at ``offset``."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return self._pages[max(i, 0)]


def _int(text: str) -> int:
    return int(re.sub(r"[,\s]", "", text))


def _where(doc: DocumentText, page: int) -> str:
    return f"{doc.origin}, page {page}"


# --------------------------------------------------------------------------------------------
# Basis of allocation
# --------------------------------------------------------------------------------------------

_HEADING = re.compile(
    r"(?:香港)?公開發售(?:項下)?(?:的)?(?:分配|配發)(?:基準|準則)"
    r"|BASIS\s+OF\s+ALLOCATION\s+UNDER\s+THE\s+HONG\s+KONG\s+PUBLIC\s+OFFERING",
    re.IGNORECASE,
)
_POOL_A_LINE = re.compile(r"甲\s*組(?!\s*(?:獲\s*接\s*納|成\s*功))|^POOL\s+A\b|^Pool\s+A\b")
_EVENT = re.compile(
    # A pool's total: "總計 194,421 甲組獲接納申請人總數：82,977" / "Total 397,689 Total
    # number of Pool A successful applicants: 84,944" (label and count may be on own lines).
    rf"(?P<total>(?:(?:總計|總數|合計|小計|Total)\s*[:：]?\s*)?(?P<tvalid>{_N})\s*"
    r"(?:(?P<zpool>[甲乙])\s*組\s*(?:獲\s*接\s*納|成\s*功)\s*申\s*請\s*[人者]\s*(?:的\s*)?總\s*數"
    r"|Total\s+number\s+of\s+Pool\s+(?P<epool>[AB])\s+successful\s+applicants)"
    rf"\s*[:：﹕]?\s*(?P<tsucc>{_N})(?:\s*[名人])?)"
    # A row: shares applied for [股], valid applications, the wording, the % allotted.
    rf"|(?P<row>(?P<applied>{_N})(?:\s*股)?\s+(?P<valid>{_N})\s+(?P<basis>\S.*?)\s*"
    r"(?P<pct>(?<![\d,.])\d{1,3}(?:\.\d{1,4})?)\s*%)"
    # A pool heading.
    r"|(?P<marker>(?P<zmark>[甲乙])\s*組|(?:POOL|Pool)\s+(?P<emark>[AB])\b)",
    re.DOTALL,
)


@dataclass(frozen=True)
class _BasisRow:
    pool: str
    shares_applied: int
    valid_applications: int
    basis: str
    pct: Decimal
    page: int
    printed: str


@dataclass(frozen=True)
class _PoolTotal:
    valid: int
    successful: int
    page: int
    printed: str


def _wordings(raw: str) -> list[str]:
    """Readings of a wording cut over lines: as printed, then with a split number rejoined.

    The text layer sometimes breaks a number over two lines (``7`` / ``8名將獲得`` for 78, in
    Biren's announcement); no wording has two numbers side by side, so the second reading
    joins digits on both sides of a line break.
    """
    plain = " ".join(raw.split())
    merged = " ".join(re.sub(r"(?<=\d)\n(?=\d)", "", raw).split())
    return [plain] if merged == plain else [plain, merged]


def _parses(wording: str, valid: int) -> bool:
    try:
        parse_basis(wording, valid_applications=valid)
    except IpoDataError:
        return False
    return True


def _row_basis(m: re.Match[str], stream: _Stream, valid: int) -> tuple[str | None, int]:
    """A row's wording and where the row ends; ``None`` when no reading parses."""
    for wording in _wordings(m["basis"]):
        if _parses(wording, valid):
            return wording, m.end()
    # A row cut by a page break prints its % at the foot of one page and the rest of the
    # wording at the head of the next (00470, 02050, 03750).
    text = stream.text
    nxt = _EVENT.search(text, m.end())
    stop = nxt.start() if nxt else len(text)
    rest = text[m.end() : stop]
    first = m.end() + len(rest) - len(rest.lstrip())
    if rest.strip() and stream.page_at(first) > stream.page_at(m.end() - 1):
        for wording in _wordings(_join(m["basis"], rest.strip(), "\n")):
            if _parses(wording, valid):
                return wording, stop
    return None, m.end()


def _basis_rows(doc: DocumentText) -> tuple[list[_BasisRow], dict[str, _PoolTotal]] | None:
    """The rows and the two pool totals of the basis-of-allocation table, or ``None``."""
    lines = _lines(doc)
    head = next((i for i, ln in enumerate(lines) if _HEADING.search(ln.text)), None)
    if head is None:
        return None
    start = next((i for i in range(head, len(lines)) if _POOL_A_LINE.search(lines[i].text)), None)
    if start is None:
        return None
    stream = _Stream(lines[start:])
    text = stream.text
    rows: list[_BasisRow] = []
    totals: dict[str, _PoolTotal] = {}
    pool: str | None = None
    pos = 0
    while "B" not in totals:
        m = _EVENT.search(text, pos)
        gap = text[pos : m.start() if m else len(text)]
        if digit := re.search(r"\d", gap):
            page = stream.page_at(pos + digit.start())
            raise AnnouncementError(
                f"{_where(doc, page)}: basis-of-allocation table: cannot read "
                f"{' '.join(gap.split())[:120]!r} (expected a row '<shares applied> <valid "
                "applications> <basis> <pct>%' or a pool's total of successful applicants)"
            )
        if m is None:
            raise AnnouncementError(
                f"{_where(doc, stream.page_at(len(text) - 1))}: basis-of-allocation table ends "
                f"without the Pool B total (read {len(rows)} rows, totals of pools "
                f"{sorted(totals)})"
            )
        page = stream.page_at(m.start())
        printed = " ".join(m.group(0).split())
        pos = m.end()
        if m["marker"]:
            new = "A" if (m["zmark"] or m["emark"]) in ("甲", "A") else "B"
            if (pool == "B" and new == "A") or (new == "B" and "A" not in totals):
                raise AnnouncementError(
                    f"{_where(doc, page)}: basis-of-allocation table: pool {new} heading after "
                    f"pool {pool} (pool totals read: {sorted(totals)})"
                )
            pool = new
        elif m["total"]:
            which = "A" if (m["zpool"] or m["epool"]) in ("甲", "A") else "B"
            if which != pool:
                raise AnnouncementError(
                    f"{_where(doc, page)}: basis-of-allocation table: total of pool {which} "
                    f"{printed!r} under the pool {pool} heading"
                )
            totals[which] = _PoolTotal(_int(m["tvalid"]), _int(m["tsucc"]), page, printed)
        else:
            if pool is None or pool in totals:
                raise AnnouncementError(
                    f"{_where(doc, page)}: basis-of-allocation row {printed!r} is outside "
                    "Pool A and Pool B"
                )
            valid = _int(m["valid"])
            basis, pos = _row_basis(m, stream, valid)
            if basis is None:
                try:
                    parse_basis(" ".join(m["basis"].split()), valid_applications=valid)
                except IpoDataError as err:
                    raise AnnouncementError(
                        f"{_where(doc, page)}: basis-of-allocation row {printed!r}: {err}"
                    ) from err
                raise AssertionError("a wording that parses was refused")  # pragma: no cover
            if pos != m.end():
                printed = f"{printed} {' '.join(text[m.end() : pos].split())}"
            pct = Decimal(m["pct"])
            rows.append(_BasisRow(pool, _int(m["applied"]), valid, basis, pct, page, printed))
    return rows, totals


# The public offer's headline figures (配發結果詳情 / ALLOTMENT RESULTS DETAILS), read only
# to complete the table record; the summary parser reads the same lines for the offering.
_DETAILS = re.compile(r"(?:配發|分配)結果詳情|ALLOTMENT\s+RESULTS\s+DETAILS", re.IGNORECASE)
_INTERNATIONAL = re.compile(r"^(?:國際發售|國際配售)\s*$|^INTERNATIONAL\s+OFFER", re.IGNORECASE)
_PAREN = r"(?:[（(][^\d）)]*[）)])?"
_ZH_FIGURES: dict[str, re.Pattern[str]] = {
    "valid_applications": re.compile(rf"有效申請數目(?P<v>{_N})"),
    "successful_applications": re.compile(rf"(?:受理|成功|獲接納)申請數目(?P<v>{_N})"),
    "subscription_multiple": re.compile(rf"認購(?:水平|額|倍數){_PAREN}(?P<v>{_DEC})倍"),
    "initial_public_shares": re.compile(
        rf"初步可供認購(?:的)?(?:發售)?股份(?:數目|數量){_PAREN}(?P<v>{_N})(?![.%])"
    ),
    "final_public_shares": re.compile(
        rf"(?:最終(?:發售)?股份(?:數目|數量)|股份(?:的)?最終數目)[^\d佔%]{{0,60}}?"
        rf"(?P<v>{_N})(?![.%])"
    ),
}
_EN_FIGURES: dict[str, re.Pattern[str]] = {
    "valid_applications": re.compile(rf"No\.\s+of\s+valid\s+applications\s+(?P<v>{_N})", re.I),
    "successful_applications": re.compile(
        rf"No\.\s+of\s+successful\s+applications\s+(?P<v>{_N})", re.I
    ),
    "subscription_multiple": re.compile(
        rf"Subscription\s+level(?:\s*\([^\d)]*\))?\s+(?P<v>{_DEC})(?:\s+times)?", re.I
    ),
    "initial_public_shares": re.compile(
        r"initially\s+available\s+under\s+the\s+(?:Hong\s+Kong\s+)?Public\s+Offer(?:ing)?"
        rf"\s+(?P<v>{_N})",
        re.I,
    ),
    "final_public_shares": re.compile(
        r"Final\s+no\.\s+of\s+Offer\s+Shares\s+under\s+the\s+(?:Hong\s+Kong\s+)?Public\s+Offer"
        rf"(?:ing)?(?:\s*\([^\d)]*\))?\s+(?P<v>{_N})",
        re.I,
    ),
}


def _public_offer_figures(doc: DocumentText) -> dict[str, tuple[str, int]]:
    """The public offer's printed totals (text as printed, page)."""
    lines = _lines(doc)
    start = next((i for i, ln in enumerate(lines) if _DETAILS.search(ln.text)), None)
    if start is None:
        raise AnnouncementError(
            f"{doc.origin}: no allotment-results details (配發結果詳情 / ALLOTMENT RESULTS "
            "DETAILS) to read the public offer's totals from"
        )
    end = next(
        (i for i in range(start + 2, len(lines)) if _INTERNATIONAL.search(lines[i].text)),
        min(len(lines), start + 60),
    )
    section = lines[start:end]
    zh = doc.language == "zh"
    if zh:  # issuers space out Chinese labels ("由 國 際 發 售"); numbers never touch
        section = [_Line(ln.page, "".join(ln.text.split())) for ln in section]
    stream = _Stream(section, newline="" if zh else "\n")
    found: dict[str, tuple[str, int]] = {}
    for name, pattern in (_ZH_FIGURES if zh else _EN_FIGURES).items():
        m = pattern.search(stream.text)
        if m is None:
            raise AnnouncementError(
                f"{_where(doc, section[0].page)}: public offer: cannot find {name} in the "
                "allotment-results details"
            )
        found[name] = (m["v"], stream.page_at(m.start()))
    return found


_ZH_LOT_UNIT = r"(?P<unit>H股份|H股|股份|[A-Z]類(?:普通)?股(?:份)?)?"
_ZH_BOARD_LOT = (
    re.compile(rf"每手(?:買賣單位)?(?P<v>{_N})股{_ZH_LOT_UNIT}"),
    re.compile(rf"買賣單位(?:將)?為(?:每手)?(?P<v>{_N})股{_ZH_LOT_UNIT}"),
    re.compile(rf"以(?P<v>{_N})股{_ZH_LOT_UNIT}為一手"),
)
_EN_BOARD_LOT = re.compile(rf"board\s+lots?\s+of\s+(?P<v>{_N})\s+(?P<unit>.{{1,40}}?)\s+each", re.I)


def _board_lot(doc: DocumentText) -> tuple[int, str, int]:
    """Shares per board lot, the unit word as printed and its page (the last such sentence)."""
    found: tuple[int, str, int] | None = None
    for page_no, page in enumerate(doc.pages, start=1):
        if doc.language == "zh":
            text = "".join(page.split())
            for pattern in _ZH_BOARD_LOT:
                for m in pattern.finditer(text):
                    found = (_int(m["v"]), m["unit"] or "股", page_no)
        else:
            for m in _EN_BOARD_LOT.finditer(" ".join(page.split())):
                found = (_int(m["v"]), m["unit"], page_no)
    if found is None:
        raise AnnouncementError(
            f"{doc.origin}: no board-lot sentence (每手 ... 股 / 'board lots of ...') found"
        )
    return found


def read_allocation_basis(
    doc: DocumentText, *, key: str, stock_code: str, source: Mapping[str, str | None]
) -> dict[str, Any] | None:
    r"""The basis of allocation of the Hong Kong public offer, as a table record.

    Parameters
    ----------
    doc : DocumentText
        An allotment-results announcement.
    key : str
        Offering key for the record, e.g. ``"biren"``.
    stock_code : str
        Five-digit HKEX stock code, e.g. ``"06082"``.
    source : mapping of str to str
        The announcement as a source, copied into the record: ``id`` (e.g. ``"S1"``),
        ``url``, ``document`` and any other field :class:`~ipometrics.hk.allotment.TableSource`
        has.

    Returns
    -------
    dict or None
        A dict in the layout of ``fixtures/allotment/<key>.json`` (``schema_version``,
        ``key``, ``stock_code``, ``source``, ``board_lot``, ``pools``, ``totals``, ``rows``,
        ``derived``) for :meth:`ipometrics.hk.allotment.AllotmentTable.model_validate`:
        counts [count] and shares [shares] as ``int``; ``approx_pct_allotted`` [percent units]
        and ``subscription_multiple`` [times] as printed, as ``Decimal``; ``basis`` the wording
        as printed with its line breaks joined. ``pools`` come from the table's "甲組獲接納申請人
        總數" / "Total number of Pool A successful applicants" lines; ``totals`` and
        ``board_lot`` from the allotment-results details and the board-lot sentence;
        ``derived`` holds the sums of the rows.

        ``None`` when the document has no basis-of-allocation table split into Pool A and
        Pool B: no such heading (香港公開發售的分配基準 / 分配準則 / BASIS OF ALLOCATION UNDER
        THE HONG KONG PUBLIC OFFERING), or a table without pools -- the 2025 "mechanism B"
        tables that print an unsuccessful and a successful row per application size (02655,
        02685, 03636) and GEM public offers (08549).

    Raises
    ------
    IpoDataError
        If ``source`` has no ``id``.
    AnnouncementError
        If a row cannot be read (the message names the page and quotes the row), a wording is
        not one :func:`ipometrics.hk.allotment.parse_basis` knows, a pool total is missing, or
        the public offer's totals or board lot cannot be found. No row is ever skipped.

    Notes
    -----
    ``derived`` holds ``sum(shares_applied x valid_applications)`` per pool, the shares the
    wordings allot per pool (``fixed x valid + winners x lot``), their totals, the largest
    application and ``total applied / initial public shares`` to 4 decimals (half-up).
    Whether the rows add up to the printed figures is
    :func:`ipometrics.hk.allotment.check_allotment_table`'s question, not this reader's.

    Examples
    --------
    >>> text = "\\f".join([
    ...     "配發結果詳情\n香港公開發售\n有效申請數目 3\n受理申請數目 2\n認購水平 1.50倍\n"
    ...     "香港公開發售項下初步可供認購的發售股份數目 400\n"
    ...     "香港公開發售項下最終發售股份數目 400\n國際發售",
    ...     "香港公開發售的分配基準\n甲組\n100 2 2名中1名獲發100股H股 50.00%\n"
    ...     "總計 2 甲組獲接納申請人總數：1\n乙組\n200 1 100股H股 50.00%\n"
    ...     "總計 1 乙組獲接納申請人總數：1\nH股將以每手100股H股為買賣單位進行買賣。"])
    >>> table = read_allocation_basis(DocumentText.from_text(text), key="demo",
    ...     stock_code="09999", source={"id": "S1", "url": "u", "document": "d"})
    >>> [(r["pool"], r["shares_applied"], r["basis"]) for r in table["rows"]]
    [('A', 100, '2名中1名獲發100股H股'), ('B', 200, '100股H股')]
    """
    read = _basis_rows(doc)
    if read is None:
        return None
    rows, pools = read
    figures = _public_offer_figures(doc)
    lot, unit, lot_page = _board_lot(doc)
    src = source.get("id")
    if not src:
        raise IpoDataError(f"source must have a non-empty 'id', got {dict(source)!r}")

    def count(name: str) -> int:
        return _int(figures[name][0])

    initial = count("initial_public_shares")
    applied = {
        p: sum(r.shares_applied * r.valid_applications for r in rows if r.pool == p) for p in "AB"
    }
    allotted = {
        p: sum(
            parse_basis(r.basis).shares_allotted(r.valid_applications) for r in rows if r.pool == p
        )
        for p in "AB"
    }
    total_applied = applied["A"] + applied["B"]
    multiple = (Decimal(total_applied) / Decimal(initial)).quantize(
        Decimal("0.0001"), rounding=ROUND_HALF_UP
    )
    return {
        "schema_version": 1,
        "key": key,
        "stock_code": stock_code,
        "source": dict(source),
        "board_lot": {
            "value": lot,
            "unit": unit,
            "src": src,
            "note": f"unit word as printed in the board-lot sentence (page {lot_page})",
        },
        "pools": {
            p: {
                "valid_applications": pools[p].valid,
                "successful_applications": pools[p].successful,
                "src": src,
            }
            for p in "AB"
        },
        "totals": {
            "valid_applications": count("valid_applications"),
            "successful_applications": count("successful_applications"),
            "subscription_multiple": Decimal(figures["subscription_multiple"][0].replace(",", "")),
            "initial_public_shares": initial,
            "final_public_shares": count("final_public_shares"),
            "src": src,
        },
        "rows": [
            {
                "pool": r.pool,
                "shares_applied": r.shares_applied,
                "valid_applications": r.valid_applications,
                "basis": r.basis,
                "approx_pct_allotted": r.pct,
            }
            for r in rows
        ],
        "derived": {
            "pool_a_shares_applied": {
                "value": applied["A"],
                "derived": "sum over Pool A rows of shares_applied x valid_applications",
            },
            "pool_b_shares_applied": {
                "value": applied["B"],
                "derived": "sum over Pool B rows of shares_applied x valid_applications",
            },
            "total_shares_applied": {
                "value": total_applied,
                "derived": "pool_a_shares_applied + pool_b_shares_applied",
            },
            "pool_a_shares_allotted": {
                "value": allotted["A"],
                "derived": "sum over Pool A rows of the shares implied by basis (fixed shares x "
                "valid_applications + ballot winners x ballot lot)",
            },
            "pool_b_shares_allotted": {"value": allotted["B"], "derived": "same for Pool B rows"},
            "total_shares_allotted": {
                "value": allotted["A"] + allotted["B"],
                "derived": "pool_a_shares_allotted + pool_b_shares_allotted",
            },
            "subscription_multiple": {
                "value": multiple,
                "derived": "total_shares_applied / totals.initial_public_shares, 4 decimals",
            },
            "largest_application_shares": {
                "value": max(r.shares_applied for r in rows),
                "derived": "largest shares_applied in the table",
            },
        },
    }


# --------------------------------------------------------------------------------------------
# Tables of named rows: cornerstone investors and lock-up undertakings
# --------------------------------------------------------------------------------------------

#: Shares as printed; a space after a thousands comma occurs ("4,447, 000").
_SH = r"(?<![\d,.])(?:\d{1,3}(?:,\s?\d{3})+|\d+)(?![\d]|[.,]\d)"
#: A percentage as printed: "9.56%", "< 0.01%", or a bare "17.23" in tables without signs.
_PCT = r"(?:<\s*)?(?<![\d,.])\d{1,3}(?:\.\d+)?\s*%|(?<![\d,.])\d{1,3}\.\d+(?![\d%])"
_NOTE = (
    r"(?:[（(]\s*(?:附\s*註|Notes?)[^）)]{0,20}[）)]|附\s*註\s*\d+(?:\s*[、及和,]\s*\d+)*"
    r"|Notes?\s*\d+(?:\s*(?:and|,|&)\s*(?:Note\s*)?\d+)*|[（(]\s*\d{1,2}\s*[)）])"
)
_TOTAL_NAME = re.compile(r"^(?:總計|合計|總數|Total)\s*[:：]?$", re.IGNORECASE)
_SUBTOTAL_NAME = re.compile(r"^(?:小計|Sub-?total)\s*[:：]?$", re.IGNORECASE)
_OPEN = "（(「“《[『"
_CLOSE = "）)」”》]』"

# Column headings: every Chinese character of a heading line is one of these, every English
# word one of _HEADER_WORDS. Names of investors always have some other character or word.
_HEADER_CHARS = set(
    "投資者獲分配配發售股份數目量佔百分比全球後已行總額本超權未使假設現有東或其緊密聯繫人是否為"
    "彼等概約隨完成計及調整悉並且名稱附註關係類普通之於上市時需禁售須遵守承諾持有最日期以首次"
    "公開前購計劃將予任何不部分身份所占的額外同意相關經受限姓包括"
)
_HEADER_TEXT = (
    "% %) no no. of offer shares share allocated allotted investor investors approximate "
    "total issued capital after the global offering taking into account full exercise "
    "exercised size adjustment option and assuming over-allotment over allotment is not "
    "existing shareholders shareholder or their close relationship class a b h ordinary "
    "note notes before any upon listing in number name held company subject to lock-up "
    "lockup undertakings undertaking last day capacity immediately following completion "
    "percentage be are new fully its whether an"
)
_HEADER_WORDS = frozenset(_HEADER_TEXT.split())
_SECTION = re.compile(
    r"^(?:附\s*註\s*[:：﹕]|附\s*註\s*$|註\s*[:：]|Notes?\s*[:：]|Notes?$|\*|獲得豁免|獲豁免|禁售承諾"
    r"|承配人(?:股權)?集中度|(?:H\s*股)?股東集中度|配發結果|國際發售的承配人|Allotees\s+with"
    r"|LOCK-UP\s+UNDERTAKINGS|PLACEE\s+CONCENTRATION|(?:[A-Z ]+\s)?SHAREHOLDERS?\s+CONCENTRATION"
    r"|BASIS\s+OF\s+ALLOCATION)"
)


def _is_header(text: str) -> bool:
    """Whether a line is part of a table's column headings (repeated on each page)."""
    text = re.sub(_NOTE, "", text)
    cjk = _CJK_CHAR.findall(text)
    if cjk:
        rest = re.sub(
            r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\sHAB%（）()、,.╱/-]", "", text
        )
        return not rest and all(ch in _HEADER_CHARS or not ch.strip() for ch in cjk if ch.isalpha())
    words = re.findall(r"[A-Za-z%][A-Za-z%.\-]*", text.replace("(", " ").replace(")", " "))
    leftover = re.sub(r"[A-Za-z%][A-Za-z%.\-]*|[\s(),.:\d]", "", text)
    return (
        bool(words)
        and not leftover
        and all(w.lower().strip(".") in _HEADER_WORDS or w.lower() in _HEADER_WORDS for w in words)
    )


def _unclosed(text: str) -> int:
    return sum(text.count(c) for c in _OPEN) - sum(text.count(c) for c in _CLOSE)


def _clean_name(text: str) -> str:
    """A name without its note references ("附註1", "Note 2", "(3)")."""
    return " ".join(re.sub(_NOTE, " ", text).split()).strip(" ,、")


@dataclass
class _NamedRow:
    name: str
    match: re.Match[str]
    page: int
    printed: str


_NUMBERS = re.compile(r"\d{1,3},\s?\d{3}|\d\.\d+\s*%")
_HEADER_END = re.compile(
    r"百分比|分比|數目|聯繫人|繫人|股東|是否|行使|配股權|總額|總數|最後日期|禁售承諾|身份|關係"
    r"|associates|Relationship|exercised\)?|Option\)?|allocated|undertakings|Capacity",
    re.IGNORECASE,
)


def _table_region(lines: list[_Line], stop: Callable[[str], bool]) -> tuple[list[_Line], str]:
    """A table's lines without its column headings, and the heading text (no spaces).

    On the table's first page and on every page it continues on, the lines before the first
    line with numbers, up to the last one that reads as a column heading, are headings. The
    table ends before the first other line for which ``stop`` is true.
    """
    kept: list[_Line] = []
    header: list[str] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].page == lines[i].page:
            j += 1
        segment = lines[i:j]
        first = next((k for k, ln in enumerate(segment) if _NUMBERS.search(ln.text)), len(segment))
        last = max(
            (
                k
                for k in range(first)
                if _HEADER_END.search(segment[k].text) or _is_header(segment[k].text)
            ),
            default=-1,
        )
        if kept and any(stop(ln.text) for ln in segment[: last + 1]):
            last = -1
        if not kept and not header:
            header = [ln.text for ln in segment[: last + 1]]
        for line in segment[last + 1 :]:
            if stop(line.text):
                return kept, "".join("".join(h.split()) for h in header)
            kept.append(line)
        i = j
    return kept, "".join("".join(h.split()) for h in header)


def _numbers_stream(lines: list[_Line]) -> _Stream:
    """A stream of table lines in which a number cut over two lines is rejoined."""
    merged: list[_Line] = []
    for line in lines:
        cut = re.search(r"\d,(\d{0,2})$", merged[-1].text) if merged else None
        rest = 3 - len(cut.group(1)) if cut else 0
        if merged and (
            (cut and re.match(rf"\d{{{rest}}}(?:,\d{{3}})*(?![\d])", line.text))
            or re.match(r",\d{3}\b", line.text)
        ):
            merged[-1] = _Line(merged[-1].page, merged[-1].text + line.text)
        else:
            merged.append(line)
    return _Stream(merged, runon=False)


def _named_rows(
    stream: _Stream, row: re.Pattern[str], *, what: str, doc: DocumentText
) -> list[_NamedRow]:
    """Rows of a table whose first column is a wrapped name.

    The name of a row is the text between the previous row's numbers and its own, except
    the lines that close a bracket the previous row's name left open.
    """
    text = stream.text
    rows: list[_NamedRow] = []
    pos = 0
    for m in row.finditer(text):
        gap = text[pos : m.start()]
        _refuse_numbers(gap, stream, pos, what, doc)
        parts = [p.strip() for p in gap.split("\n") if p.strip()]
        if rows and _unclosed(rows[-1].name) > 0:
            while parts and _unclosed(rows[-1].name) > 0:
                fragment = parts.pop(0)
                rows[-1].name = _join(rows[-1].name, fragment)
                rows[-1].printed = _join(rows[-1].printed, fragment)
        name = ""
        for part in parts:
            name = _join(name, part)
        printed = " ".join(_join(name, m.group(0)).split())
        if "label" in m.re.groupindex and m["label"]:
            name = _join(name, m["label"])
        rows.append(_NamedRow(name, m, stream.page_at(m.start()), printed))
        pos = m.end()
    rest = [p.strip() for p in text[pos:].split("\n") if p.strip()]
    _refuse_numbers(text[pos:], stream, pos, what, doc)
    if rows:
        while rest and _unclosed(rows[-1].name) > 0:
            rows[-1].name = _join(rows[-1].name, rest.pop(0))
    return rows


def _refuse_numbers(gap: str, stream: _Stream, pos: int, what: str, doc: DocumentText) -> None:
    numbers = r"\d{1,3},[ ]?\d{3}|\d[ ]*%"
    lines = [p for p in gap.split("\n") if re.search(numbers, re.sub(_NOTE, "", p))]
    if lines:
        line = lines[0]
        raise AnnouncementError(
            f"{_where(doc, stream.page_at(pos + gap.find(line)))}: {what}: cannot read "
            f"{line.strip()!r} (expected a name, or a row of shares and percentages)"
        )


_CORNERSTONE_HEADING = re.compile(
    r"^(?:基石投資者|Cornerstone\s+Investors?|CORNERSTONE\s+INVESTORS?)$"
)
_CORNERSTONE_TITLE = re.compile(r"^(?:(?:基石)?投資者|Investors?\b|INVESTORS?\b)")
_FLAG = r"(?:是|否|不是|無|Yes|No|N/A|[-–—])"
_NOT_A_NOTE = r"(?<!Note )(?<!Notes )(?<!附註)(?<!附註 )(?<!\()(?<!（)"
_CORNERSTONE_ROW = re.compile(
    r"(?:(?P<label>總計|合計|總數|小計|Total|Sub-?total)\s*[:：]?\s*)?"
    rf"{_NOT_A_NOTE}(?P<shares>{_SH})(?:\s*股)?(?:\s*{_NOTE})*"
    rf"(?:\s+(?P<pcts>(?:{_PCT})(?:\s*(?:{_PCT})%?)*))?(?(pcts)|(?(label)|(?!)))"
    r"(?P<tail>[^\n]*)"
    rf"(?:\n(?P<flag2>{_FLAG})[ \t]*(?=\n|$))?"
)
_OFFER_PCT = re.compile(r"佔發售股份|發售股份的百分比|發售股份總數|%ofOfferShares", re.IGNORECASE)


def _decimal_pcts(text: str) -> tuple[Decimal | None, ...]:
    out: list[Decimal | None] = []
    for token in re.findall(_PCT, text):
        out.append(None if "<" in token else Decimal(token.replace("%", "").strip()))
    return tuple(out)


def _is_group(g: int, members: list[int], shares: list[int]) -> bool:
    """Whether row ``g``'s shares are the sum of two or more rows just after or before it."""
    for side in ([j for j in members if j > g], [j for j in reversed(members) if j < g]):
        run = 0
        for n, j in enumerate(side, start=1):
            run += shares[j]
            if run >= shares[g]:
                if run == shares[g] and n >= 2:
                    return True
                break
    return False


def _check_subtotals(
    rows: list[_NamedRow], kinds: list[str], doc: DocumentText, what: str
) -> list[int]:
    """Indices of the rows that are investors, after checking every total against its rows.

    A group printed with its own shares beside its members (03200: "富國 814,000" over
    244,200 + 569,800; 02580: "中郵保險及中郵理財" under its two members) is a group row, not
    an investor: it is recognised because its shares are exactly the sum of the rows just
    after (or just before) it, and the grand total holds without it.
    """
    shares = [_int(r.match["shares"]) for r in rows]
    members = [i for i, k in enumerate(kinds) if k == "row"]
    for i, kind in enumerate(kinds):
        if kind != "subtotal":
            continue
        before = [j for j in members if j < i]
        run, ok = 0, False
        for j in reversed(before):
            run += shares[j]
            if run == shares[i]:
                ok = True
                break
            if kinds[j - 1 : j] == ["subtotal"]:
                break
        if not ok:
            raise AnnouncementError(
                f"{_where(doc, rows[i].page)}: {what}: subtotal {rows[i].printed!r} is "
                f"{shares[i]:,} shares, which is not the sum of the rows above it"
            )
    totals = [i for i, k in enumerate(kinds) if k == "total"]
    if not totals:
        subtotals = [i for i, k in enumerate(kinds) if k == "subtotal"]
        if len(subtotals) == 1 and subtotals[0] == len(rows) - 1:
            totals = subtotals
    if not totals:
        return members
    total = totals[-1]
    expected = shares[total]
    found = sum(shares[j] for j in members)
    if found == expected:
        return members
    groups = [g for g in members if _is_group(g, members, shares)]
    for chosen in ([g] for g in groups) if len(groups) > 1 else iter(()):
        if found - sum(shares[g] for g in chosen) == expected:
            return [j for j in members if j not in chosen]
    if groups and found - sum(shares[g] for g in groups) == expected:
        return [j for j in members if j not in groups]
    raise AnnouncementError(
        f"{_where(doc, rows[total].page)}: {what}: the total {rows[total].printed!r} is "
        f"{expected:,} shares but its {len(members)} rows add up to {found:,} "
        f"(difference {found - expected:+,})"
    )


def read_cornerstones(doc: DocumentText) -> list[CornerstoneInvestor]:
    r"""The cornerstone investors table (基石投資者 / Cornerstone Investors).

    Parameters
    ----------
    doc : DocumentText
        An allotment-results announcement.

    Returns
    -------
    list of CornerstoneInvestor
        One per investor row, in printed order: the name as printed with its line breaks
        joined and note references ("附註1", "Note 2", "(3)") removed, shares allotted
        [shares], the row's percentages [percent units] (``pct_of_offer`` when the table has
        a "% of offer shares" column; ``pct_of_shares_in_issue`` the last percentage, of all
        shares in issue or of the class the table states), the 是 / 否 column, the page and
        the row as printed. Total and subtotal rows (總計 / 小計 / Total) are not investors.
        An empty list when the document has no cornerstone table or says there are no
        cornerstone investors.

    Raises
    ------
    AnnouncementError
        If the printed total (or a subtotal) is not the sum of its rows -- the message gives
        both numbers and the page -- or a line with shares or percentages fits no row.

    Examples
    --------
    >>> doc = DocumentText.from_text(
    ...     "基石投資者\n投資者\n獲分配的發售股份數目\n佔發售股份的百分比\n"
    ...     "是否為現有股東或其緊密聯繫人\n中興通訊（香港）有限公司(3) 151,000 0.59% 否\n"
    ...     "XN Mountain International\nLimited\n914,700 3.60% 是\n總計 1,065,700 4.19%")
    >>> for c in read_cornerstones(doc):
    ...     print(c.investor, c.shares, c.pct_of_offer, c.existing_shareholder)
    中興通訊(香港)有限公司 151000 0.59 False
    XN Mountain International Limited 914700 3.60 True
    """
    lines = _lines(doc)
    start = None
    for i, line in enumerate(lines):
        if _CORNERSTONE_HEADING.match(line.text):
            following = [ln.text for ln in lines[i + 1 : i + 3]]
            if any(_CORNERSTONE_TITLE.match(t) for t in following):
                start = i + 1
                break
    if start is None:
        return []
    what = "cornerstone investors table"
    region, header = _table_region(lines[start:], lambda t: bool(_SECTION.match(t)))
    rows = _named_rows(_numbers_stream(region), _CORNERSTONE_ROW, what=what, doc=doc)
    kinds: list[str] = []
    for r in rows:
        label = _clean_name(r.name)
        if _TOTAL_NAME.match(label):
            kinds.append("total")
            break
        if _SUBTOTAL_NAME.match(label):
            kinds.append("subtotal")
        else:
            kinds.append("row")
    rows = rows[: len(kinds)]
    investors = _check_subtotals(rows, kinds, doc, what)
    offer = bool(_OFFER_PCT.search(header))
    out: list[CornerstoneInvestor] = []
    for i in investors:
        r = rows[i]
        pcts = _decimal_pcts(r.match["pcts"] or "")
        flag = (r.match["flag2"] or r.match["tail"]).strip()
        yes = re.match(r"(?:是|有|Yes)\b|是(?![\u4e00-\u9fff])|是附註", flag)
        no = re.match(r"(?:否|不是|無|No)(?![A-Za-z])", flag)
        out.append(
            CornerstoneInvestor(
                investor=_clean_name(r.name),
                shares=_int(r.match["shares"]),
                pct_of_offer=pcts[0] if offer and pcts else None,
                pct_of_shares_in_issue=pcts[-1] if len(pcts) > int(offer) else None,
                page=r.page,
                printed=r.printed,
                pcts=pcts,
                existing_shareholder=True if yes else False if no else None,
            )
        )
    return out


# --------------------------------------------------------------------------------------------
# Placee and shareholder concentration
# --------------------------------------------------------------------------------------------

_CONCENTRATION_HEADING = re.compile(
    r"^(?:(?P<placees>承配人(?:股權)?集中度分析|PLACEES?\s+CONCENTRATION\s+ANALYSIS)"
    r"|(?P<h>H\s*股(?:股東|(?:股份)?持有人)(?:股權)?集中度分析"
    r"|H\s+SHAREHOLDERS?\s+CONCENTRATION\s+ANALYSIS)"
    r"|(?P<a>A類股東集中度分析|CLASS\s+A\s+SHAREHOLDERS?\s+CONCENTRATION\s+ANALYSIS)"
    r"|(?P<all>(?:股東)?(?:股權)?集中度分析|股東股權集中度分析|SHAREHOLDERS?\s+CONCENTRATION\s+ANALYSIS))"
    r"\s*[*\d]*$"
)
_RANK = re.compile(
    r"(?m)^(?:(?P<zh>最\s*大|第\s*(?:一|1)\s*位|前\s*(?P<zn>1|5|10|25)|前(?P<zw>五|十|二十五)位)"
    r"|Top\s*(?P<en>1|5|10|25))(?![\d,])"
)
_ZH_RANKS = {"五": "5", "十": "10", "二十五": "25"}
_CONCENTRATION_END = re.compile(
    r"^(?:附\s*註|註\s*[:：]|Notes?\b|\*|#)|集中度分析\s*[*\d]*$|CONCENTRATION\s+ANALYSIS"
)
_TOKEN = re.compile(
    rf"(?P<nil>(?<![\w])[-–—](?![\w])|N/A|不適用)|(?P<pct>{_PCT})|(?P<shares>{_SH})(?:\s*股)?"
)
_CUT = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})*,\d{1,2}(?![\d,.%])")
_TAIL = re.compile(r"(?<![\d,.])\d{1,2}(?![\d,.%])")


def _rejoin_cut_numbers(body: str) -> str:
    """Complete numbers a page break cut ("25,530,7" ... "00" for 25,530,700).

    A cell taller than the space left on the page continues on the next one, so a number's
    last digits may follow the rest of the row. Each cut number (a last group of fewer than
    three digits) takes, in order, the next lone one- or two-digit fragment that completes its
    group; anything else is left as it is and refused by the caller.
    """
    cuts = list(_CUT.finditer(body))
    if not cuts:
        return body
    tails = [t for t in _TAIL.finditer(body) if t.start() > cuts[0].end()]
    if len(tails) < len(cuts):
        return body
    pieces: list[tuple[int, int, str]] = []
    for cut, tail in zip(cuts, tails, strict=False):
        group = cut.group(0).rsplit(",", 1)[1]
        if len(group) + len(tail.group(0)) != 3:
            return body
        pieces.append((cut.start(), cut.end(), cut.group(0) + tail.group(0)))
        pieces.append((tail.start(), tail.end(), ""))
    for start, end, new_text in sorted(pieces, reverse=True):
        body = body[:start] + new_text + body[end:]
    return body


def read_placee_concentration(doc: DocumentText) -> list[PlaceeConcentration]:
    r"""The placee and shareholder concentration analyses (承配人 / 股東集中度分析).

    Parameters
    ----------
    doc : DocumentText
        An allotment-results announcement.

    Returns
    -------
    list of PlaceeConcentration
        The rows of every concentration table in printed order: ``table`` is ``"placees"``,
        ``"shareholders"`` (all classes), ``"H shareholders"`` or ``"Class A shareholders"``;
        ``rank`` ``"top 1"`` (最大), ``"top 5"``, ``"top 10"`` or ``"top 25"``; ``shares`` the
        first share count of the row (shares allotted [shares], 0 for a printed dash);
        ``pcts`` the row's percentages in printed order [percent units]; ``other_shares`` its
        further share counts (shares held upon listing) [shares]. An empty list when the
        document has no such table.

    Raises
    ------
    AnnouncementError
        If a row has no share count first or no percentage, or a table has none of the rows
        最大 / 前5 / 前10 / 前25 (Top 1 / 5 / 10 / 25); the message names the page.

    Examples
    --------
    >>> doc = DocumentText.from_text(
    ...     "承配人集中度分析\n承配人\n獲配發H股數目\n配發佔國際發售的百分比\n"
    ...     "最大 1,302,000 5.69%\n前5 5,873,700 25.66%\n附註")
    >>> [(r.rank, r.shares, r.pcts) for r in read_placee_concentration(doc)]
    [('top 1', 1302000, (Decimal('5.69'),)), ('top 5', 5873700, (Decimal('25.66'),))]
    """
    lines = _lines(doc)
    out: list[PlaceeConcentration] = []
    for i, line in enumerate(lines):
        heading = _CONCENTRATION_HEADING.match(line.text)
        if heading is None:
            continue
        table = (
            "placees"
            if heading["placees"]
            else "H shareholders"
            if heading["h"]
            else "Class A shareholders"
            if heading["a"]
            else "shareholders"
        )
        region: list[_Line] = []
        for ln in lines[i + 1 :]:
            if _CONCENTRATION_END.search(ln.text) and (
                region and _RANK.search("\n".join(x.text for x in region))
            ):
                break
            region.append(ln)
        out.extend(_concentration_rows(region, table, doc, line.page))
    return out


def _concentration_rows(
    region: list[_Line], table: str, doc: DocumentText, heading_page: int
) -> list[PlaceeConcentration]:
    stream = _numbers_stream(region)
    text = stream.text
    ranks = list(_RANK.finditer(text))
    if not ranks:
        raise AnnouncementError(
            f"{_where(doc, heading_page)}: {table} concentration table has no row 最大 / 前5 / "
            "Top 1 / Top 5"
        )
    read: list[tuple[re.Match[str], int, str, list[re.Match[str]]]] = []
    for k, m in enumerate(ranks):
        end = ranks[k + 1].start() if k + 1 < len(ranks) else len(text)
        body = re.sub(_NOTE, " ", text[m.end() : end])
        body = re.sub(r"[（(]\s*(?:附\s*註|Notes?)[^）)]*[）)]", " ", body)
        body = re.sub(r"(\d{1,3}(?:,\d{3})+)\.00(?![\d%])", r"\1", body)
        body = _rejoin_cut_numbers(body)
        page = stream.page_at(m.start())
        printed = " ".join(text[m.start() : end].split())
        tokens = list(_TOKEN.finditer(body))
        rest = _TOKEN.sub("", body)
        if re.search(r"\d", rest) or not tokens or tokens[0]["pct"]:
            raise AnnouncementError(
                f"{_where(doc, page)}: {table} concentration row {printed[:120]!r}: expected the "
                "shares allotted, then shares and percentages"
                + (
                    f"; cannot read {' '.join(rest.split())[:40]!r}"
                    if re.search(r"\d", rest)
                    else ""
                )
            )
        read.append((m, page, printed, tokens))

    # A row that prints a dash, N/A or a bare 0 for nil takes the kind of each such column
    # (shares or percent) from the rows of the table that print it as a number.
    def kinds_of(tokens: list[re.Match[str]]) -> list[str]:
        return ["P" if t["pct"] else "N" if t["nil"] or t["shares"] == "0" else "S" for t in tokens]

    rows: list[PlaceeConcentration] = []
    for m, page, printed, tokens in read:
        kinds = kinds_of(tokens)
        for i, kind in enumerate(kinds):
            if kind != "N":
                continue
            seen = {
                kinds_of(other)[i]
                for *_, other in read
                if len(other) == len(tokens) and kinds_of(other)[i] != "N"
            }
            if len(seen) == 1:
                kinds[i] = seen.pop()
            elif not seen and not tokens[i]["nil"]:
                kinds[i] = "S"  # a 0 printed as a count in every row
            else:
                raise AnnouncementError(
                    f"{_where(doc, page)}: {table} concentration row {printed[:120]!r}: cannot "
                    f"tell whether {tokens[i].group(0)!r} (value {i + 1}) is shares or a "
                    "percentage: no row with the same columns prints a number there"
                )
        counts = [
            0 if t["nil"] else _int(t["shares"])
            for t, k in zip(tokens, kinds, strict=True)
            if k == "S"
        ]
        pcts = tuple(
            Decimal(t["pct"].replace("%", "").strip()) if t["pct"] else Decimal(0)
            for t, k in zip(tokens, kinds, strict=True)
            if k == "P"
        )
        if not counts or not pcts or kinds[0] != "S":
            raise AnnouncementError(
                f"{_where(doc, page)}: {table} concentration row {printed[:120]!r}: expected "
                "the shares allotted and then percentages"
            )
        if m["zh"] and not (m["zn"] or m["zw"]):
            rank = "top 1"
        else:
            rank = f"top {m['zn'] or m['en'] or _ZH_RANKS[m['zw']]}"
        rows.append(
            PlaceeConcentration(
                table=table,
                rank=rank,
                shares=counts[0],
                pcts=pcts,
                page=page,
                printed=printed,
                other_shares=tuple(counts[1:]),
            )
        )
    return rows


# --------------------------------------------------------------------------------------------
# Lock-up undertakings
# --------------------------------------------------------------------------------------------

_LOCKUP_HEADING = re.compile(r"^(?:禁售承諾|LOCK-UP\s+UNDERTAKINGS|Lock-up\s+Undertakings)\s*$")
_LOCKUP_END = re.compile(
    r"^(?:承配人(?:股權)?集中度分析|PLACEES?\s+CONCENTRATION|(?:香港)?公開發售(?:項下)?的?(?:分配|配發)"
    r"(?:基準|準則)|BASIS\s+OF\s+ALLOCATION|(?:H\s*股)?股東集中度分析|SHAREHOLDERS?\s+CONCENTRATION)"
)
_TITLE = re.compile(r"^(?:姓名|名稱|股東名稱|股東姓名|Name\b|NAME\b)")
_LOCKUP_HEADER_END = re.compile(
    r"百分比|分比|數目|行使|配股權|總額|總數|日期|一天|一日|禁售承諾|身份"
    r"|exercised\)?|Option\)?|undertakings|Capacity|^Listing|^Note\s*\d+\s*$",
    re.IGNORECASE,
)
_NOTES_START = re.compile(r"^(?:附\s*註\s*(?:[:：﹕]|$)|註\s*[:：]|Notes?\s*(?:[:：]|$)|\*)")
_NUMBERED_NOTE = re.compile(r"^(?:\d{1,2}\.\s*\D|\(\d{1,2}\)\s?|（\d{1,2}）)")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ZH_NUMERALS = "零一二三四五六七八九十"
_DATE = re.compile(
    r"(?P<zy>20\d{2})\s*年\s*(?P<zm>\d{1,2})\s*月\s*(?P<zd>\d{1,2})\s*日"
    rf"|(?P<em>{'|'.join(_MONTHS)})\s+(?P<ed>\d{{1,2}}),?\s*(?P<ey>20\d{{2}})"
    rf"|(?P<cy>二零[{_ZH_NUMERALS}]{{2}})年(?P<cm>[{_ZH_NUMERALS}]{{1,2}})月(?P<cd>[{_ZH_NUMERALS}]{{1,3}})日"
)
#: What a line holding only (part of) a lock-up's end date and its period label may contain.
_DATE_PIECES = re.compile(
    rf"{'|'.join(_MONTHS)}|[{_ZH_NUMERALS}\d\s年月日（）()、,，.;；及和至]|首|第|個|次|期間|起|"
    r"First|Second|first|second|six-months?|six|months?|periods?|and|i\.e\.|附|註|Notes?|如適用"
)
_DASH = r"(?:[-–—]+|不適用|N/A)"
_CLASS = (
    r"(?:非\s*上\s*市\s*股\s*份|未\s*上\s*市\s*股\s*份|H\s*股(?:\s*份)?|A\s*股|內\s*資\s*股|股\s*份"
    r"|[A-Z]\s*類\s*(?:普\s*通\s*)?股(?:\s*份)?)"
)
_LOCK_PCT = rf"(?:(?:少於|低於|<)\s*)?(?:{_PCT})"
_LOCKUP_ROW = re.compile(
    r"(?:(?P<label>總計|合計|總數|小計|Total|Sub-?total)\s*[:：]?\s*)?"
    rf"{_NOT_A_NOTE}(?P<cell>(?:{_SH}|[-–—])"
    rf"(?:\s*股\s*{_CLASS}?(?:\s*及\s*{_SH}\s*股\s*{_CLASS})*"
    rf"|\s*(?:Class\s+[AB]\s+)?(?:Ordinary\s+)?(?:H\s+)?Shares?"
    r"|\s*[（(]\s*(?:包\s*括|including)[^）)]*[）)]|\s*(?:Class\s+[AB]|Ordinary)"
    rf"|\s*{_NOTE})*"
    rf"(?:\s*{_NOTE})*(?:\s+(?:{_SH}(?:\s*股\s*{_CLASS}?)?|{_DASH}))*)"
    rf"\s+(?P<pcts>(?:{_LOCK_PCT}|{_DASH})(?:\s*(?:{_LOCK_PCT}|{_DASH}))*)"
    r"(?P<tail>[^\n]*)"
)


def _is_date_piece(text: str) -> bool:
    return bool(text.strip()) and not _DATE_PIECES.sub("", text).strip()


def _is_group_heading(text: str) -> bool:
    bare = re.sub(r"[（(][^）)]*[）)]", "", text)
    return (
        len(text) <= 80
        and not re.search(r"\d", bare)
        and not text.endswith(("。", "."))
        and not _NOTES_START.match(text)
        and not _NUMBERED_NOTE.match(text)
    )


def _lockup_lines(lines: list[_Line]) -> tuple[list[_Line], list[tuple[int, str]]]:
    """The lock-up section without headings and notes, and its group headings.

    Returns the kept lines and, for each group heading (the line just above a table's first
    column title, 名稱 / Name), the index of the first kept line it governs and its text.
    """
    kept: list[_Line] = []
    groups: list[tuple[int, str]] = []
    skipping = False
    page: int | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        text = line.text
        new_page = line.page != page
        page = line.page
        group = (
            not _TITLE.match(text)
            and i + 1 < len(lines)
            and _TITLE.match(lines[i + 1].text) is not None
            and _is_group_heading(text)
        )
        if _TITLE.match(text) or group:
            if group:
                # a heading wrapped over lines: take back the lines that open its brackets
                while _unclosed(text) < 0 and kept and kept[-1].page == line.page:
                    text = _join(kept.pop().text, text)
                groups.append((len(kept), text))
                i += 1
            # the column headings: the title and, up to the first line with numbers, every
            # line to the last one that reads as a heading
            first = i + 1
            while (
                first < len(lines)
                and lines[first].page == lines[i].page
                and not _NUMBERS.search(lines[first].text)
                and not _NOTES_START.match(lines[first].text)
            ):
                first += 1
            j = i + 1
            for k in range(i + 1, first):
                if _is_header(lines[k].text) or _LOCKUP_HEADER_END.search(lines[k].text):
                    j = k + 1
            if skipping and j < len(lines) and _NUMBERED_NOTE.match(lines[j].text):
                i = j  # notes continued on a new page under repeated headings
                continue
            skipping = False
            i = j
            continue
        if new_page and _is_header(text) and not skipping:
            i += 1
            continue
        if _NOTES_START.match(text) or _is_prose(text):
            skipping = True
        if not skipping:
            kept.append(line)
        i += 1
    return kept, groups


def _is_prose(text: str) -> bool:
    """A line of a paragraph (a note under a table), not of a table's narrow cells."""
    if _NUMBERS.search(text) and _LOCKUP_ROW.search(text):
        return False
    width = len(text) + len(_CJK_CHAR.findall(text))  # a Chinese character is two columns
    return width >= 76 or text.endswith("。")


def _zh_numeral(text: str) -> int:
    digits = {c: i for i, c in enumerate(_ZH_NUMERALS[:10])}
    if "十" in text:
        tens, _, units = text.partition("十")
        return (digits[tens] if tens else 1) * 10 + (digits[units] if units else 0)
    return int("".join(str(digits[c]) for c in text))


def _lockup_date(text: str) -> date | None:
    found = list(_DATE.finditer(text))
    if not found or re.search(r"earlier\s+of|較早", text, re.IGNORECASE):
        return None
    m = found[-1]
    if m["zy"]:
        return date(int(m["zy"]), int(m["zm"]), int(m["zd"]))
    if m["cy"]:
        return date(_zh_numeral(m["cy"]), _zh_numeral(m["cm"]), _zh_numeral(m["cd"]))
    return date(int(m["ey"]), _MONTHS.index(m["em"]) + 1, int(m["ed"]))


def read_lockups(doc: DocumentText) -> list[LockUp]:
    r"""The lock-up undertakings (禁售承諾 / LOCK-UP UNDERTAKINGS), holder by holder.

    Parameters
    ----------
    doc : DocumentText
        An allotment-results announcement.

    Returns
    -------
    list of LockUp
        One per holder row, in printed order: the holder as printed (line breaks joined, note
        references removed; a capacity column, where printed, is part of it), the shares
        subject to the lock-up [shares] (the first count of the row; a holder printed as one
        count per class, "31,368,798股非上市股份 / 73,193,861股H股", gets their sum; ``None``
        for a dash), the last day of the lock-up [date] (the last date of the row, e.g. the
        end of the second six-month period; ``None`` when the row prints none -- a date
        printed once for several rows -- or an "earlier of" condition), the group heading it
        stands under (控股股東, 基石投資者, Cornerstone Investors ...), the page and the row as
        printed. Total and subtotal rows are not holders. An empty list when the document has
        no lock-up section.

    Raises
    ------
    AnnouncementError
        If a line with shares or percentages fits no row; the message names the page.

    Examples
    --------
    >>> doc = DocumentText.from_text(
    ...     "禁售承諾\n基石投資者\n名稱\n上市後須遵守禁售承諾的本公司所持股份數目\n"
    ...     "佔本公司股權百分比\n須遵守禁售承諾的最後日期\n"
    ...     "中興通訊（香港）有限公司 151,000 0.06% 2026年7月7日\n總計 151,000 0.06%")
    >>> [(u.holder, u.shares, u.end_date, u.group) for u in read_lockups(doc)]
    [('中興通訊(香港)有限公司', 151000, datetime.date(2026, 7, 7), '基石投資者')]
    """
    lines = _lines(doc)
    start = next((i for i, ln in enumerate(lines) if _LOCKUP_HEADING.match(ln.text)), None)
    if start is None:
        return []
    end = next(
        (i for i in range(start + 1, len(lines)) if _LOCKUP_END.match(lines[i].text)), len(lines)
    )
    kept, groups = _lockup_lines(lines[start + 1 : end])
    # A row's end date, its period labels ("（首六個月期間）") and an "earlier of" condition are
    # printed on the lines under its numbers: they are appended to the row's line.
    merged: list[_Line] = []
    owner: list[int] = []  # for each merged line, the index of its first kept line
    open_condition = False
    for k, line in enumerate(kept):
        row_above = bool(merged) and bool(
            _LOCKUP_ROW.search(merged[-1].text)
            or re.search(rf"{_PCT}|\d\s*[-–—]+\s*$", merged[-1].text)
        )
        if (
            merged
            and (row_above or open_condition)
            and (_is_date_piece(line.text) or open_condition)
        ):
            merged[-1] = _Line(merged[-1].page, f"{merged[-1].text} {line.text}")
            if open_condition and _DATE.search(merged[-1].text.split("earlier")[-1]):
                open_condition = False
            continue
        merged.append(line)
        owner.append(k)
        open_condition = bool(
            _LOCKUP_ROW.search(line.text)
            and re.search(r"earlier\s+of|較早", line.text, re.IGNORECASE)
            and not _DATE.search(line.text)
        )
    stream = _numbers_stream(merged)
    starts: list[int] = []
    at = 0
    for ln in merged:
        found = stream.text.find(ln.text[:20], at)
        at = found if found >= 0 else at
        starts.append(at)
    group_at = []
    for first, text in groups:
        k = next((n for n, o in enumerate(owner) if o >= first), len(merged))
        group_at.append((starts[k] if k < len(starts) else len(stream.text), _clean_name(text)))
    rows = _named_rows(stream, _LOCKUP_ROW, what="lock-up table", doc=doc)
    out: list[LockUp] = []
    for r in rows:
        label = _clean_name(r.name)
        if r.match["label"] or _TOTAL_NAME.match(label) or _SUBTOTAL_NAME.match(label):
            continue
        group = ""
        for pos, text in group_at:
            if pos <= r.match.start():
                group = text
        cell = re.sub(_NOTE, " ", r.match["cell"])
        cell = re.sub(r"[（(]\s*包括[^）)]*[）)]", " ", cell)
        classes = re.findall(rf"({_SH})\s*股\s*{_CLASS}", cell)
        counts = re.findall(_SH, cell)
        if len(classes) >= 2 and len(classes) == len(counts):
            shares: int | None = sum(_int(c) for c in classes)
        elif counts:
            shares = _int(counts[0])
        else:
            shares = None
        out.append(
            LockUp(
                holder=label,
                shares=shares,
                end_date=_lockup_date(r.match["tail"]),
                group=group,
                page=r.page,
                printed=r.printed,
            )
        )
    return out

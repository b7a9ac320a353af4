"""Over-allotment option and end-of-stabilisation announcements of HKEX issuers.

After a Hong Kong IPO the issuer announces whether the over-allotment option was exercised
(in full, in part, or not at all, when it lapses) and, once the stabilisation period is over,
what the stabilising manager did. :func:`read_over_allotment_announcement` reads those notices,
in English or Traditional Chinese, and returns every figure with the page and the text it was
read from; :func:`apply_over_allotment` puts the exercised shares into an :class:`Offering`
with the announcement as a new source.

Nothing is inferred: a figure the notice does not print is ``None``. A document is refused
(:class:`AnnouncementError`) when its headline is not an over-allotment or stabilisation
headline, when it names no stock code or issuer, or when it contradicts itself (two different
numbers of exercised shares, a "full exercise" headline over a partial exercise).

References
----------
Securities and Futures (Price Stabilizing) Rules (Cap. 571W), section 9(2): the announcement
due within seven business days after the end of the stabilisation period. Main Board Listing
Rules, Appendix D1A (over-allotment option disclosures).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from ipometrics.announcements._fields import _MONTHS
from ipometrics.announcements._text import AnnouncementError, DocumentText, extract_text
from ipometrics.announcements._types import Printed
from ipometrics.errors import IpoDataError
from ipometrics.models import Offering

__all__ = [
    "ExerciseKind",
    "OverAllotmentExercise",
    "apply_over_allotment",
    "read_over_allotment_announcement",
]

ExerciseKind = Literal["full", "partial", "lapsed"]
"""What happened to the option: exercised in full, in part, or lapsed without exercise."""

_FIELD = "shares.over_allotment_exercised"


@dataclass(frozen=True)
class OverAllotmentExercise:
    """What an over-allotment or end-of-stabilisation announcement prints.

    Every value is a :class:`Printed` (value, 1-based page, text as printed with its line
    breaks joined) or ``None`` when the announcement does not print it.

    Attributes
    ----------
    stock_code : Printed of str
        Stock code, five digits (``"02513"``); ``text`` is the line as printed
        (``"(股份代號:2513)"``).
    issuer : Printed of str
        Issuer's name as printed above the stock code, in the announcement's language
        (``"北京智譜華章科技股份有限公司"``, ``"MiniMax Group Inc."``).
    issuer_en : Printed of str or None
        The English name as printed (in an English announcement, the same as ``issuer``).
    title : Printed of str
        The headline, e.g. ``"FULL EXERCISE OF THE OVER-ALLOTMENT OPTION"`` or
        ``"悉數行使超額配股權、穩定價格行動及穩定價格期結束"``.
    kind : {"full", "partial", "lapsed"} or None
        ``"full"`` / ``"partial"`` from "fully / partially exercised" (悉數 / 全數 / 部分行使),
        ``"lapsed"`` from "lapsed" / "not exercised" (失效 / 未獲行使). ``None`` when the
        notice says nothing about the option (an end-of-stabilisation notice only).
    shares_exercised : Printed of int or None
        Shares issued under the option [shares]; 0 for a lapsed option (``text`` is then the
        lapse wording). ``None`` when the notice prints no exercise figures, e.g. an
        end-of-stabilisation notice that only refers to an earlier announcement.
    exercise_date : Printed of date or None
        Date the option was exercised [date].
    price : Printed of Decimal or None
        Price of the over-allotment shares [HKD/share], as printed (``"HK$165.00 per Offer
        Share"``, ``"每股H股116.20港元"``), before brokerage and levies.
    over_allocated : Printed of int or None
        Shares over-allocated in the international offering [shares], when printed among the
        stabilising actions.
    stabilisation_end : Printed of date or None
        Last day of the stabilisation period [date], when the notice says it has ended (a date
        on which it is only expected to end is not read).
    stabilising_manager : Printed of str or None
        The stabilising manager (穩定價格經辦人 / 操作人) as printed.
    stabilising_actions : tuple of Printed of str
        The numbered stabilising actions as printed (``value`` without the "(n)" and the
        trailing "; and"), then the statement that no stabilising purchases or sales were
        made, when printed. Empty when the notice lists none.
    announcement_date : Printed of date or None
        Date of the announcement, from the sign-off line ("Hong Kong, January 11, 2026",
        "香港,2026年2月4日") [date].
    sha256, origin, url, language
        Digest of the document, file path (or ``"<bytes>"`` / ``"<text>"``), published URL
        when given, and ``"en"`` or ``"zh"``.
    """

    stock_code: Printed[str]
    issuer: Printed[str]
    issuer_en: Printed[str] | None
    title: Printed[str]
    kind: ExerciseKind | None
    shares_exercised: Printed[int] | None
    exercise_date: Printed[date] | None
    price: Printed[Decimal] | None
    over_allocated: Printed[int] | None
    stabilisation_end: Printed[date] | None
    stabilising_manager: Printed[str] | None
    stabilising_actions: tuple[Printed[str], ...]
    announcement_date: Printed[date] | None
    sha256: str
    origin: str
    url: str | None
    language: str


# --------------------------------------------------------------------------------------------
# Patterns (the text is NFKC-folded by the text layer: full-width (,:; are ASCII here)
# --------------------------------------------------------------------------------------------

# Month names: the one table of the announcement readers (``_fields``).
_MONTH = "(?:" + "|".join(m.capitalize() for m in _MONTHS) + ")"
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
#: An English date without groups: "January 9, 2026" or "9 January 2026".
_EN_DATE = rf"(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}})"
_ZH_DATE = r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
_DATE_PARTS_EN = re.compile(
    rf"(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}}),?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH}),?\s+(?P<y2>\d{{4}})"
)
_DATE_PARTS_ZH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_ANY = re.compile(rf"{_WEEKDAY}(?P<date>{_EN_DATE})|(?P<zh>{_ZH_DATE})")
#: A date of another document ("the prospectus dated ...", "刊發日期為...").
_DATED = re.compile(r"(?:dated|日期為|日期为)\s*(?:the\s+)?$", re.IGNORECASE)

_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+"
_DECIMAL = r"\d[\d,]*(?:\.\d+)?"

_TITLE_EN = (
    r"(?:FULL|PARTIAL)\s+EXERCISE\s+OF\s+(?:THE\s+)?OVER-?\s*ALLOTMENT\s+OPTION",
    r"(?:LAPSE|NON-?\s*EXERCISE)\s+OF\s+(?:THE\s+)?OVER-?\s*ALLOTMENT\s+OPTION",
    r"STABILI[SZ](?:ING|ATION)\s+ACTIONS?",
    r"(?:THE\s+)?END\s+OF\s+(?:THE\s+)?STABILI[SZ]ATION\s+PERIOD",
)
_TITLE_ZH = (
    r"(?:悉數|全數|全部|部分|部份)\s*行使\s*超額配股權",
    r"超額配股權\s*(?:(?:已|獲)\s*)*(?:悉數|全數|全部|部分|部份)\s*行使",
    r"超額配股權\s*(?:已\s*)?(?:失效|未獲行使|並無獲行使|並未獲行使|未行使)",
    r"(?:未|並無|並未)\s*行使\s*超額配股權",
    r"穩定價格(?:行動|措施)",
    r"穩定價格期(?:間)?\s*(?:已\s*)?結束",
)


def _title_pattern(phrases: Sequence[str], sep: str, prefix: str, suffix: str) -> re.Pattern[str]:
    phrase = "(?:" + "|".join(phrases) + ")"
    return re.compile(
        rf"^[ \t]*(?P<title>{prefix}{phrase}(?:{sep}{phrase})*{suffix})[ \t]*$", re.MULTILINE
    )


_TITLE = {
    "en": _title_pattern(
        _TITLE_EN,
        r"\s*(?:,\s*(?:AND\s+)?|\s+AND\s+)",
        r"(?:(?:VOLUNTARY\s+)?ANNOUNCEMENT\s+(?:OF|ON|IN\s+RELATION\s+TO)\s+(?:THE\s+)?)?",
        "",
    ),
    "zh": _title_pattern(_TITLE_ZH, r"\s*[、,及和與]\s*", r"(?:有關)?", r"(?:\s*之?公告)?"),
}
#: Headlines of other announcements (pages 1-4), to say what a refused document is.
_OTHER_KINDS = (
    (
        re.compile(r"ALLOTMENT\s+RESULTS|配發結果|分配結果|配售結果"),
        "an allotment results announcement",
    ),
)
_EXPECTED_TITLES = (
    "expected a headline such as 'FULL EXERCISE OF THE OVER-ALLOTMENT OPTION', "
    "'STABILIZING ACTIONS AND END OF STABILIZATION PERIOD', '悉數行使超額配股權' or "
    "'穩定價格行動及穩定價格期結束' on page 1"
)

_STOCK_CODE = re.compile(
    r"\(\s*(?:Stock\s+Codes?|股份代號|股票代號|股份代码)\s*:?\s*(?P<code>\d{1,5})\b[^)\n]*\)?",
    re.IGNORECASE,
)
_COMPANY_SUFFIX = re.compile(
    r"(?:Limited|Ltd\.?|Inc\.?|Corporation|Corp\.?|Company|plc|PLC|Co\.|N\.V\.|S\.A\.|"
    r"Holdings|Group|AG|SE|LLC|公司|集團|集团)$"
)
_CJK = re.compile("[\u4e00-\u9fff]")

#: Sentence ends: 。 ; a heading break, or a full stop before a capital (not "Inc." / "Ltd.").
_SENTENCE_END = re.compile(
    r"。|;|\n|(?<!\bInc)(?<!\bLtd)(?<!\bCo)(?<!\bNo)\.(?=\s+[A-Z(\"“‘]|\s*\Z)"
)

_KIND_WORDS = {
    "full": "full",
    "fully": "full",
    "in full": "full",
    "悉數": "full",
    "全數": "full",
    "全部": "full",
    "partial": "partial",
    "partially": "partial",
    "in part": "partial",
    "部分": "partial",
    "部份": "partial",
}


@dataclass(frozen=True)
class _Lang:
    """The patterns of one language."""

    option: re.Pattern[str]
    kind: re.Pattern[str]
    shares: re.Pattern[str]
    price: re.Pattern[str]
    over_allocated: re.Pattern[str]
    lapse: re.Pattern[str]
    stabilisation_end: re.Pattern[str]
    managers: tuple[re.Pattern[str], ...]
    actions_intro: re.Pattern[str]
    no_trades: re.Pattern[str]


_UNIT_EN = (
    r"(?:additional\s+)?(?:Offer\s+|H\s+|Class\s+[AB]\s+(?:Ordinary\s+)?|Ordinary\s+|"
    r"Over-?\s*allotment\s+)?Shares?"
)
_UNIT_ZH = r"股(?:\s*(?:H\s*股份?|股份|發售股份|境外上市外資股))?"
_NAME_EN = r"[A-Z][\w&.'’\-]*(?:\s+(?:[A-Z(][\w&.'’()\-]*|of|and|&))*?"
_ORG_EN = r"(?:Limited|Ltd\.?|LLC|L\.L\.C\.|Inc\.?|plc|PLC|Company|Corporation|AG|N\.V\.)"

_LANGS = {
    "en": _Lang(
        option=re.compile(r"over-?\s*allotment\s+option", re.IGNORECASE),
        kind=re.compile(
            r"\b(?P<kind>full|partial)(?:l?y)?\s+exercis(?:e|ed)\b(?!\s+of\s+the\s+Offer\s+Size)"
            r"|\bexercised\s+(?P<kind2>in\s+full|in\s+part)\b",
            re.IGNORECASE,
        ),
        shares=re.compile(
            r"\b(?:in\s+respect\s+of|for|covering)\s+(?:an?\s+(?:aggregate|total)\s+"
            rf"(?:number\s+)?of\s+)?(?P<printed>(?P<n>{_NUMBER})\s+{_UNIT_EN})\b",
            re.IGNORECASE,
        ),
        price=re.compile(
            rf"\bat\s+(?:a\s+price\s+of\s+)?(?P<printed>HK\$\s?(?P<p>{_DECIMAL})\s+per\s+"
            r"(?:Offer\s+|H\s+|Class\s+A\s+(?:Ordinary\s+)?|Ordinary\s+|Over-?\s*allotment\s+)?"
            r"Share)\b"
        ),
        over_allocated=re.compile(
            r"\bover-?\s*allocations?\s+of\s+(?:an?\s+(?:aggregate|total)\s+(?:number\s+)?of\s+)?"
            rf"(?P<printed>(?P<n>{_NUMBER})\s+{_UNIT_EN})\b",
            re.IGNORECASE,
        ),
        lapse=re.compile(
            r"over-?\s*allotment\s+option\b[^.;\n]{0,120}?\b(?:lapsed|(?:was|were|has|had)\s+"
            r"not\s+(?:been\s+)?exercised)\b",
            re.IGNORECASE,
        ),
        stabilisation_end=re.compile(
            r"stabili[sz]ation\s+period\b[^.;\n]{0,160}?\b(?:ended|expired|came\s+to\s+an\s+end)"
            rf"\s+on\s+{_WEEKDAY}(?P<date>{_EN_DATE})",
            re.IGNORECASE,
        ),
        managers=(
            re.compile(rf"(?P<name>{_NAME_EN}),?\s+(?:as\s+)?the\s+Stabili[sz]ing\s+Manager\b"),
            re.compile(rf"\bthe\s+Stabili[sz]ing\s+Manager\s*,\s*(?P<name>{_NAME_EN}\s+{_ORG_EN})"),
        ),
        actions_intro=re.compile(
            r"stabili[sz]ing\s+actions?\b[^.;\n]{0,300}?(?:set\s+out\s+below|as\s+follows|below)"
            r"\s*:",
            re.IGNORECASE,
        ),
        no_trades=re.compile(
            r"\bno\s+(?:purchases?|sales?|stabili[sz]ing\s+(?:actions?|activities))\b"
            r"[^.;\n]*stabili[sz]",
            re.IGNORECASE,
        ),
    ),
    "zh": _Lang(
        option=re.compile("超額配股權"),
        kind=re.compile(
            # not "發售量調整權獲悉數行使後及任何超額配股權" (the other option's exercise)
            r"(?P<kind>悉數|全數|全部|部分|部份)\s*行使\s*(?:[^,。;\n前後及或]{0,12}?)超額配股權"
            r"|超額配股權[^,。;\n]{0,30}?(?:已|獲)\s*(?P<kind2>悉數|全數|全部|部分|部份)\s*行使"
            r"(?!\s*(?:完成|前|後))"
        ),
        shares=re.compile(rf"(?:合共|涉及|就|共)\s*(?P<printed>(?P<n>{_NUMBER})\s*{_UNIT_ZH})"),
        price=re.compile(
            r"按\s*(?P<printed>每股\s*(?:H\s*股份?|股份|發售股份)?\s*"
            rf"(?P<p>{_DECIMAL})\s*港元)"
        ),
        over_allocated=re.compile(
            rf"超額分配\s*(?:了\s*)?(?:合共|共)?\s*(?P<printed>(?P<n>{_NUMBER})\s*{_UNIT_ZH})"
        ),
        lapse=re.compile(
            r"超額配股權[^,。;\n]{0,12}?(?:失效|未獲行使|並無獲行使|並未獲行使|未有獲行使|"
            r"沒有獲行使|未被行使)|(?:並無|並未|未有)\s*行使\s*超額配股權"
        ),
        stabilisation_end=re.compile(
            rf"穩定價格期(?:間)?\s*(?:已\s*)?於\s*(?P<date>{_ZH_DATE})[^。;\n]{{0,80}}?結束"
        ),
        managers=(
            re.compile(
                r"穩定價格(?:經辦人|操作人|管理人)\s*(?!或)"
                r"(?P<name>[^,、。;()「」\n]{2,80}?(?:有限公司|有限責任公司|Limited|LLC))"
            ),
        ),
        actions_intro=re.compile(r"穩定價格行動[^。;\n]{0,20}?如下\s*:"),
        no_trades=re.compile(r"(?:並無|並未|沒有|未有)[^。;\n]{0,30}?(?:買賣|購買|出售)[^。;\n]*"),
    ),
}
_ITEM_MARK = re.compile(r"(?<=[\s:;,及])\(\s*(?P<n>\d{1,2})\s*\)\s*")
_ITEM_TAIL = re.compile(r"[\s;,。.]*(?:\band\b|及)?[\s;,]*\Z")


# --------------------------------------------------------------------------------------------
# Flattened text: one string for the document, line breaks joined, pages tracked
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Flat:
    r"""The document as one string with its line breaks joined; ``\f`` between pages."""

    text: str
    starts: tuple[int, ...]
    origin: str

    def page(self, pos: int) -> int:
        """1-based page of a position in :attr:`text`."""
        return bisect_right(self.starts, pos)

    def sentences(self, start: int = 0) -> list[tuple[int, int]]:
        """Spans of the sentences from ``start`` on (ending at 。 ; a heading or a full stop)."""
        spans = []
        pos = start
        for m in _SENTENCE_END.finditer(self.text, start):
            if m.end() > pos:
                spans.append((pos, m.end()))
            pos = m.end()
        if pos < len(self.text):
            spans.append((pos, len(self.text)))
        return spans


def _join_lines(lines: list[tuple[str, bool]], language: str) -> str:
    """Join a page's lines: a space between English words, nothing between Chinese ones.

    A heading (``True``) is kept apart by line breaks, which end a sentence.
    """
    out = ""
    previous_heading = False
    for line, heading in lines:
        if not out:
            out = line
        elif heading or previous_heading:
            out += "\n" + line
        elif language == "zh":
            words = out[-1].isascii() and out[-1].isalnum() and line[0].isascii()
            out += (" " if words and line[0].isalnum() else "") + line
        else:
            out += " " + line
        previous_heading = heading
    return out


def _flatten(doc: DocumentText) -> _Flat:
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    for page in doc.pages:
        page = re.sub(r"\A\s*\d{1,3}[ \t]*\n", "", page)  # the page number on the first line
        lines: list[tuple[str, bool]] = []
        for raw in page.split("\n"):
            line = re.sub(r"\s+", " ", raw).strip()
            if line:
                # An English heading (no lower-case letter) stands as a sentence of its own.
                upper = sum(c.isupper() for c in line) >= 4 and not any(c.islower() for c in line)
                lines.append((line, doc.language == "en" and upper))
        text = _join_lines(lines, doc.language)
        starts.append(pos)
        parts.append(text)
        pos += len(text) + 1
    return _Flat("\f".join(parts), tuple(starts), doc.origin)


def _parse_date(text: str) -> date:
    m = _DATE_PARTS_ZH.search(text)
    if m:
        return date(int(m[1]), int(m[2]), int(m[3]))
    e = _DATE_PARTS_EN.search(text)
    if e is None:  # the callers match a date pattern first
        raise AnnouncementError(f"not a date: {text!r}")
    month = e["m1"] or e["m2"]
    return date(int(e["y1"] or e["y2"]), _MONTHS[month.lower()], int(e["d1"] or e["d2"]))


def _printed_date(flat: _Flat, m: re.Match[str], group: str = "date") -> Printed[date]:
    text = re.sub(r"\s+", "", m[group]) if _CJK.search(m[group]) else m[group]
    try:
        value = _parse_date(m[group])
    except ValueError as err:
        raise AnnouncementError(
            f"{flat.origin}: date {m[group]!r} on page {flat.page(m.start())}: {err}"
        ) from err
    return Printed(value, flat.page(m.start(group)), text)


def _printed_int(flat: _Flat, m: re.Match[str]) -> Printed[int]:
    return Printed(int(m["n"].replace(",", "")), flat.page(m.start("n")), m["printed"])


# --------------------------------------------------------------------------------------------
# The reader
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Statement:
    """One statement that the option was exercised: kind, shares, date, price."""

    kind: ExerciseKind
    shares: Printed[int]
    when: Printed[date] | None
    price: Printed[Decimal] | None


def read_over_allotment_announcement(
    source: str | Path | bytes | DocumentText, *, url: str | None = None
) -> OverAllotmentExercise:
    r"""Read an over-allotment exercise or end-of-stabilisation announcement.

    Parameters
    ----------
    source : str, Path, bytes or DocumentText
        The announcement PDF (path or bytes), or its text (:meth:`DocumentText.from_text`,
        pages separated by form feeds). English or Traditional Chinese.
    url : str, optional
        Where the announcement is published (HKEXnews); kept as its source.

    Returns
    -------
    OverAllotmentExercise
        Every figure with its page and printed text; figures the notice does not print are
        ``None``. An end-of-stabilisation notice without the exercise figures has
        ``kind=None`` and ``shares_exercised=None``; a lapsed option has ``kind="lapsed"`` and
        ``shares_exercised.value == 0``.

    Raises
    ------
    AnnouncementError
        If the file cannot be read (see :func:`extract_text`); if page 1 carries no
        over-allotment or stabilisation headline (the message says what the document looks
        like instead, e.g. an allotment results announcement, and which headline was
        expected); if no stock code or issuer name is printed above the headline; if a
        headline is found but no exercise, lapse or end of stabilisation is stated; or if the
        announcement contradicts itself (different exercised shares, dates or prices, a
        headline of one kind over a statement of another).

    Notes
    -----
    The exercise is read from the sentence that says the option was "fully / partially
    exercised ... in respect of N Shares" (悉數 / 部分行使超額配股權, 涉及合共N股H股); its
    date is the one in that sentence, the price the first "at HK$x per Share" (按每股H股x港元)
    in that sentence or the next. Every such sentence must agree.

    Examples
    --------
    >>> text = (
    ...     "ABC Limited\n(Stock Code: 1234)\nFULL EXERCISE OF THE OVER-ALLOTMENT OPTION\n"
    ...     "The Over-allotment Option was fully exercised on 9 January 2026 in respect of "
    ...     "1,500 Shares at HK$10.00 per Share.\nHong Kong, 11 January 2026"
    ... )
    >>> notice = read_over_allotment_announcement(DocumentText.from_text(text))
    >>> notice.stock_code.value, notice.kind, notice.shares_exercised.value
    ('01234', 'full', 1500)
    >>> notice.exercise_date.value, notice.price.value
    (datetime.date(2026, 1, 9), Decimal('10.00'))
    """
    doc = extract_text(source, url=url)
    language = doc.language
    lang = _LANGS[language]
    first = doc.pages[0] if doc.pages else ""
    title_m = _TITLE[language].search(first)
    if title_m is None:
        what = ""
        for pattern, label in _OTHER_KINDS:
            hit = next(
                ((n, m) for n, p in enumerate(doc.pages[:4], 1) if (m := pattern.search(p))),
                None,
            )
            if hit:
                what = f" (it reads as {label}: page {hit[0]} prints {hit[1][0]!r})"
                break
        raise AnnouncementError(
            f"{doc.origin}: not an over-allotment or stabilisation announcement{what}; "
            f"{_EXPECTED_TITLES}"
        )
    title = Printed(re.sub(r"\s+", " ", title_m["title"]).strip(), 1, title_m["title"].strip())
    stock_code, code_m = _stock_code(doc, first, title_m.start(), title.value)
    issuer, issuer_en = _issuer(doc, first, code_m)

    flat = _flatten(doc)
    body = _body_start(flat, title.value)
    statements = _statements(flat, lang, body)
    lapses = [Printed(0, flat.page(m.start()), m[0]) for m in lang.lapse.finditer(flat.text, body)]
    title_kind = _title_kind(title.value)
    kind, shares, when, price = _outcome(doc, title, title_kind, statements, lapses)
    stabilisation_end = _one_date(doc, flat, lang.stabilisation_end, body, "stabilisation end")
    actions = _actions(flat, lang, body)
    if kind is None and stabilisation_end is None and not actions:
        raise AnnouncementError(
            f"{doc.origin}: the headline {title.value!r} names an over-allotment or "
            "stabilisation announcement, but no exercise, lapse or end of the stabilisation "
            "period is stated; expected e.g. 'fully exercised ... in respect of N Shares', "
            "'the stabilisation period ended on ...', '悉數行使超額配股權,涉及合共N股H股' or "
            "'穩定價格期於...結束'"
        )
    over_allocated = None
    for m in lang.over_allocated.finditer(flat.text, body):
        over_allocated = _printed_int(flat, m)
        break
    return OverAllotmentExercise(
        stock_code=stock_code,
        issuer=issuer,
        issuer_en=issuer_en,
        title=title,
        kind=kind,
        shares_exercised=shares,
        exercise_date=when,
        price=price,
        over_allocated=over_allocated,
        stabilisation_end=stabilisation_end,
        stabilising_manager=_manager(flat, lang),
        stabilising_actions=actions,
        announcement_date=_announcement_date(doc),
        sha256=doc.sha256,
        origin=doc.origin,
        url=doc.url,
        language=language,
    )


def _stock_code(
    doc: DocumentText, first: str, title_at: int, title: str
) -> tuple[Printed[str], re.Match[str]]:
    codes = list(_STOCK_CODE.finditer(first))
    before = [m for m in codes if m.start() < title_at]
    chosen = before[-1] if before else (codes[0] if codes else None)
    if chosen is None:
        raise AnnouncementError(
            f"{doc.origin}: the headline {title!r} reads as an over-allotment announcement, but "
            "page 1 prints no stock code; expected '(Stock Code: NNNN)' or '(股份代號:NNNN)' "
            "above the headline"
        )
    return Printed(chosen["code"].zfill(5), 1, chosen[0].strip()), chosen


def _issuer(
    doc: DocumentText, first: str, code_m: re.Match[str]
) -> tuple[Printed[str], Printed[str] | None]:
    above = [line.strip() for line in first[: code_m.start()].split("\n") if line.strip()]
    i = len(above) - 1
    if i >= 0 and above[i].endswith(")"):  # the incorporation note, possibly wrapped
        opening = [j for j in range(i, max(i - 3, -1), -1) if above[j].startswith("(")]
        if opening:
            i = opening[0] - 1
    names = []
    for j in (i, i - 1):
        if j >= 0 and len(above[j]) <= 100 and _COMPANY_SUFFIX.search(above[j]):
            names.append(above[j])
        else:
            break
    if not names:
        raise AnnouncementError(
            f"{doc.origin}: no issuer name above the stock code line {code_m[0].strip()!r}; "
            "expected the company's name (ending 'Limited', 'Inc.', '公司', ...) there"
        )
    zh = next((n for n in names if _CJK.search(n)), None)
    en = next((n for n in names if not _CJK.search(n)), None)
    issuer = zh if doc.language == "zh" and zh else (en or names[0])
    return Printed(issuer, 1, issuer), (Printed(en, 1, en) if en else None)


def _body_start(flat: _Flat, title: str) -> int:
    """Where the text after the headline begins (0 if the headline is not found)."""
    compact = re.escape(title).replace(r"\ ", r"\s*")
    m = re.search(compact, flat.text)
    return m.end() if m else 0


def _title_kind(title: str) -> ExerciseKind | None:
    upper = title.upper()
    if re.search(r"PARTIAL|部分|部份", upper):
        return "partial"
    if re.search(r"FULL|悉數|全數|全部", upper):
        return "full"
    if re.search(
        r"LAPSE|NON-?\s*EXERCISE|失效|未獲行使|並無獲行使|並未獲行使|未行使|並無行使", upper
    ):
        return "lapsed"
    return None


def _statements(flat: _Flat, lang: _Lang, body: int) -> list[_Statement]:
    spans = flat.sentences(body)
    found = []
    for k, (start, end) in enumerate(spans):
        if not lang.option.search(flat.text, start, end):
            continue
        kinds = list(lang.kind.finditer(flat.text, start, end))
        shares_m = lang.shares.search(flat.text, start, end)
        if not kinds or shares_m is None:
            continue
        at = shares_m.start()
        nearest = min(kinds, key=lambda m: abs(m.start() - at))
        word = re.sub(r"\s+", " ", (nearest["kind"] or nearest["kind2"]).lower())
        kind: ExerciseKind = "full" if _KIND_WORDS[word] == "full" else "partial"
        when = _sentence_date(flat, start, end, nearest.start())
        stop = spans[k + 1][1] if k + 1 < len(spans) else end
        price_m = lang.price.search(flat.text, start, stop)
        price = None
        if price_m is not None:
            price = Printed(
                Decimal(price_m["p"].replace(",", "")),
                flat.page(price_m.start("p")),
                price_m["printed"],
            )
        found.append(_Statement(kind, _printed_int(flat, shares_m), when, price))
    return found


def _sentence_date(flat: _Flat, start: int, end: int, near: int) -> Printed[date] | None:
    dates = [
        m
        for m in _DATE_ANY.finditer(flat.text, start, end)
        if not _DATED.search(flat.text[max(start, m.start() - 12) : m.start()])
    ]
    if not dates:
        return None
    best = min(dates, key=lambda m: abs(m.start() - near))
    return _printed_date(flat, best, "date" if best["date"] else "zh")


def _outcome(
    doc: DocumentText,
    title: Printed[str],
    title_kind: ExerciseKind | None,
    statements: list[_Statement],
    lapses: list[Printed[int]],
) -> tuple[ExerciseKind | None, Printed[int] | None, Printed[date] | None, Printed[Decimal] | None]:
    def differ(label: str, values: Sequence[Printed[Any]]) -> None:
        if len({v.value for v in values}) > 1:
            shown = "; ".join(f"{v.text!r} on page {v.page}" for v in values)
            raise AnnouncementError(
                f"{doc.origin}: the announcement prints different {label}: {shown}; "
                "refusing rather than choosing one"
            )

    if statements and lapses:
        raise AnnouncementError(
            f"{doc.origin}: the announcement says the option was exercised "
            f"({statements[0].shares.text!r} on page {statements[0].shares.page}) and that it "
            f"lapsed ({lapses[0].text!r} on page {lapses[0].page}); refusing rather than choosing"
        )
    if statements:
        differ("numbers of exercised shares", [s.shares for s in statements])
        differ("exercise dates", [s.when for s in statements if s.when is not None])
        differ("prices", [s.price for s in statements if s.price is not None])
        kinds = {s.kind for s in statements}
        if len(kinds) > 1 or (title_kind is not None and {title_kind} != kinds):
            raise AnnouncementError(
                f"{doc.origin}: the headline {title.value!r} and the text disagree on the "
                f"exercise: the text says {sorted(kinds)}; refusing rather than choosing"
            )
        first = statements[0]
        when = next((s.when for s in statements if s.when is not None), None)
        price = next((s.price for s in statements if s.price is not None), None)
        return first.kind, first.shares, when, price
    if title_kind in ("full", "partial"):
        raise AnnouncementError(
            f"{doc.origin}: the headline {title.value!r} announces a {title_kind} exercise, but "
            "no sentence gives the shares exercised; expected e.g. '... exercised ... in "
            "respect of N Shares' or '涉及合共N股H股'"
        )
    if lapses or title_kind == "lapsed":
        return "lapsed", (lapses[0] if lapses else Printed(0, 1, title.text)), None, None
    return None, None, None, None


def _one_date(
    doc: DocumentText, flat: _Flat, pattern: re.Pattern[str], body: int, label: str
) -> Printed[date] | None:
    found = [_printed_date(flat, m) for m in pattern.finditer(flat.text, body)]
    if len({p.value for p in found}) > 1:
        shown = "; ".join(f"{p.text!r} on page {p.page}" for p in found)
        raise AnnouncementError(f"{doc.origin}: different {label} dates: {shown}")
    return found[0] if found else None


def _manager(flat: _Flat, lang: _Lang) -> Printed[str] | None:
    hits = [m for pattern in lang.managers for m in pattern.finditer(flat.text)]
    if not hits:
        return None
    m = min(hits, key=lambda h: h.start("name"))
    name = m["name"].strip()
    return Printed(name, flat.page(m.start("name")), name)


def _actions(flat: _Flat, lang: _Lang, body: int) -> tuple[Printed[str], ...]:
    items: list[Printed[str]] = []
    intro = lang.actions_intro.search(flat.text, body)
    after = body
    if intro is not None:
        marks: list[re.Match[str]] = []
        expected = 1
        for m in _ITEM_MARK.finditer(flat.text, intro.end()):
            if int(m["n"]) != expected:
                continue
            if marks and m.start() - marks[-1].end() > 2000:
                break
            marks.append(m)
            expected += 1
        for k, m in enumerate(marks):
            if k + 1 < len(marks):
                end = marks[k + 1].start()
            else:
                stop = re.compile(r"。|\n|(?<!\bInc)(?<!\bLtd)(?<!\bCo)\.(?=\s+[A-Z(]|\s*\Z)")
                last = stop.search(flat.text, m.end())
                end = last.end() if last else len(flat.text)
            printed = flat.text[m.start() : end].strip()
            value = _ITEM_TAIL.sub("", flat.text[m.end() : end]).strip()
            value = re.sub(r"\s*\f\s*", " ", value)
            items.append(Printed(value, flat.page(m.start()), re.sub(r"\s*\f\s*", " ", printed)))
            after = end
    for start, end in flat.sentences(after):
        no_trades = lang.no_trades.search(flat.text, start, end)
        if no_trades is not None and re.search(r"stabili[sz]|穩定價格", flat.text[start:end], re.I):
            text = flat.text[start:end].strip()
            items.append(Printed(text.rstrip("。.;").strip(), flat.page(start), text))
            break
    return tuple(items)


_SIGN_OFF = re.compile(
    rf"^[ \t]*(?:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?|[\u4e00-\u9fff]{{2,4}})\s*,\s*"
    rf"(?:{_WEEKDAY}(?P<date>{_EN_DATE})|(?P<zh>{_ZH_DATE}))[ \t]*$",
    re.MULTILINE,
)


def _announcement_date(doc: DocumentText) -> Printed[date] | None:
    for number in range(len(doc.pages), 0, -1):
        hits = list(_SIGN_OFF.finditer(doc.pages[number - 1]))
        if hits:
            m = hits[-1]
            group = "date" if m["date"] else "zh"
            text = re.sub(r"\s+", "", m[group]) if group == "zh" else m[group]
            try:
                return Printed(_parse_date(m[group]), number, text)
            except ValueError as err:
                raise AnnouncementError(
                    f"{doc.origin}: date {text!r} on page {number}: {err}"
                ) from err
    return None


# --------------------------------------------------------------------------------------------
# Into the record
# --------------------------------------------------------------------------------------------


def apply_over_allotment(offering: Offering, exercise: OverAllotmentExercise) -> Offering:
    r"""Put an announcement's exercised shares into an offering, with the notice as its source.

    Parameters
    ----------
    offering : Offering
        The record; not changed (records are frozen).
    exercise : OverAllotmentExercise
        What :func:`read_over_allotment_announcement` read.

    Returns
    -------
    Offering
        When the record has no exercised shares yet: a new, validated record with
        ``shares.over_allotment_exercised`` [shares] set to the printed number, the path taken
        off ``unknown``, and a new source appended (next free id, tier
        ``"official_announcement"``, the announcement's URL or ``None``, document
        ``"<issuer>: <headline> (HKEX)"`` as printed, dated by the sign-off line when printed,
        a note with the sha256 and the page). When the record already holds the same number:
        ``offering`` itself, unchanged.

    Raises
    ------
    IpoDataError
        If the announcement's stock code is not the offering's; if it prints no exercised
        shares (an end-of-stabilisation notice without them); if the shares exceed the
        record's ``shares.over_allocated`` or ``shares.over_allotment_option_max`` (an option
        is exercised only to cover over-allocations); if the path is listed as not applicable;
        or if the record already holds a *different* number. The record's value is then kept:
        a published figure is never overwritten silently; settle the difference in the fact
        base. Each message gives both numbers.

    Examples
    --------
    >>> import ipometrics as ipm
    >>> record = ipm.load_offering("zhipu")
    >>> text = (
    ...     "北京智譜華章科技股份有限公司\n(股份代號:2513)\n悉數行使超額配股權\n"
    ...     "本公司宣佈,超額配股權已於2026年2月4日獲悉數行使,涉及合共5,612,900股H股。"
    ... )
    >>> notice = read_over_allotment_announcement(DocumentText.from_text(text))
    >>> apply_over_allotment(record, notice) is record  # the record already agrees
    True
    """
    key = offering.key
    code = offering.identity.stock_code.value
    if exercise.stock_code.value != code:
        raise IpoDataError(
            f"{key}: the announcement is for stock code {exercise.stock_code.value} "
            f"({exercise.issuer.value}), but the offering's identity.stock_code is {code}; "
            "refusing to apply it"
        )
    printed = exercise.shares_exercised
    if printed is None:
        raise IpoDataError(
            f"{key}: the announcement {exercise.title.value!r} prints no exercised shares; "
            f"nothing to set in {_FIELD}"
        )
    shares = printed.value
    where = f"page {printed.page}: {printed.text!r}"
    for path, figure in (
        ("shares.over_allocated", offering.shares.over_allocated),
        ("shares.over_allotment_option_max", offering.shares.over_allotment_option_max),
    ):
        if figure.value is not None and shares > figure.value:
            raise IpoDataError(
                f"{key}: the announcement exercises {shares:,} shares ({where}), more than "
                f"{path} = {figure.value:,}; an over-allotment option cannot be exercised "
                "beyond the shares over-allocated"
            )
    current = offering.shares.over_allotment_exercised
    if current.value is not None:
        if current.value == shares:
            return offering
        raise IpoDataError(
            f"{key}: {_FIELD} is already {current.value:,} (source {current.src}), the "
            f"announcement prints {shares:,} ({where}); the record's value is kept: settle "
            "the difference in the fact base"
        )
    if _FIELD in offering.not_applicable:
        raise IpoDataError(
            f"{key}: {_FIELD} is listed as not applicable "
            f"({offering.not_applicable[_FIELD]!r}), the announcement prints {shares:,} "
            f"({where}); refusing to apply it"
        )
    data = offering.model_dump()
    new_id = f"S{max((int(s.id[1:]) for s in offering.sources), default=0) + 1}"
    data["sources"].append(
        {
            "id": new_id,
            "tier": "official_announcement",
            "url": exercise.url,
            "document": f"{exercise.issuer.value}: {exercise.title.value} (HKEX)",
            "date": exercise.announcement_date.value if exercise.announcement_date else None,
            "note": f"sha256 {exercise.sha256}; the shares exercised are printed on page "
            f"{printed.page}",
        }
    )
    details = ["lapsed unexercised" if exercise.kind == "lapsed" else f"{exercise.kind} exercise"]
    if exercise.exercise_date is not None:
        details.append(f"on {exercise.exercise_date.value.isoformat()}")
    if exercise.price is not None:
        details.append(f"at HK${exercise.price.value}")
    data["shares"]["over_allotment_exercised"] = {
        "value": shares,
        "src": new_id,
        "printed": printed.text,
        "note": " ".join(details) + f" (read from page {printed.page} of the announcement)",
    }
    data["unknown"] = [p for p in data["unknown"] if p != _FIELD]
    return Offering.model_validate(data)

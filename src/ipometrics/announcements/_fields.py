"""The headline figures of an allotment-results announcement: labels, values, sections.

The announcement's SUMMARY (摘要 / 概要) and ALLOTMENT RESULTS DETAILS (配發結果詳情 /
分配結果詳情) print one figure per label. Labels wrap over several lines, some layouts print
the number on the line before its label, and wording varies between issuers (認購水平 /
認購額, 所得款項淨額 / 募集資金淨額). This module turns the page texts into (label, value)
pairs, each tagged with its section and page, and matches labels to record paths through one
table of patterns per language (:data:`FIELDS`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

__all__ = ["FIELDS", "FieldSpec", "Pair", "pairs", "parse_value"]

# A value at the end of a line: an amount with its unit, a multiple, a percentage, a date, or a
# yes/no/not-applicable word. Group "v" is the value text as printed.
_NUMBER = r"\(?-?\d[\d,]*(?:\.\d+)?\)?"
_VALUE = re.compile(
    r"(?P<v>"
    r"(?:HK\$|US\$|RMB|港元)?\s?"
    + _NUMBER
    + r"\s?(?:百萬港元|百萬美元|億港元|港元|百萬|million|times|倍|x|%"
    r"|份|名|股\s?(?:H\s?股|股份|[A-Z]類(?:普通)?股份?)?"
    r"|(?:Offer |H |Class [AB] (?:Ordinary )?)?Shares)?"
    r"(?:\s?(?:至|-|–|to)\s?(?:HK\$)?\s?" + _NUMBER + r"\s?(?:港元)?)?"
    r"|\d{4}\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日(?:\*|附註|備註)*"
    r"|[零〇一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日\**"
    r"|(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s\d{1,2},\s\d{4}\*?"
    r"|\d{1,2}\s(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\s\d{4}\*?"
    r"|(?<![\u4e00-\u9fff])(?:是|否|不適用)|Yes|No|N/A|Not applicable"
    r")\s*$",
    re.IGNORECASE,
)

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        )
    )
}

Section = str  # "summary", "public", "international"


@dataclass(frozen=True)
class Pair:
    """A label and the value printed with it.

    Attributes
    ----------
    label : str
        The label, its wrapped lines joined (spaces removed between CJK characters).
    value : str
        The value as printed.
    section : str
        ``"summary"``, ``"public"`` or ``"international"``.
    page : int
        1-based page of the value.
    """

    label: str
    value: str
    section: Section
    page: int


_HEADINGS: tuple[tuple[re.Pattern[str], Section | None], ...] = (
    (re.compile(r"^(摘要|概要|SUMMARY)$", re.I), "summary"),
    (
        re.compile(r"^(配發結果詳情|分配結果詳情|配售結果詳情|ALLOTMENT RESULTS DETAILS)$", re.I),
        "details",
    ),
    (
        re.compile(
            r"^(香港公開發售|公開發售|PUBLIC OFFER(ING)?|HONG KONG PUBLIC OFFER(ING)?)$", re.I
        ),
        "public",
    ),
    (re.compile(r"^(國際發售|國際配售|配售|INTERNATIONAL OFFER(ING)?|PLACING)$"), "international"),
    # Where the headline figures end: the tables that follow have their own readers.
    (
        re.compile(
            r"^(基石投資者|禁售承諾|承配人集中度分析|獲得豁免|獲得同意|CORNERSTONE INVESTORS?|"
            r"LOCK-UP UNDERTAKINGS|PLACEE CONCENTRATION|董事確認|The Directors confirm)",
            re.I,
        ),
        None,
    ),
)


#: Sub-headings inside the summary: they end a label, they are not part of one.
_SUBHEADING = re.compile(
    r"^(公司資料|價格資料|價值資料|發售股份及股本|(本公司)?所得款項|募集資金|超額分配|超額配售|超額配股|"
    r"發售量調整權(\(增發權\))?|Company information|Price Information|"
    r"Offer Shares and Share Capital|Proceeds|Over-allocation|"
    r"Offer Size Adjustment Option( \(Upsize option\))?)\s*\*?\s*$",
    re.I,
)

#: Labels whose value is text on the same line: "股份簡稱 天數智芯".
_TEXT_LABEL = re.compile(
    r"^(股份代號|股份簡稱|Stock code|Stock short name)\s*[:：]?\s+(?P<v>\S.*)$", re.I
)


_CJK_IN = re.compile("[\u4e00-\u9fff]")


def _join(parts: list[str]) -> str:
    text = " ".join(p.strip() for p in parts if p.strip())
    # "開始買賣日 期": a space inside a Chinese label is layout.
    text = re.sub(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])", "", text)
    # Wrapped CJK labels: "發售\n股份數目" -> "發售股份數目".
    return re.sub(
        r"(?<=[\u3000-\u9fff\uff00-\uffef）)]) (?=[\u3000-\u9fff\uff00-\uffef（(])", "", text
    )


def _is_noise(line: str) -> bool:
    return bool(
        re.fullmatch(r"[–\-\s]*\d{1,3}[–\-\s]*", line)  # page numbers "– 2 –", "3"
        or line.startswith(("*", "附註", "Note", "備註", "http", "www"))
    )


def pairs(pages: tuple[str, ...]) -> list[Pair]:
    """(label, value) pairs of the summary and the allotment details, in printed order.

    Reading starts at the first SUMMARY heading (or the first details heading when there is
    none) and stops at the first table heading after the international offer (cornerstone
    investors, lock-up undertakings, placee concentration) or the directors' confirmation.
    """
    out: list[Pair] = []
    section: Section | None = None
    started = False
    label: list[str] = []
    pending: tuple[str, int] | None = None  # a value printed before its label
    for index, page in enumerate(pages):
        for raw in page.splitlines():
            line = raw.strip()
            if not line:
                continue
            # Headings may be spaced out ("概 要"); compare them without the spaces.
            bare = re.sub(r"\s+", "", line) if _CJK_IN.search(line) else line
            heading = next((s for p, s in _HEADINGS if p.match(bare)), "none")
            if heading in ("public", "international") and label:
                heading = "none"  # a wrapped label's last line ("International Offering")
            if heading != "none":
                if heading is None:
                    if started and section == "international":
                        return out
                    continue
                if heading == "details":
                    started, section = True, "public"
                elif heading == "summary":
                    started, section = True, "summary"
                elif started and (heading == "international" or section != "summary"):
                    section = heading
                label, pending = [], None
                continue
            if not started or section is None:
                continue
            if _is_noise(line) or _SUBHEADING.match(bare):
                label = []
                continue
            if t := _TEXT_LABEL.match(line):
                out.append(Pair(t[1] or t[2], t["v"].strip(), section, index + 1))
                label, pending = [], None
                continue
            m = _VALUE.search(line)
            if m is None:
                if line.endswith(("。", ".")) and not line.endswith(("No.", "no.")):
                    label, pending = [], None  # prose, not a label
                    continue
                label.append(line)
                if pending is not None and _looks_complete(_join(label)):
                    out.append(Pair(_join(label), pending[0], section, pending[1]))
                    label, pending = [], None
                continue
            head = line[: m.start()].strip(" :：")
            value = re.sub(r"(\*|附註|備註)+$", "", m["v"].strip()).strip()
            if value.endswith(("股", "股份", "Shares")) or re.search(
                r"股\s?H\s?股$|類.*股份?$", value
            ):
                value = re.sub(
                    r"\s?(股.*|(?:Offer |H |Class [AB] (?:Ordinary )?)?Shares)$", "", value
                )
            if head:
                label.append(head)
            if label and not re.match(
                r"^[-－—–]", label[0]
            ):  # "- International Offer": a breakdown
                out.append(Pair(_join(label), value, section, index + 1))
                label = []
            elif label:
                label = []
            else:
                pending = (value, index + 1)
    return out


def _looks_complete(label: str) -> bool:
    return any(spec.matches(label) for spec in FIELDS)


# --------------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------------


def _decimal(text: str) -> Decimal | None:
    digits = re.sub(r"[^\d.\-]", "", text.replace("(", "-").replace(")", ""))
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


_ZH_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}


def _zh_year(text: str) -> int:
    """二零二五 -> 2025 (digit by digit)."""
    return int("".join(str(_ZH_DIGITS[c]) for c in text))


def _zh_number(text: str) -> int:
    """一 .. 三十一 -> 1 .. 31."""
    if "十" not in text:
        return _ZH_DIGITS[text]
    tens, _, units = text.partition("十")
    return (_ZH_DIGITS[tens] if tens else 1) * 10 + (_ZH_DIGITS[units] if units else 0)


def _date(t: str) -> date | None:
    """A printed date: 2026年1月8日, 二零二五年八月二十六日, January 9, 2026 or 9 January 2026."""
    if m := re.fullmatch(r"(\d{4})\s?年\s?(\d{1,2})\s?月\s?(\d{1,2})\s?日", t):
        return date(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(
        r"([零〇一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日",
        t,
    ):
        return date(_zh_year(m[1]), _zh_number(m[2]), _zh_number(m[3]))
    if m := re.fullmatch(r"([A-Za-z]+)\s(\d{1,2}),\s(\d{4})", t):
        return date(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
    if m := re.fullmatch(r"(\d{1,2})\s([A-Za-z]+)\s(\d{4})", t):
        return date(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
    return None


def parse_value(kind: str, text: str) -> object:
    """The value of ``text`` as a ``kind`` field, or ``None`` when it prints no value.

    Kinds: ``int`` [count or shares], ``money`` [HKD, from "百萬港元" / "HK$... million"],
    ``price`` [HKD per share], ``range`` (low, high) [HKD], ``times``, ``pct`` [percent
    units], ``date``, ``yesno`` (bool), ``text``.
    """
    t = text.strip()
    if re.fullmatch(r"不適用|N/A|Not applicable", t, re.I):
        return None
    if kind == "text":
        return t
    if kind == "yesno":
        return t in ("是", "Yes", "yes", "YES")
    if kind == "date":
        try:
            return _date(t)
        except (ValueError, KeyError):
            return None  # not a calendar date (2025年2月30日) or an unknown month word
    if kind == "range":
        numbers = re.findall(r"\d[\d,]*(?:\.\d+)?", t)
        if len(numbers) != 2:
            return None
        return tuple(Decimal(n.replace(",", "")) for n in numbers)
    value = _decimal(t)
    if value is None:
        return None
    if kind == "int":
        return int(value) if value == value.to_integral_value() and "." not in t else None
    if kind == "money":
        if "百萬" in t or "million" in t.lower():
            return abs(value) * 1_000_000
        if "億" in t:
            return abs(value) * 100_000_000
        return abs(value)
    return value


# --------------------------------------------------------------------------------------------
# Labels
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    """How one record path is printed: its section, value kind and label patterns."""

    path: str
    kind: str
    sections: tuple[Section, ...]
    pattern: re.Pattern[str]

    def matches(self, label: str) -> bool:
        """Whether ``label`` (joined, spaces kept) names this field."""
        return bool(self.pattern.search(label))


def _spec(path: str, kind: str, sections: str, zh: str, en: str) -> FieldSpec:
    # Issuers write 數目, 數量 or 總數 for "number"; 開支 or 費用 for expenses; 發行 is
    # sometimes misprinted 發售 in "shares in issue".
    zh = zh.replace("(數目|數量)", "數目").replace("數目", "(?:數目|數量|總數)")
    zh = zh.replace("上市開支", "上市(?:開支|費用|費)")
    return FieldSpec(
        path, kind, tuple(sections.split()), re.compile(f"(?:{zh})|(?:{en})", re.I | re.S)
    )


#: Every headline field the reader looks for, in the order of the template. A label is
#: matched against the specs of its section in this order; the first match wins.
FIELDS: tuple[FieldSpec, ...] = (
    _spec(
        "identity.stock_code", "text", "summary", r"^(股份代號|股票代碼|股份代碼)$", r"^Stock code$"
    ),
    _spec(
        "identity.short_name", "text", "summary", r"^(股份簡稱|股票簡稱)$", r"^Stock short name$"
    ),
    _spec(
        "dates.listing",
        "date",
        "summary",
        r"^(開始買賣日期?|開始買賣日)$",
        r"^Dealings commencement date$",
    ),
    _spec("price.range", "range", "summary", r"^發售價範圍", r"^Offer Price Range"),
    _spec(
        "price.adjustment",
        "text",
        "summary",
        r"^(是否)?(已行使|行使)?(進行)?發售價(進行)?調整",
        r"Offer Price Adjustment",
    ),
    _spec(
        "price.final",
        "price",
        "summary",
        r"^(最終|固定)?(公開)?發售價(港元)?([(（].*[)）])?$|^最終公開發售價及國際發售價",
        r"^(Final )?(Public )?Offer Price(?! Range)(?! Adjustment)",
    ),
    _spec(
        "price.maximum",
        "price",
        "summary",
        r"^最高(公開)?發售價|^發售價上限",
        r"^Maximum (Public )?Offer Price",
    ),
    _spec(
        "shares.offer_size_adjustment_option_exercised",
        "int",
        "summary",
        r"根據(發售量調整權|該選擇權|此選擇權|該權利)(發行|配發)的額外(發售)?股份數目",
        r"Number of additional shares issued under the option",
    ),
    _spec(
        "shares.hk_public.final",
        "int",
        "summary public",
        r"^(香港)?公開發售(項下)?的?(最終)?(發售股份|股份)(的?最終)?數目|^香港公開發售最終發售股份數目"
        r"|^(香港)?公開發售(項下)?的?發售股份(的)?最終數目|^最終(香港)?公開發售股份數目",
        r"^Final (number|no\.) of Offer Shares (in|under) (the )?(Hong Kong )?Public Offer"
        r"|^Number of Offer Shares (in|under) (the )?(Hong Kong )?Public Offer",
    ),
    _spec(
        "shares.hk_international.final",
        "int",
        "summary international",
        r"^國際(發售|配售)(項下)?的?(最終)?(發售股份|股份)(的?最終)?數目"
        r"|^國際(發售|配售)(項下)?的?發售股份(的)?最終數目|^最終國際(發售|配售)股份數目",
        r"^Final (number|no\.) of Offer Shares (in|under) (the )?International Offer"
        r"|^Number of Offer Shares (in|under) (the )?International Offer",
    ),
    _spec(
        "shares.offer_final",
        "int",
        "summary",
        r"^(全球)?發售股份(的)?數目|^發售股份總數",
        r"^Number of Offer Shares(?! (in|under) )",
    ),
    _spec(
        "shares.shares_in_issue_after_listing",
        "int",
        "summary",
        r"(於)?上市(時|後)(已)?(發行|發售)(的)?股份數目",
        r"Number of issued Shares upon Listing|Number of Shares in issue upon Listing",
    ),
    _spec(
        "shares.over_allocated",
        "int",
        "summary",
        r"超額(分配|配售|配股)的(發售)?股份數目",
        r"No\. of Offer Shares over-allocated|Number of Offer Shares over-allocated",
    ),
    _spec(
        "proceeds.gross",
        "money",
        "summary",
        r"^(本公司)?(所得款項|募集資金)總額|^總(所得款項|募集資金)",
        r"^Gross proceeds",
    ),
    _spec(
        "proceeds.expenses",
        "money",
        "summary",
        r"^減.*上市開支",
        r"^Less:? .*listing expenses",
    ),
    _spec(
        "proceeds.net",
        "money",
        "summary",
        r"^(本公司)?(所得款項|募集資金)淨額|^淨(所得款項|募集資金)",
        r"^Net proceeds",
    ),
    _spec(
        "demand.hk_public.valid_applications",
        "int",
        "public",
        r"^有效申請(數目|數量)",
        r"^No\. of valid applications|^Number of valid applications",
    ),
    _spec(
        "demand.hk_public.successful_applications",
        "int",
        "public",
        r"^(受理|成功|獲接納)申請(數目|數量)",
        r"^No\. of successful applications|^Number of successful applications",
    ),
    _spec(
        "demand.hk_public.subscription_multiple",
        "times",
        "public",
        r"^認購(水平|額|倍數)",
        r"^Subscription level",
    ),
    _spec(
        "clawback.triggered",
        "yesno",
        "public",
        r"^觸發回補機制|^重新分配$",
        r"^Claw-?back triggered",
    ),
    _spec(
        "shares.hk_public.initial",
        "int",
        "public",
        r"初步(可供認購)?的?發售股份數目",
        r"initially available under the (Hong Kong )?Public Offer",
    ),
    _spec(
        "shares.hk_public.reallocated",
        "int",
        "public",
        r"(從|由|自)國際(發售|配售)(重新分配|轉撥|重新分配至香港公開發售)",
        r"reallocated (from|to) the International Offer",
    ),
    _spec(
        "shares.hk_public.final_pct_of_offer",
        "pct",
        "public",
        r"佔全球發售",
        r"% of Offer Shares under the (Hong Kong )?Public Offer",
    ),
    _spec(
        "demand.hk_international.placees",
        "int",
        "international",
        r"^承配人(的)?(數量|數目|人數)",
        r"^No\. of placees|^Number of placees",
    ),
    _spec(
        "demand.hk_international.subscription_multiple",
        "times",
        "international",
        r"^認購(水平|額|倍數)",
        r"^Subscription level",
    ),
    _spec(
        "shares.hk_international.reallocated",
        "int",
        "international",
        r"重新分配至(香港)?公開發售|轉撥至(香港)?公開發售",
        r"reallocated to the (Hong Kong )?Public Offer",
    ),
    _spec(
        "shares.hk_international.initial",
        "int",
        "international",
        r"初步(可供認購)?的?發售股份數目",
        r"initially available under the International Offer",
    ),
    _spec(
        "shares.hk_international.final_pct_of_offer",
        "pct",
        "international",
        r"佔全球發售",
        r"% of Offer Shares under the International Offer",
    ),
)


def _value_kind(value: str) -> str:
    if value.endswith("%"):
        return "pct"
    if value.endswith(("倍", "times", "x")):
        return "times"
    if re.search(
        r"年|January|February|March|April|May|June|July|August|September|October|November|December",
        value,
    ):
        return "date"
    if re.fullmatch(r"是|否|Yes|No", value, re.I):
        return "yesno"
    return "number"


_COMPATIBLE = {
    "pct": {"pct"},
    "times": {"times"},
    "date": {"date"},
    "yesno": {"yesno"},
    # A multiple is sometimes printed without "times" / "倍" (03750: "151.15").
    "number": {"int", "money", "price", "range", "text", "times"},
}


def match(pair: Pair) -> FieldSpec | None:
    """The field a pair fills, or ``None`` when its label is none of :data:`FIELDS`.

    A label matches only fields whose kind fits the printed value (a percentage never fills
    a share count), so "香港公開發售項下最終發售股份數目佔全球發售...百分比 10.00%" is the
    tranche's share of the offer, not its size.
    """
    label = pair.label
    kind = _value_kind(pair.value)
    na = bool(re.fullmatch(r"不適用|N/A|Not applicable", pair.value, re.I))
    # A bare whole number with thousands separators is a count, never a multiple.
    count_like = bool(re.fullmatch(r"\d{1,3}(?:,\d{3})+", pair.value))
    for spec in FIELDS:
        fits = na or spec.kind in _COMPATIBLE[kind] or spec.kind == "text"
        if spec.kind == "times" and kind == "number" and count_like:
            fits = False
        if pair.section in spec.sections and fits and spec.matches(label):
            return spec
    return None

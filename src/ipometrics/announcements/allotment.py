"""Read an HKEX allotment-results announcement into a validated record.

Every Hong Kong IPO since the 2025 reforms publishes one "Announcement of (Final) Offer Price
and Allotment Results" (配發結果公告 / 分配結果公告) in one template. This module reads its
headline figures (:mod:`ipometrics.announcements._fields`), its tables
(:mod:`ipometrics.announcements.tables`), checks them against each other, and builds a record
whose every figure cites the page it was read from and keeps the text as printed. A figure the
document does not print stays ``None`` and is listed as unknown; nothing is inferred into a
published field.

Examples
--------
>>> from ipometrics.announcements import read_allotment_announcement
>>> ann = read_allotment_announcement("../shared/corpus/hkex/allotment_results/00100.pdf")
... # doctest: +SKIP
>>> ann.offering.proceeds.gross.printed  # doctest: +SKIP
'HK$4,817.6 million'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from ipometrics.announcements._fields import match, pairs, parse_value
from ipometrics.announcements._text import AnnouncementError, DocumentText, extract_text
from ipometrics.announcements._types import (
    CornerstoneInvestor,
    LockUp,
    PlaceeConcentration,
    Printed,
)
from ipometrics.announcements.tables import (
    read_allocation_basis,
    read_cornerstones,
    read_lockups,
    read_placee_concentration,
)
from ipometrics.errors import IpoDataError

__all__ = ["AllotmentAnnouncement", "Check", "read_allotment_announcement"]

T = TypeVar("T")

_TITLE = re.compile(
    r"(最終發售價及)?(配發|分配|配售)結果公告|最終發售價及(配發|分配)公告"
    r"|ANNOUNCEMENT OF (THE )?(FINAL )?(OFFER PRICE AND )?ALLOTMENT RESULTS"
    r"|ALLOTMENT RESULTS ANNOUNCEMENT|FINAL OFFER PRICE AND ALLOTMENT RESULTS",
    re.I,
)
_REVISED = re.compile(r"經修訂|修訂.{0,6}公告|REVISED|SUPPLEMENTAL", re.I)
_NOT_THIS = (
    (
        re.compile(
            r"超額配股權.{0,20}(獲)?(悉數|部分)?行使|穩定價格期(間)?結束"
            r"|OVER-ALLOTMENT OPTION|STABILI[SZ]ATION PERIOD",
            re.I,
        ),
        "an over-allotment or stabilisation announcement "
        "(read it with read_over_allotment_announcement)",
    ),
    (re.compile(r"^\s*招股章程\s*$|^\s*PROSPECTUS\s*$", re.M), "a prospectus"),
)


@dataclass(frozen=True)
class Check:
    """One consistency check of the announcement's figures.

    Attributes
    ----------
    name : str
        What was compared, e.g. ``"tranches add up to the offer"``.
    passed : bool or None
        ``None`` when a figure it needs is not printed.
    detail : str
        The numbers compared.
    page : int or None
        Page of the first figure involved.
    """

    name: str
    passed: bool | None
    detail: str
    page: int | None = None


@dataclass(frozen=True)
class AllotmentAnnouncement:
    """What one allotment-results announcement says.

    Attributes
    ----------
    offering : Offering
        The validated record; each figure's ``src`` names the page it was read from.
    allotment_table : AllotmentTable or None
        The Pool A / Pool B basis of allocation, when printed.
    cornerstones, lockups, placee_concentration : tuple
        The document's tables, row by row (empty when not printed).
    figures : dict of str to Printed
        Every headline figure read, by record path (plus ``clawback.triggered``).
    checks : tuple of Check
        The consistency checks and their outcome; a failed check is reported, never fixed.
    unread : tuple of str
        Labels found in the summary that no known field matches, with their values: what
        the reader saw but does not keep.
    revised : bool
        Whether the document calls itself a revised or supplemental announcement.
    document : DocumentText
        The text read, with its sha256 and URL.
    """

    offering: Any
    allotment_table: Any
    cornerstones: tuple[CornerstoneInvestor, ...]
    lockups: tuple[LockUp, ...]
    placee_concentration: tuple[PlaceeConcentration, ...]
    figures: dict[str, Printed[Any]]
    checks: tuple[Check, ...]
    unread: tuple[str, ...]
    revised: bool
    document: DocumentText = field(repr=False)

    @property
    def failed_checks(self) -> list[Check]:
        """The checks that failed."""
        return [c for c in self.checks if c.passed is False]


def _title_page(doc: DocumentText) -> tuple[int, int]:
    """(page index, line index) of the announcement's title; refuses other documents."""
    for index, page in enumerate(doc.pages[:8]):
        lines = page.splitlines()
        for number, line in enumerate(lines):
            # A title may wrap: "ANNOUNCEMENT OF FINAL OFFER PRICE AND" / "ALLOTMENT RESULTS".
            both = (
                line.strip() + " " + (lines[number + 1].strip() if number + 1 < len(lines) else "")
            )
            # Only an all-Latin upper-case line can be the first half of a wrapped title (a
            # bilingual name header "SAINT BELLA INC. / 聖貝拉有限公司" is not one).
            wraps = line.strip().isupper() and not _CJK.search(line) and "/" not in line
            if len(line.strip()) < 80 and (_TITLE.search(line) or (wraps and _TITLE.search(both))):
                return index, number
    head = "\n".join(doc.pages[:3])
    for pattern, what in _NOT_THIS:
        if pattern.search(head):
            raise AnnouncementError(
                f"{doc.origin}: this is {what}, not an allotment-results announcement; expected "
                "the title 'Announcement of (Final) Offer Price and Allotment Results' / "
                "配發結果公告 / 分配結果公告 on one of the first pages"
            )
    raise AnnouncementError(
        f"{doc.origin}: not an allotment-results announcement: none of its first pages carries "
        "the title 'Announcement of (Final) Offer Price and Allotment Results' / 配發結果公告 / "
        "分配結果公告"
    )


_CJK = re.compile("[\u4e00-\u9fff]")


# After the verb that introduces it ("本公告所用詞彙與X（「本公司」）", "應閱覽X（「本公司」）"),
# else the words ending in 公司 just before （「本公司」）.
_COMPANY_ZH = (
    re.compile(
        r"(?:詞彙(?:應)?與|細閱|閱覽|閱讀)\s*([^\s，。、「」:：,.;*]{2,40}?)\*?\s*[(（]「本公司」"
    ),
    re.compile(r"([^\s，。、「」:：,.;()（）*與]{2,40}?(?:有限公司|公司))\*?\s*[(（]「本公司」"),
)
_LATIN_ZH = re.compile(r"與\s*([A-Z][A-Za-z0-9&.,' -]{2,80}?)\s*[(（]「本公司」")
_COMPANY_EN = re.compile(
    r"(?:of|by)\s+([A-Z][\w&.,()' -]{2,100}?)\s*\((?:the\s*)?[\"“]Company[\"”]\)"
)


def _company_names(doc: DocumentText) -> dict[str, Printed[str]]:
    """The names the opening definitions give: 「本公司」 / (the "Company")."""
    names: dict[str, Printed[str]] = {}
    for index, page in enumerate(doc.pages[:5]):
        flat = re.sub(r"\s*\n\s*", " ", page)
        flat_zh = re.sub(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff(（「])", "", flat)
        found = next((m for p in _COMPANY_ZH if (m := p.search(flat_zh))), None)
        if "name_zh_hant" not in names and found is not None:
            names["name_zh_hant"] = Printed(found[1], index + 1, found[0])
        elif "name_en" not in names and (m := _LATIN_ZH.search(flat_zh)):
            names["name_en"] = Printed(m[1].strip(), index + 1, m[0])
        if "name_en" not in names and (m := _COMPANY_EN.search(flat)):
            name = re.sub(r"\s*\([^)]*[\u4e00-\u9fff][^)]*\)\s*$", "", m[1]).strip()
            names["name_en"] = Printed(name, index + 1, m[0])
    return names


def _names(doc: DocumentText, at: tuple[int, int]) -> dict[str, Printed[str]]:
    """The issuer's names from the lines just above the title, else the opening definitions."""
    found = _title_names(doc, at)
    for name, p in _company_names(doc).items():
        found.setdefault(name, p)
    return found


def _title_names(doc: DocumentText, at: tuple[int, int]) -> dict[str, Printed[str]]:
    """The issuer's names from the lines just above the title."""
    index, number = at
    lines = [line.strip() for line in doc.pages[index].splitlines()[:number]]
    lines = [x for x in lines if x and not re.fullmatch(r"[–\-\s\d]*", x)][-3:]
    names: dict[str, Printed[str]] = {}
    for line in reversed(lines):
        if len(line) > 100 or line.startswith(("(", "（")):
            continue
        # A bilingual header: "Beijing Geekplus Technology Co., Ltd. / 北京極智嘉科技股份有限公司".
        for part in (p.strip() for p in re.split(r"\s*[/╱]\s*", line)):
            if len(part) < 4 or len(part) > 80:
                continue
            if (
                _CJK.search(part)
                and "name_zh_hant" not in names
                and part.endswith(("公司", "集團"))
                and not re.search(r"[A-Za-z]{3}", part)
            ):
                names["name_zh_hant"] = Printed(part, index + 1, line)
            elif (
                not _CJK.search(part) and "name_en" not in names and re.search(r"[A-Za-z]{3}", part)
            ):
                names["name_en"] = Printed(part, index + 1, line)
    return names


_MANAGER_ZH = re.compile(
    r"[，,、]\s*([^，,。「」()（）]{4,60}?)\s*(?:[(（][^)）]*[)）])?\s*[(（]?作為(?:其)?穩定價格(?:經辦人|操作人)"
)
_STAB_END_ZH = re.compile(
    r"[(（]即(\d{4}年\d{1,2}月\d{1,2}日)[(（]星期\s?.[)）][)）]\s*(?:內)?(?:結束|屆滿)"
    r"|(?:結束|屆滿)\s*[(（]即(\d{4}年\d{1,2}月\d{1,2}日)[(（]星期\s?.[)）][)）]"
)
_STAB_END_EN = re.compile(
    r"stabili[sz]ation period[^.]{0,120}?expire[sd]? on\s+(?:[A-Za-z]+,\s+)?"
    r"([A-Za-z]+ \d{1,2}, \d{4})",
    re.I,
)


def _stabilisation_end(doc: DocumentText) -> Printed[date] | None:
    from ipometrics.announcements._fields import parse_value

    for index, page in enumerate(doc.pages[:4]):
        flat = re.sub(r"\s+", " ", page)
        flat_zh = re.sub(r"(?<=[\u4e00-\u9fff()（）]) (?=[\u4e00-\u9fff\d()（）])", "", flat)
        for pattern, text in ((_STAB_END_ZH, flat_zh), (_STAB_END_EN, flat)):
            if m := pattern.search(text):
                value = parse_value("date", m[1] or m.groups()[-1])
                if isinstance(value, date):
                    return Printed(value, index + 1, m[0])
    return None


_MANAGER_EN = re.compile(
    r"([A-Z][A-Za-z&.,() ]{5,120}?(?:Limited|Ltd\.?|L\.L\.C\.|LLC|Inc\.|plc)),?\s+as\s+(?:the\s+)?"
    r"stabili[sz](?:ing|ation)\s+manager",
    re.I,
)


_LOT_ZH = re.compile(
    r"每手(?:買賣單位)?(?:將)?(?:為)?\s*([\d,]+)\s*股\s*(H股|股份|[A-Z]類股份)?"
    r"|以\s*([\d,]+)\s*股\s*(H股|股份|[A-Z]類股份)?\s*為一手買賣單位"
)
_LOT_EN = re.compile(
    r"board lots? of\s+([\d,]+)\s+((?:[A-Z][A-Za-z]* )*?(?:H )?Shares?)\s+each", re.I
)


def _board_lot(doc: DocumentText) -> tuple[Printed[int], str] | None:
    """The board lot from the closing paragraph on dealings, and its unit word."""
    for index in range(len(doc.pages) - 1, -1, -1):
        flat = re.sub(r"\s*\n\s*", " ", doc.pages[index])
        flat_zh = re.sub(r"(?<=[\u4e00-\u9fffA-Z\d]) (?=[\u4e00-\u9fffA-Z\d])", "", flat)
        if m := _LOT_ZH.search(flat_zh):
            lot, unit = (m[1], m[2]) if m[1] else (m[3], m[4])
            return Printed(int(lot.replace(",", "")), index + 1, m[0]), (unit or "股").strip()
        if m := _LOT_EN.search(flat):
            return Printed(int(m[1].replace(",", "")), index + 1, m[0]), m[2]
    return None


def _stabilising_manager(doc: DocumentText) -> Printed[str] | None:
    for index, page in enumerate(doc.pages[:4]):
        flat = re.sub(r"\s*\n\s*", " ", page)
        flat_zh = re.sub(r"(?<=[\u4e00-\u9fff（）]) (?=[\u4e00-\u9fff（）])", "", flat)
        if m := _MANAGER_ZH.search(flat_zh):
            return Printed(m[1].strip(), index + 1, m[0].lstrip("，,、 "))
        if m := _MANAGER_EN.search(flat):
            # The match may start in the previous sentence: keep what follows its last full
            # stop or the "In connection with the Global Offering," opening.
            name = re.split(r"(?<=[a-z]{2})\.\s+(?=[A-Z])|Global Offering,\s*", m[1])[-1].strip()
            return Printed(name, index + 1, m[0][m[0].index(name) :])
    return None


_ABS_TOL_UNITS = {"money": 1}


def _half_unit(text: str, scale: Decimal) -> Decimal:
    """Half a unit of the last printed digit of ``text``, times ``scale``."""
    number = re.search(r"\d[\d,]*(?:\.(\d+))?", text)
    decimals = len(number[1]) if number and number[1] else 0
    return (Decimal(1).scaleb(-decimals) / 2) * scale


def _figure(p: Printed[Any], kind: str) -> dict[str, Any]:
    out: dict[str, Any] = {"value": p.value, "src": f"S{p.page}", "printed": p.text}
    if kind == "money":
        scale = (
            Decimal(1_000_000) if ("百萬" in p.text or "million" in p.text.lower()) else Decimal(1)
        )
        out["abs_tol"] = _half_unit(p.text, scale)
        out["currency"] = "HKD"
    elif kind in ("times", "pct"):
        out["abs_tol"] = _half_unit(p.text, Decimal(1))
    elif kind == "price":
        out["currency"] = "HKD"
    return out


def _read_figures(
    doc: DocumentText,
) -> tuple[dict[str, tuple[Printed[Any], str]], list[Check], list[str]]:
    found: dict[str, tuple[Printed[Any], str]] = {}
    checks: list[Check] = []
    unread: list[str] = []
    for pair in pairs(doc.pages):
        spec = match(pair)
        if spec is None:
            unread.append(f"p{pair.page} [{pair.section}] {pair.label} = {pair.value}")
            continue
        value = parse_value(spec.kind, pair.value)
        printed = Printed(value, pair.page, pair.value)
        if spec.path in found:
            first = found[spec.path][0]
            if first.value != value:
                checks.append(
                    Check(
                        f"{spec.path} printed twice agrees",
                        False,
                        f"page {first.page} prints {first.text!r}, "
                        f"page {pair.page} prints {pair.value!r}",
                        first.page,
                    )
                )
            continue
        found[spec.path] = (printed, spec.kind)
    return found, checks, unread


def _checks(f: dict[str, tuple[Printed[Any], str]]) -> list[Check]:
    def v(path: str) -> Any:
        return f[path][0].value if path in f else None

    def page(path: str) -> int | None:
        return f[path][0].page if path in f else None

    out: list[Check] = []
    pub, intl, offer = (
        v("shares.hk_public.final"),
        v("shares.hk_international.final"),
        v("shares.offer_final"),
    )
    if None in (pub, intl, offer):
        out.append(
            Check(
                "tranches add up to the offer", None, "a tranche or the offer size is not printed"
            )
        )
    else:
        out.append(
            Check(
                "tranches add up to the offer",
                pub + intl == offer,
                f"public {pub:,} + international {intl:,} = {pub + intl:,}; offer shares {offer:,}",
                page("shares.offer_final"),
            )
        )
    price, gross = v("price.final"), v("proceeds.gross")
    if None in (price, offer, gross):
        out.append(
            Check(
                "price x offer shares = gross proceeds",
                None,
                "price, offer shares or gross proceeds not printed",
            )
        )
    else:
        tol = _half_unit(
            f["proceeds.gross"][0].text,
            Decimal(1_000_000)
            if gross >= 1_000_000
            and (
                "百萬" in f["proceeds.gross"][0].text
                or "million" in f["proceeds.gross"][0].text.lower()
            )
            else Decimal(1),
        )
        computed = Decimal(price) * offer
        out.append(
            Check(
                "price x offer shares = gross proceeds",
                abs(computed - Decimal(gross)) <= tol,
                f"{price} x {offer:,} = {computed:,.2f}; printed {f['proceeds.gross'][0].text} "
                f"(+/- {tol:,})",
                page("proceeds.gross"),
            )
        )
    initial, moved, final = v("shares.hk_public.initial"), v("shares.hk_public.reallocated"), pub
    if None not in (initial, moved, final):
        out.append(
            Check(
                "public tranche: initial + reallocated = final",
                initial + moved == final,
                f"{initial:,} + {moved:,} = {initial + moved:,}; final {final:,}",
                page("shares.hk_public.initial"),
            )
        )
    gross_v, exp, net = v("proceeds.gross"), v("proceeds.expenses"), v("proceeds.net")
    if None not in (gross_v, exp, net):
        tol = sum(
            (
                _half_unit(
                    f[p][0].text,
                    Decimal(1_000_000)
                    if ("百萬" in f[p][0].text or "million" in f[p][0].text.lower())
                    else Decimal(1),
                )
                for p in ("proceeds.gross", "proceeds.expenses", "proceeds.net")
            ),
            Decimal(0),
        )
        out.append(
            Check(
                "gross - expenses = net proceeds",
                abs(Decimal(gross_v) - Decimal(exp) - Decimal(net)) <= tol,
                f"{gross_v:,} - {exp:,} = {Decimal(gross_v) - Decimal(exp):,}; "
                f"net {net:,} (+/- {tol:,})",
                page("proceeds.net"),
            )
        )
    return out


#: Paths of the record the announcement template never prints (the prospectus does): they are
#: listed as unknown when absent, like any other figure not printed.
_STAR_GROUPS = {
    "shares.star_strategic": "Hong Kong offering: no STAR Market strategic placement",
    "shares.star_offline": "Hong Kong offering: no STAR Market offline placement",
    "shares.star_online": "Hong Kong offering: no STAR Market online issue",
    "demand.star_online": "Hong Kong offering: no STAR Market online issue",
    "demand.star_offline": "Hong Kong offering: no STAR Market offline placement",
    "dates.star_lottery_rate_announcement": "Hong Kong offering: no STAR Market lottery",
    "dates.star_issuance_results": "Hong Kong offering: no STAR Market issuance results",
}


def _set(record: dict[str, Any], path: str, value: Any) -> None:
    node = record
    *parents, leaf = path.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value


def _title_text(doc: DocumentText, at: tuple[int, int]) -> str:
    lines = doc.pages[at[0]].splitlines()
    title = lines[at[1]].strip()
    if not _TITLE.search(title) and at[1] + 1 < len(lines):
        title = f"{title} {lines[at[1] + 1].strip()}"
    return title


def _sources(doc: DocumentText, pages: set[int], issuer: str, title: str) -> list[dict[str, Any]]:
    out = []
    for n in sorted(pages):
        out.append(
            {
                "id": f"S{n}",
                "tier": "official_announcement",
                "url": f"{doc.url}#page={n}" if doc.url else None,
                "document": f"{issuer}: {title} (HKEX), page {n}",
                "note": f"sha256 {doc.sha256}"
                + ("" if doc.url else "; the URL is not known, the digest identifies the file"),
            }
        )
    return out


def _build(
    doc: DocumentText,
    found: dict[str, tuple[Printed[Any], str]],
    names: dict[str, Printed[str]],
    manager: Printed[str] | None,
    at: tuple[int, int],
    key: str | None,
) -> dict[str, Any]:
    record: dict[str, Any] = {"schema_version": 1}
    not_applicable: dict[str, str] = dict(_STAR_GROUPS)
    title = _title_text(doc, at)
    pages: set[int] = {at[0] + 1}
    figures: dict[str, dict[str, Any]] = {}

    def put(path: str, p: Printed[Any], kind: str = "text", **extra: Any) -> None:
        figures[path] = {**_figure(p, kind), **extra}
        pages.add(p.page)

    code_p = found.get("identity.stock_code", (None, ""))[0]
    if code_p is None or not re.fullmatch(r"\d{1,5}", str(code_p.value)):
        raise AnnouncementError(
            f"{doc.origin}: no stock code read from the summary (expected '股份代號 NNNN' or "
            f"'Stock code NNNN'), got {None if code_p is None else code_p.text!r}"
        )
    code = str(code_p.value).zfill(5)
    put("identity.stock_code", Printed(code, code_p.page, code_p.text))
    for path, (p, kind) in found.items():
        if path in ("identity.stock_code", "clawback.triggered", "price.adjustment"):
            continue
        if path == "price.maximum":
            if "price.range" not in found and p.value is not None:
                put("price.range_high", p, "price", note="printed as the maximum offer price")
            continue
        if path == "identity.short_name":
            script = "zh" if _CJK.search(p.value) else "en"
            value = re.sub(r"\s*-\s*", "-", p.value.strip())
            put(f"identity.short_name_{script}", Printed(value, p.page, p.text))
            continue
        if path == "price.range":
            if p.value is None:
                not_applicable["price.range_low"] = (
                    f"the announcement prints {p.text!r} for the price range"
                )
                not_applicable["price.range_high"] = (
                    f"the announcement prints {p.text!r} for the price range"
                )
            else:
                low, high = p.value
                put("price.range_low", Printed(low, p.page, p.text), "price")
                put("price.range_high", Printed(high, p.page, p.text), "price")
            continue
        if p.value is None:
            continue  # printed as not applicable: stays empty, listed as unknown below
        if path == "shares.hk_international.reallocated":
            put(
                path,
                Printed(-abs(p.value), p.page, p.text),
                kind,
                note="printed as shares moved to the public offer; negative in the record",
            )
            continue
        put(path, p, kind)
    for name, p in names.items():
        put(f"identity.{name}", p)
    if manager is not None:
        put("shares.stabilising_manager", manager)
    stab = _stabilisation_end(doc)
    if stab is not None:
        put("dates.stabilisation_end", stab)
    lot = _board_lot(doc)
    if lot is not None:
        put("identity.board_lot", lot[0], unit=lot[1])
    price_p = found.get("price.final", (None, ""))[0]
    currency_page = price_p.page if price_p else at[0] + 1
    figures["identity.exchange"] = {
        "value": "SEHK",
        "src": f"S{at[0] + 1}",
        "printed": title,
        "note": "an HKEX allotment-results announcement",
    }
    figures["identity.currency"] = {
        "value": "HKD",
        "src": f"S{currency_page}",
        "printed": price_p.text if price_p else title,
    }
    pages.add(currency_page)
    for path, fig in figures.items():
        _set(record, path, fig)
    issuer = (names.get("name_en") or names.get("name_zh_hant") or Printed(code, 0, code)).value
    record["key"] = key or f"hk_{code}"
    record["sources"] = _sources(doc, pages, issuer, title)
    record["not_applicable"] = not_applicable
    for group in ("identity", "dates", "price", "shares"):
        record.setdefault(group, {})
    return record


def _with_unknowns(record: dict[str, Any], origin: str = "<text>") -> Any:
    """Validate ``record`` after listing every empty figure as unknown.

    A record rule the figures break is an :class:`AnnouncementError` naming the file and
    listing every problem (field, numbers, rule), without pydantic's boilerplate.
    """
    from pydantic import ValidationError

    from ipometrics.models import Offering

    empty = [
        path
        for path in _figure_paths(Offering, "")
        if _get(record, path) is None
        and not any(path == na or path.startswith(na + ".") for na in record["not_applicable"])
    ]
    try:
        return Offering.model_validate({**record, "unknown": empty})
    except ValidationError as err:
        problems = []
        for e in err.errors():
            text = str(e["msg"]).removeprefix("Value error, ")
            where = ".".join(str(x) for x in e["loc"])
            problems.append(text if not where else f"{where}: {text}")
        raise AnnouncementError(
            f"{origin}: the figures read break the record rules: " + "; ".join(problems)
        ) from err


def _figure_paths(cls: Any, prefix: str) -> list[str]:
    """Every figure path of a record group, from the schema (Hong Kong groups only)."""
    from pydantic import BaseModel

    from ipometrics.models import Figure, _group_class

    out: list[str] = []
    for name, info in cls.model_fields.items():
        path = f"{prefix}{name}"
        sub = _group_class(info.annotation)
        if sub is None:
            continue
        if issubclass(sub, Figure):
            out.append(path)
        elif issubclass(sub, BaseModel) and path in _GROUPS:
            out += _figure_paths(sub, path + ".")
    return out


#: The record groups an allotment announcement speaks to.
_GROUPS = {
    "identity",
    "dates",
    "price",
    "shares",
    "proceeds",
    "demand",
    "shares.hk_public",
    "shares.hk_international",
    "demand.hk_public",
    "demand.hk_international",
}


def _get(record: dict[str, Any], path: str) -> Any:
    node: Any = record
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node.get("value") if isinstance(node, dict) else node


def read_allotment_announcement(
    source: str | Path | bytes | DocumentText,
    *,
    url: str | None = None,
    key: str | None = None,
) -> AllotmentAnnouncement:
    """Read an HKEX allotment-results announcement.

    Parameters
    ----------
    source : str, Path, bytes or DocumentText
        The PDF (path or bytes), or its text already extracted
        (:meth:`DocumentText.from_text`, pages separated by form feeds).
    url : str, optional
        Where the document is published (HKEXnews); kept in every figure's source. Without
        it, sources name the file's sha256.
    key : str, optional
        Record key (default ``"hk_<code>"``, e.g. ``"hk_00100"``).

    Returns
    -------
    AllotmentAnnouncement
        The validated :class:`~ipometrics.models.Offering`, the document's tables, every
        figure read with its page and printed text, and the consistency checks.

    Raises
    ------
    AnnouncementError
        If the document is not an allotment-results announcement (it says what it seems to
        be), cannot be read (not a PDF, truncated, encrypted, scanned, undecodable), or has no
        stock code in its summary.
    IpoValidationError
        If the figures read break a record rule (e.g. tranches that do not add up to the
        offer); the message lists every problem with its field.
    """
    doc = extract_text(source, url=url)
    at = _title_page(doc)
    found, checks, unread = _read_figures(doc)
    names = _names(doc, at)
    manager = _stabilising_manager(doc)
    record = _build(doc, found, names, manager, at, key)

    source_ref = {
        "id": "S1",
        "url": doc.url,
        "document": record["sources"][0]["document"].rsplit(", page", 1)[0],
        "note": f"sha256 {doc.sha256}",
    }
    all_checks: list[Check] = [*checks, *_checks(found)]

    def table(name: str, read: Callable[[], T], empty: T) -> T:
        # A table that cannot be read is reported as a failed check with its reason; the
        # headline figures stand on their own and are still returned.
        try:
            return read()
        except (AnnouncementError, IpoDataError, ValueError) as err:
            reason = " ".join(str(err).split("For further information")[0].split())
            all_checks.append(Check(f"{name} read", False, reason))
            return empty

    def basis() -> Any:
        data = read_allocation_basis(
            doc,
            key=record["key"],
            stock_code=record["identity"]["stock_code"]["value"],
            source=source_ref,
        )
        if data is None:
            return None
        from ipometrics.hk.allotment import AllotmentTable

        return AllotmentTable.model_validate(data)

    allotment = table("basis of allocation", basis, None)
    offering = _with_unknowns(record, doc.origin)
    if allotment is not None:
        from ipometrics.hk.allotment import allotment_problems

        problems = allotment_problems(allotment)
        all_checks.append(
            Check(
                "basis of allocation adds up to its totals",
                not problems,
                "; ".join(problems) or "every row and pool total agrees",
            )
        )
    empty: list[Any] = []
    cornerstones = table("cornerstone investors", lambda: read_cornerstones(doc), empty)
    lockups = table("lock-up undertakings", lambda: read_lockups(doc), empty)
    placees = table("placee concentration", lambda: read_placee_concentration(doc), empty)
    return AllotmentAnnouncement(
        offering=offering,
        allotment_table=allotment,
        cornerstones=tuple(cornerstones),
        lockups=tuple(lockups),
        placee_concentration=tuple(placees),
        figures={path: p for path, (p, _) in found.items()},
        checks=tuple(all_checks),
        unread=tuple(unread),
        revised=bool(_REVISED.search(_title_text(doc, at)))
        or bool(_REVISED.search(doc.pages[at[0]][:400])),
        document=doc,
    )

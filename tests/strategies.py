"""Records, mutations and hypothesis strategies shared by the catalogue, property and fuzz tests.

Three kinds of helpers:

* **edits of plain records** (:func:`record`, :func:`apply_changes`, :func:`write_record`):
  a bundled fixture as a dict, changed at dotted paths, written as JSON the way a user would;
* **valid Hong Kong offerings** (:func:`hk_offerings`): a bundled Hong Kong record perturbed
  consistently (board lot, offer size, price, initial public tranche, subscription multiple,
  the clawback of the record's regime, pools, dates, first-day prices), so every record
  rule holds by construction;
* **invalid records and hostile inputs** (:func:`invalid_records`, :func:`json_values`,
  :func:`mutated_text`, ...): what the property and fuzz tests throw at the loaders.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, Final

from hypothesis import strategies as st

from ipometrics.hk.clawback import RegimeName, clawback

from .conftest import FIXTURES

KEYS: Final = ("zhipu", "minimax", "iluvatar_corex", "biren", "moore_threads", "metax")
HK_KEYS: Final = ("zhipu", "minimax", "iluvatar_corex", "biren")
STAR_KEYS: Final = ("moore_threads", "metax")
BOARD_LOTS: Final = (20, 100, 200, 500, 1000)

# --------------------------------------------------------------------------------------------
# Editing plain records
# --------------------------------------------------------------------------------------------

PathSpec = str | tuple[str | int, ...]
"""A place in a record: ``"sources.0.id"`` (digits index lists), or a tuple when a key holds
dots (``("not_applicable", "dates.offer_close")``). A last part ``"+"`` appends to a list."""


class _Delete:
    def __repr__(self) -> str:
        return "DELETE"


DELETE: Final = _Delete()
"""A change value that removes the key (or list item)."""


@dataclass(frozen=True)
class Add:
    """A change value that adds ``amount`` to the number already there."""

    amount: int


Change = tuple[PathSpec, object]


@functools.cache
def fixture_text(key: str) -> str:
    """The bundled record's JSON text."""
    return (FIXTURES / f"{key}.json").read_text(encoding="utf-8")


def record(key: str) -> dict[str, Any]:
    """A fresh, mutable copy of a bundled record (numbers exact)."""
    data: dict[str, Any] = json.loads(fixture_text(key), parse_float=Decimal)
    return data


def _parts(path: PathSpec) -> list[str | int]:
    return list(path.split(".")) if isinstance(path, str) else list(path)


def _step(node: Any, part: str | int) -> Any:
    return node[int(part)] if isinstance(node, list) else node[part]


def apply_changes(rec: dict[str, Any], changes: Sequence[Change]) -> dict[str, Any]:
    """Apply each ``(path, value)`` change in order (in place) and return the record."""
    for path, value in changes:
        parts = _parts(path)
        node: Any = rec
        for part in parts[:-1]:
            node = _step(node, part)
        last = parts[-1]
        if isinstance(node, list):
            if last == "+":
                node.append(value)
            elif value is DELETE:
                del node[int(last)]
            elif isinstance(value, Add):
                node[int(last)] += value.amount
            else:
                node[int(last)] = value
        elif value is DELETE:
            del node[last]
        elif isinstance(value, Add):
            node[last] += value.amount
        else:
            node[last] = value
    return rec


def mutated(key: str, changes: Sequence[Change]) -> dict[str, Any]:
    """The bundled record ``key`` with the changes applied."""
    return apply_changes(record(key), changes)


def dumps(data: object) -> str:
    """JSON text of a plain record; a ``Decimal`` becomes decimal text, which records accept."""
    return json.dumps(data, default=str)


def write_record(path: Path, data: object) -> Path:
    """Write ``data`` as JSON (``json.dumps(data, default=str)``) and return the path."""
    path.write_text(dumps(data), encoding="utf-8")
    return path


def get(rec: Any, path: PathSpec) -> Any:
    """The value at ``path`` (``None`` when a group on the way is ``None``)."""
    node = rec
    for part in _parts(path):
        if node is None:
            return None
        node = _step(node, part)
    return node


# --------------------------------------------------------------------------------------------
# Valid Hong Kong offerings
# --------------------------------------------------------------------------------------------

#: Wording of ``identity.allocation_regime`` that :func:`ipometrics.hk.regime_for` maps to
#: each regime.
REGIME_WORDING: Final[dict[RegimeName, str]] = {
    "chapter_18c": "Chapter 18C reallocation",
    "mechanism_a": "Mechanism A (August 2025 regime): clawback up to 35%",
    "mechanism_b": "Mechanism B (August 2025 regime): fixed public tranche, no clawback",
    "pn18_legacy": "Practice Note 18 reallocation",
}
#: Initial public tranche as a fraction of the initial offer, per regime (within its bounds).
INITIAL_FRACTIONS: Final[dict[RegimeName, tuple[str, ...]]] = {
    "chapter_18c": ("0.05", "0.10"),
    "mechanism_a": ("0.05",),
    "mechanism_b": ("0.10",),
    "pn18_legacy": ("0.10",),
}
#: Clawback triggers of every regime, so the boundaries are drawn often.
THRESHOLDS: Final = tuple(Decimal(m) for m in ("0", "9.99", "10", "15", "49.99", "50", "100"))


def ceil_to_lot(shares: Fraction, lot: int) -> int:
    """``shares`` rounded up to a whole board lot [shares]."""
    return -(-shares.numerator // (shares.denominator * lot)) * lot


def _unlist(rec: dict[str, Any], path: str) -> None:
    """A path that now holds a value is neither unknown nor not applicable."""
    rec["unknown"] = [p for p in rec.get("unknown", []) if p != path]
    rec.get("not_applicable", {}).pop(path, None)


def put(rec: dict[str, Any], path: str, value: object, currency: str | None = None) -> None:
    """Set the figure at ``path`` to ``value`` from source S1 (``None``: unknown)."""
    parts = path.split(".")
    node = rec
    for part in parts[:-1]:
        if node.get(part) is None:
            node[part] = {}
        node = node[part]
    figure: dict[str, Any] = {"value": value}
    if value is not None:
        figure["src"] = "S1"
        _unlist(rec, path)
        if currency is not None:
            figure["currency"] = currency
    node[parts[-1]] = figure


def _cents(draw: st.DrawFn, low: int, high: int) -> Decimal:
    return Decimal(draw(st.integers(low, high))).scaleb(-2)


def _pct(part: Decimal, whole: Decimal) -> Decimal:
    return ((part / whole - 1) * 100).quantize(Decimal("0.01"))


@st.composite
def hk_offerings(draw: st.DrawFn) -> dict[str, Any]:
    """A valid Hong Kong record: a bundled one, perturbed consistently.

    Board lot, offer size (whole lots), price and range, the regime and its initial public
    tranche (rounded up to a lot), a subscription multiple and the public tranche
    :func:`ipometrics.hk.clawback` then requires, international = offer - public, an
    optional offer size adjustment (international), pools and applications, dates in order
    and positive first-day prices. Sources, later prices and conflicts are kept.
    """
    rec = record(draw(st.sampled_from(HK_KEYS)))
    regime: RegimeName = draw(st.sampled_from(sorted(REGIME_WORDING)))
    put(rec, "identity.allocation_regime", REGIME_WORDING[regime])
    lot = draw(st.sampled_from(BOARD_LOTS))
    put(rec, "identity.board_lot", lot)

    offer_lots = draw(st.integers(20, 2_000_000))
    offer_initial = offer_lots * lot
    fraction = Fraction(draw(st.sampled_from(INITIAL_FRACTIONS[regime])))
    public_initial = ceil_to_lot(fraction * offer_initial, lot)
    multiple = draw(st.one_of(st.sampled_from(THRESHOLDS), st.integers(0, 500_000).map(_scaled)))
    public_final = clawback(offer_initial, public_initial, multiple, regime=regime, board_lot=lot)
    upsize = draw(st.integers(0, offer_lots * 15 // 100)) * lot
    offer_final = offer_initial + upsize
    moved = public_final - public_initial
    intl_initial = offer_initial - public_initial
    intl_final = intl_initial - moved + upsize

    rec["derived"] = {}  # computed from the old figures; the test data has no derivations
    s = "shares"
    put(rec, f"{s}.offer_initial", offer_initial)
    put(rec, f"{s}.offer_final", offer_final)
    put(rec, f"{s}.offer_size_adjustment_option_max", upsize if upsize else None)
    put(rec, f"{s}.offer_size_adjustment_option_exercised", upsize)
    over = draw(st.none() | st.integers(0, offer_lots * 15 // 100).map(lambda n: n * lot))
    put(rec, f"{s}.over_allocated", over)
    put(rec, f"{s}.over_allotment_option_max", over)
    put(rec, f"{s}.over_allotment_exercised", None)
    outstanding = offer_final + draw(st.integers(0, 10**10))
    put(rec, f"{s}.shares_in_issue_after_listing", outstanding)
    put(rec, f"{s}.h_shares_after_listing", None)
    put(rec, f"{s}.offer_pct_of_shares_after_listing", None)
    rec[s]["hk_public"] = {}
    put(rec, f"{s}.hk_public.initial", public_initial)
    put(rec, f"{s}.hk_public.reallocated", moved)
    put(rec, f"{s}.hk_public.final", public_final)
    rec[s]["hk_international"] = {}
    put(rec, f"{s}.hk_international.initial", intl_initial)
    put(rec, f"{s}.hk_international.reallocated", -moved)
    put(rec, f"{s}.hk_international.final", intl_final)

    cents = draw(st.integers(10, 100_000))
    price = Decimal(cents).scaleb(-2)
    put(rec, "price.final", price, "HKD")
    if draw(st.booleans()):
        put(rec, "price.range_low", _cents(draw, 1, cents), "HKD")
        put(rec, "price.range_high", _cents(draw, cents, 2 * cents), "HKD")
    else:
        put(rec, "price.range_low", None)
        put(rec, "price.range_high", None)
    put(rec, "price.market_cap_at_offer_price", price * outstanding, "HKD")
    rec["proceeds"] = {}
    put(rec, "proceeds.gross", price * offer_final, "HKD")
    put(rec, "terms.one_lot_amount_payable", None)

    pool_a, pool_b = draw(st.integers(0, 10**6)), draw(st.integers(0, 10**6))
    won_a, won_b = draw(st.integers(0, pool_a)), draw(st.integers(0, pool_b))
    one_lot = draw(st.integers(0, pool_a))
    rec["demand"]["hk_public"] = {}
    d = "demand.hk_public"
    put(rec, f"{d}.subscription_multiple", multiple)
    put(rec, f"{d}.valid_applications", pool_a + pool_b)
    put(rec, f"{d}.successful_applications", won_a + won_b)
    put(rec, f"{d}.pool_a_valid_applications", pool_a)
    put(rec, f"{d}.pool_a_successful_applications", won_a)
    put(rec, f"{d}.pool_b_valid_applications", pool_b)
    put(rec, f"{d}.pool_b_successful_applications", won_b)
    put(rec, f"{d}.one_lot_valid_applications", one_lot)
    put(rec, f"{d}.one_lot_successful_applications", draw(st.integers(0, one_lot)))

    cornerstone_lots = draw(st.integers(0, intl_final // lot))
    rec["cornerstones"] = {}
    put(rec, "cornerstones.count", draw(st.integers(0, 30)))
    put(rec, "cornerstones.shares", cornerstone_lots * lot)
    put(rec, "cornerstones.amount", cornerstone_lots * lot * price, "HKD")

    days = [draw(st.integers(0, 20)) for _ in range(4)]
    prospectus = date(2019, 1, 1) + timedelta(days=draw(st.integers(0, 3650)))
    offer_open = prospectus + timedelta(days=days[0])
    offer_close = offer_open + timedelta(days=days[1])
    allotment = offer_close + timedelta(days=days[2])
    listing = allotment + timedelta(days=days[3])
    for name, day in [
        ("prospectus", prospectus),
        ("offer_open", offer_open),
        ("offer_close", offer_close),
        ("price_determination", offer_close + timedelta(days=min(days[2], 1))),
        ("allotment_results", allotment),
        ("listing", listing),
        ("stabilisation_end", offer_close + timedelta(days=30)),
        ("cornerstone_lockup_end", listing + timedelta(days=180)),
    ]:
        put(rec, f"dates.{name}", day.isoformat())
    put(rec, "first_day.date", listing.isoformat())
    grey = rec["first_day"].get("grey_market")
    if grey is not None and grey["date"].get("value") is not None:
        grey["date"]["value"] = (listing - timedelta(days=1)).isoformat()

    top = 10 * cents
    open_, close = _cents(draw, 1, top), _cents(draw, 1, top)
    high = max(open_, close) + _cents(draw, 0, cents)
    low = max(min(open_, close) - _cents(draw, 0, cents), Decimal("0.01"))
    for name, value in [("open", open_), ("close", close), ("high", high), ("low", low)]:
        put(rec, f"first_day.{name}", value, "HKD")
        put(rec, f"first_day.{name}_change_pct", _pct(value, price))
    put(rec, "first_day.market_cap_open", open_ * outstanding, "HKD")
    put(rec, "first_day.market_cap_close", close * outstanding, "HKD")
    return rec


def _scaled(hundredths: int) -> Decimal:
    return Decimal(hundredths).scaleb(-2)


# --------------------------------------------------------------------------------------------
# Invalid records: one deliberate breach of a valid one
# --------------------------------------------------------------------------------------------

#: Rule ids the library may cite without a catalogue entry: none (kept so a regression shows
#: up as a named set rather than a silent pass).
UNCATALOGUED: Final[frozenset[str]] = frozenset()

COUNT_PATHS: Final = (
    "shares.offer_final.value",
    "shares.hk_public.initial.value",
    "shares.star_online.final.value",
    "demand.hk_public.valid_applications.value",
    "cornerstones.count.value",
    "terms.subscription_unit.value",
)
DECIMAL_PATHS: Final = (
    "price.final.value",
    "proceeds.gross.value",
    "demand.hk_public.subscription_multiple.value",
    "first_day.close.value",
    "first_day.close_change_pct.value",
    "price.final.abs_tol",
)
DATE_PATHS: Final = ("dates.listing.value", "dates.offer_open.value", "first_day.date.value")
TEXT_PATHS: Final = ("identity.name_en.value", "identity.stock_code.value")
REQUIRED_GROUPS: Final = ("identity", "dates", "price", "shares", "sources")
REQUIRED_KEYS: Final[tuple[PathSpec, ...]] = (
    "key",
    "sources",
    "identity",
    "dates",
    "price",
    "shares",
    "sources.0.id",
    "sources.0.tier",
    "sources.0.url",
    "sources.0.document",
)

_DECIMAL_TEXT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")

NAN_WORDS: Final = ("NaN", "nan", "NAN", "sNaN", "-NaN", "Infinity", "-Infinity", "inf", "+inf")
JUNK_NUMBERS: Final = ("1_000", " 1", "1 ", "1,000", "HK$1", "0x10", "1e", ".", "", "--1", "١٢")


def _junk_text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(NAN_WORDS + JUNK_NUMBERS),
        st.text(max_size=12).filter(lambda s: not _DECIMAL_TEXT.fullmatch(s)),
    )


def _containers() -> st.SearchStrategy[object]:
    return st.one_of(
        st.lists(st.integers(), max_size=3),
        st.dictionaries(st.sampled_from(["value", "x", "src"]), st.integers(), max_size=2),
    )


def _not_a_date() -> st.SearchStrategy[object]:
    return st.one_of(
        st.integers(),
        st.booleans(),
        _containers(),
        st.sampled_from(["2026-02-30", "2026-13-01", "2026-00-10", "0000-01-01", "2026-1-8"]),
        st.sampled_from(["2026/01/08", "20260108", "8 January 2026", "2026-01-08T09:30"]),
        st.text(max_size=12).filter(lambda s: not _ISO.match(s)),
    )


def _nested(value: object, depth: int) -> object:
    for _ in range(depth):
        value = [value]
    return value


def _dict_nodes(node: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Paths of every JSON object in a record (where an unknown key can be injected)."""
    found: list[tuple[str | int, ...]] = []
    if isinstance(node, dict):
        found.append(path)
        for k, v in node.items():
            found += _dict_nodes(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += _dict_nodes(v, (*path, i))
    return found


def _set_creating(rec: dict[str, Any], path: str, value: object) -> None:
    """Set ``path``, creating groups that are absent (a STAR record has no hk_public)."""
    parts = path.split(".")
    node = rec
    for part in parts[:-1]:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    node[parts[-1]] = value


@st.composite
def invalid_records(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """``(kind, record)``: a valid record (bundled or generated) with one deliberate breach.

    Kinds: wrong types, negative counts, broken sums, bad dates, unknown keys at any depth,
    NaN and infinity text, deep nesting, deleted required keys, a group of the wrong type.
    """
    generated = draw(st.booleans())
    rec = draw(hk_offerings()) if generated else record(draw(st.sampled_from(KEYS)))
    lot = get(rec, "identity.board_lot.value") or 1
    kind = draw(
        st.sampled_from(
            [
                "wrong type: count",
                "wrong type: decimal",
                "wrong type: date",
                "wrong type: text",
                "wrong type: literal",
                "negative count",
                "broken sum",
                "bad dates",
                "unknown key",
                "NaN text",
                "deep nesting",
                "deleted key",
                "group of the wrong type",
            ]
        )
    )
    bad: object
    if kind == "wrong type: count":
        bad = draw(st.one_of(st.integers().map(str), st.floats(), st.booleans(), _containers()))
        bad = draw(st.one_of(st.just(bad), st.integers(0, 10**9).map(Decimal)))
        _set_creating(rec, draw(st.sampled_from(COUNT_PATHS)), bad)
    elif kind == "wrong type: decimal":
        bad = draw(st.one_of(_junk_text(), st.booleans(), _containers()))
        _set_creating(rec, draw(st.sampled_from(DECIMAL_PATHS)), bad)
    elif kind == "wrong type: date":
        _set_creating(rec, draw(st.sampled_from(DATE_PATHS)), draw(_not_a_date()))
    elif kind == "wrong type: text":
        bad = draw(st.one_of(st.integers(), st.sampled_from(["", " ", "\t\n"]), _containers()))
        _set_creating(rec, draw(st.sampled_from(TEXT_PATHS)), bad)
    elif kind == "wrong type: literal":
        where = draw(
            st.sampled_from(
                [
                    "identity.exchange.value",
                    "sources.0.tier",
                    "price.final.qualifier",
                    "schema_version",
                ]
            )
        )
        bad = draw(
            st.one_of(
                st.text(max_size=8).map(lambda s: f"x{s}"), st.integers().filter(lambda i: i != 1)
            )
        )
        _set_creating(rec, where, bad)
    elif kind == "negative count":
        _set_creating(rec, draw(st.sampled_from(COUNT_PATHS)), -draw(st.integers(1, 10**12)))
    elif kind == "broken sum":
        if rec["shares"].get("hk_public") is not None:
            where = draw(st.sampled_from(["shares.offer_final", "shares.hk_public.final"]))
        else:
            where = draw(st.sampled_from(["shares.offer_final", "shares.star_online.final"]))
        figure = get(rec, where)
        figure["value"] = figure["value"] + draw(st.integers(1, 1000)) * lot
    elif kind == "bad dates":
        prospectus = date.fromisoformat(rec["dates"]["prospectus"]["value"])
        earlier = prospectus - timedelta(days=draw(st.integers(1, 400)))
        rec["dates"]["listing"] = {"value": earlier.isoformat(), "src": "S1"}
    elif kind == "unknown key":
        # not into the ``derived`` map itself: a random {"value", "derived"} entry is valid
        nodes = [p for p in _dict_nodes(rec) if p != ("derived",)]
        node = get(rec, draw(st.sampled_from(nodes)))
        name = "x_" + draw(st.text(max_size=6))
        node[name] = draw(json_values(max_leaves=4))
    elif kind == "NaN text":
        _set_creating(rec, draw(st.sampled_from(DECIMAL_PATHS)), draw(st.sampled_from(NAN_WORDS)))
    elif kind == "deep nesting":
        where = draw(st.sampled_from(COUNT_PATHS + DECIMAL_PATHS + DATE_PATHS + TEXT_PATHS))
        _set_creating(rec, where, _nested(draw(st.integers()), draw(st.integers(1, 120))))
    elif kind == "deleted key":
        apply_changes(rec, [(draw(st.sampled_from(REQUIRED_KEYS)), DELETE)])
    else:
        bad = draw(st.one_of(st.integers(), st.text(max_size=5), st.lists(st.integers())))
        rec[draw(st.sampled_from(REQUIRED_GROUPS))] = bad
    return kind, rec


# --------------------------------------------------------------------------------------------
# Hostile input for the loaders
# --------------------------------------------------------------------------------------------


@functools.cache
def record_keys() -> tuple[str, ...]:
    """Every key used in the bundled records: random objects use the real vocabulary."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                found.add(k)
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for key in KEYS:
        walk(record(key))
    return tuple(sorted(found))


@functools.cache
def json_values(max_leaves: int = 30) -> st.SearchStrategy[object]:
    """Any JSON value (NaN and infinities included), objects keyed by real record keys."""
    leaves = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.integers(-(10**30), 10**30),
        st.floats(),
        st.decimals(allow_nan=False, allow_infinity=False),
        st.text(max_size=20),
        st.sampled_from((*NAN_WORDS, "2026-01-08", "S1", "SEHK", "HKD", "zhipu")),
    )
    keys = st.one_of(st.sampled_from(record_keys()), st.text(max_size=8))
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(keys, inner, max_size=6),
        ),
        max_leaves=max_leaves,
    )


#: Snippets spliced into record text: numbers JSON or Decimal cannot take, unicode, NUL,
#: structure tokens, a huge integer (past Python's 4300-digit limit) and a long one.
TOKENS: Final = (
    "NaN",
    "-NaN",
    "Infinity",
    "-Infinity",
    "1e999999999",
    "-1e-999999999",
    "9" * 5000,
    "1" + "0" * 400,
    "-0",
    "0.0000000000000000000000000001",
    '"\\ud800"',
    "\ud800",
    '"\u202e\u0000\ufeff"',
    "\ufeff",
    "\x00",
    "é",
    "\U0001f600",
    "null",
    "true",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    '"',
    '"x_extra": 1,',
    '"value": "1",',
    "[" * 70,
    "]" * 70,
)


@st.composite
def mutated_text(draw: st.DrawFn, text: str, max_edits: int = 4) -> bytes:
    """``text`` after a few edits: byte flips, truncation, spliced tokens, duplicated or
    deleted lines (duplicated / deleted keys), and wrapping in nested arrays."""
    data = bytearray(text.encode("utf-8"))
    for _ in range(draw(st.integers(1, max_edits))):
        edit = draw(
            st.sampled_from(["flip", "truncate", "token", "dup line", "del line", "wrap", "cut"])
        )
        n = len(data)
        at = draw(st.integers(0, max(n - 1, 0)))
        if edit == "flip" and n:
            data[at] = draw(st.integers(0, 255))
        elif edit == "truncate":
            del data[at:]
        elif edit == "token":
            token = draw(st.sampled_from(TOKENS)).encode("utf-8", "surrogatepass")
            data[at:at] = token
        elif edit == "cut":
            del data[at : at + draw(st.integers(1, 200))]
        elif edit in ("dup line", "del line"):
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            if edit == "dup line":
                lines.insert(i, lines[i])
            else:
                del lines[i]
            data = bytearray(b"\n".join(lines))
        else:
            depth = draw(st.integers(1, 80))
            data = bytearray(b"[" * depth + bytes(data) + b"]" * depth)
    return bytes(data)


@st.composite
def mutated_records(draw: st.DrawFn) -> object:
    """A bundled record (or an array of them) with random JSON nodes replaced or removed."""
    data: object = record(draw(st.sampled_from(KEYS)))
    if draw(st.booleans()):
        data = [data, record(draw(st.sampled_from(KEYS)))]
    for _ in range(draw(st.integers(1, 4))):
        where = _random_node(draw, data)
        if not where:
            continue
        parent: Any = get(data, where[:-1])
        last: Any = where[-1]
        action = draw(st.sampled_from(["replace", "delete", "nest", "duplicate"]))
        if action == "replace":
            parent[last] = draw(json_values(max_leaves=8))
        elif action == "delete":
            del parent[last]
        elif action == "nest":
            parent[last] = _nested(parent[last], draw(st.integers(1, 80)))
        elif isinstance(parent, list):
            parent.insert(int(last), copy.deepcopy(parent[last]))
        else:
            parent[f"{last}_copy"] = copy.deepcopy(parent[last])
    return data


def _random_node(draw: st.DrawFn, node: Any) -> tuple[str | int, ...]:
    """A path to a random node: descend into a random child, stopping with chance 1/4."""
    path: tuple[str | int, ...] = ()
    while isinstance(node, dict | list) and node and draw(st.integers(0, 3)):
        step: str | int
        if isinstance(node, dict):
            step = draw(st.sampled_from(sorted(node)))
            node = node[step]
        else:
            step = draw(st.integers(0, len(node) - 1))
            node = node[step]
        path = (*path, step)
    return path

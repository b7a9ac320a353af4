"""Fact-check reported IPO figures ("超43亿港元", "1,209倍", "13.17%") against the records.

A figure in a news report is a number, a unit, perhaps a currency, and often a qualifier
(超, 接近, 约, "more than", "nearly", "about"). :func:`parse_reported` reads such a phrase,
in Chinese or English, into a :class:`ReportedFigure` that states the interval of true values
the wording allows. :func:`check` compares that interval with the value an
:class:`~ipometrics.models.Offering` gives for a named metric (:data:`METRICS`) and returns a
:class:`ClaimCheck`: ``"consistent"``, ``"inconsistent"`` or ``"not_checkable"``, with a
one-line explanation that cites the record's source. :func:`check_many` does the same for a
list of ``(code, metric, reported)`` rows and returns a table.

What a phrase may contain
-------------------------
Exactly one number written with digits: ``43``, ``1,159.46``, ``0.2`` (thousands separators
every three digits; Chinese numerals such as 四十三 are not read). Around it, in any order:

* scale words, directly after the number: 万 (1e4), 亿 (1e8), 万亿 (1e12), also 千, 百万,
  千万 and the traditional 萬 / 億; ``k`` / ``thousand`` (1e3), ``m`` / ``mn`` / ``million``
  (1e6), ``bn`` / ``billion`` (1e9), ``tn`` / ``trillion`` (1e12);
* a currency: 港元, 港币, ``HK$``, ``HKD`` -> HKD; 人民币, ``RMB``, ``CNY``, ``yuan`` -> CNY;
  美元, ``US$``, ``USD`` -> USD. A bare 元 or ``$`` marks money without naming the currency
  (元 is the unit word of the yuan and of the Hong Kong dollar alike);
* a unit: ``%``, ``percent``, 百分之 (a percent, read as a fraction: ``13.17%`` is 0.1317);
  倍, ``times``, ``x``, ``×`` (a multiple); 股, ``shares`` (a share count); 每股, ``/股``,
  ``per share``, ``a share`` (a price per share);
* at most one qualifier family (达/为/报 may accompany any of them):

  ============  ====================================================================
  family        words
  ============  ====================================================================
  more than     超, 超过, 逾, 以上, 多于, 高于, over, more than, above
  less than     不足, 不到, 低于, 少于, 以下, less than, under, below
  close to      近, 接近, 将近, nearly, almost, close to
  about         约, 约为, 大约, 左右, about, around, approximately, roughly, near, ~
  reached       达, 达到, 高达, 报, 为, 录得, at, reached
  ============  ====================================================================

Anything else (a second number, a word not listed, "1,2,3") raises
:class:`~ipometrics.errors.IpoDataError` quoting the text; a phrase never parses to 0.

The interval a wording allows
-----------------------------
Let ``n`` be the number written and ``u`` one unit of its last significant written digit.
Digits after a decimal point are all significant (``131.50`` -> ``u = 0.01``); trailing zeros
of a whole number are placeholders (``580亿`` -> ``u = 10亿``, ``1209`` -> ``u = 1``), the
convention the fact base uses for its own ``abs_tol`` (``'接近580亿港元'`` has
``abs_tol = 5亿``). Write ``580.0亿`` to claim more digits. Then:

=============  ================================  ===========================================
qualifier      interval                          why
=============  ================================  ===========================================
none, reached  ``[n - u/2, n + u/2]``            the number is the true value rounded to its
                                                 last digit ("1,159.46倍" -> ±0.005)
about          ``[n - u, n + u]``                a full unit either way: rounded *or*
                                                 truncated ("约43亿" -> 42亿..44亿)
close to       ``[n - max(u, 5% of n), n]``      approaching from below, within
                                                 :data:`CLOSE_TO_BAND` (5%) or one unit,
                                                 whichever is wider ("接近580亿" ->
                                                 551亿..580亿)
more than      ``(n, +inf)``                     the written number itself is exceeded; no
                                                 upper bound is read into the digits
                                                 ("超43亿" -> above 4.3e9)
less than      ``(-inf, n)``                     the mirror image
=============  ================================  ===========================================

Bounds are in the units of :attr:`ReportedFigure.value`: full currency units, fractions for
percents, times for multiples, shares. For negative ``n`` "close to" approaches from the
side of zero. A signed number keeps its sign (``-3.05%``); words such as 跌 / "down" are not
read.

How a claim is checked
----------------------
The record's value is taken through the existing API, never recomputed here: the metric
columns of :func:`ipometrics.to_frame` (``gross_proceeds``, ``close_return`` ...) through the
:class:`~ipometrics.models.Offering` methods (exact ``Decimal``), the input columns
(``public_multiple``, ``close_price`` ...) as the published figure with its ``abs_tol``. A
published figure that is itself qualified ("more than") stands for ``[value, +inf)``; other
published figures for ``value ± abs_tol``. The claim is ``"consistent"`` when its interval
meets the record's, else ``"inconsistent"``. It is ``"not_checkable"``, with the reason, when
the record lacks the figure (unknown or not applicable), when the claim is in another unit
(a percent for a money metric, a per-share price for proceeds) or another currency (no FX
conversion is made), or when a money claim names no currency. A claim that matches the losing
side of one of the record's ``conflicts`` is reported as such.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal, NamedTuple

import pandas as pd

from ipometrics import metrics
from ipometrics.errors import FigureUnavailableError, IpoDataError
from ipometrics.io import load_offering
from ipometrics.models import Conflict, Figure, Offering

__all__ = [
    "CLOSE_TO_BAND",
    "EXIT_STATUS",
    "METRICS",
    "ClaimCheck",
    "Kind",
    "QualifierFamily",
    "ReportedFigure",
    "Verdict",
    "check",
    "check_cli",
    "check_many",
    "parse_reported",
]

Kind = Literal["money", "price", "percent", "multiple", "shares", "plain"]
"""What a reported figure measures: an amount of money, a price per share, a percent (held
as a fraction), a multiple [times], a number of shares, or a bare number."""

QualifierFamily = Literal["more than", "less than", "close to", "about", "reached"]
"""The qualifier families :func:`parse_reported` recognises (``None`` for a bare number)."""

Verdict = Literal["consistent", "inconsistent", "not_checkable"]

#: How far below the written number "close to" (近, 接近, nearly) reaches [fraction of n].
CLOSE_TO_BAND = Decimal("0.05")

#: Exit status :func:`check_cli` returns for each verdict; 1 is a data or input error, and 2
#: stays the usage error of the command line.
EXIT_STATUS: Mapping[str, int] = {"consistent": 0, "inconsistent": 3, "not_checkable": 4}

# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

_QUALIFIER_WORDS: dict[QualifierFamily, tuple[str, ...]] = {
    "more than": ("超过", "超", "逾", "以上", "多于", "高于", "over", "more than", "above"),
    "less than": (
        "不足",
        "不到",
        "低于",
        "少于",
        "以下",
        "less than",
        "fewer than",
        "under",
        "below",
    ),
    "close to": ("接近", "将近", "近", "nearly", "almost", "close to"),
    "about": (
        "约为",
        "大约",
        "约",
        "左右",
        "about",
        "around",
        "approximately",
        "approx.",
        "approx",
        "roughly",
        "near",
        "~",
    ),
    "reached": ("达到", "高达", "达", "报", "为", "录得", "at", "reached"),
}

_CURRENCY_WORDS: dict[str, str] = {
    "港元": "HKD",
    "港币": "HKD",
    "港幣": "HKD",
    "hk$": "HKD",
    "hkd": "HKD",
    "hong kong dollars": "HKD",
    "hk dollars": "HKD",
    "人民币": "CNY",
    "人民幣": "CNY",
    "rmb": "CNY",
    "cny": "CNY",
    "yuan": "CNY",
    "美元": "USD",
    "us$": "USD",
    "usd": "USD",
    "us dollars": "USD",
    # Money without a named currency.
    "元": "",
    "$": "",
}

_SCALE_WORDS: dict[str, int] = {
    "万亿": 10**12,
    "萬億": 10**12,
    "亿": 10**8,
    "億": 10**8,
    "千万": 10**7,
    "千萬": 10**7,
    "百万": 10**6,
    "百萬": 10**6,
    "万": 10**4,
    "萬": 10**4,
    "千": 10**3,
    "trillion": 10**12,
    "tn": 10**12,
    "billion": 10**9,
    "bn": 10**9,
    "million": 10**6,
    "mn": 10**6,
    "m": 10**6,
    "thousand": 10**3,
    "k": 10**3,
}

_UNIT_WORDS: dict[str, str] = {
    "%": "percent",
    "percent": "percent",
    "per cent": "percent",
    "百分之": "percent",
    "倍": "multiple",
    "times": "multiple",
    "x": "multiple",
    "×": "multiple",
    "股": "shares",
    "shares": "shares",
    "每股": "per share",
    "/股": "per share",
    "per share": "per share",
    "a share": "per share",
    "/share": "per share",
}

_TOKENS: list[tuple[str, str, object]] = sorted(
    [
        *((w, "qualifier", fam) for fam, words in _QUALIFIER_WORDS.items() for w in words),
        *((w, "currency", c) for w, c in _CURRENCY_WORDS.items()),
        *((w, "scale", s) for w, s in _SCALE_WORDS.items()),
        *((w, "unit", u) for w, u in _UNIT_WORDS.items()),
    ],
    key=lambda t: -len(t[0]),
)

_NUMBER_RUN = re.compile(r"[0-9.,]*[0-9][0-9.,]*")
_WELL_FORMED = re.compile(r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?|[0-9]+(\.[0-9]+)?")
_SIGNS = {"-": -1, "\u2212": -1, "+": 1}
_EXAMPLES = "e.g. '超43亿港元', '1,159.46倍', '13.17%' or 'HK$4,348.1 million'"


# --------------------------------------------------------------------------------------------
# Intervals
# --------------------------------------------------------------------------------------------


class _Interval(NamedTuple):
    """``low..high`` with open or closed ends; ``None`` is unbounded."""

    low: Decimal | None
    high: Decimal | None
    low_open: bool = False
    high_open: bool = False

    def meets(self, other: _Interval) -> bool:
        lows = [(v, o) for v, o in ((self.low, self.low_open), (other.low, other.low_open))]
        highs = [(v, o) for v, o in ((self.high, self.high_open), (other.high, other.high_open))]
        known_lows = [lo for lo in lows if lo[0] is not None]
        known_highs = [hi for hi in highs if hi[0] is not None]
        if not known_lows or not known_highs:
            return True
        low = max(v for v, _ in known_lows if v is not None)
        high = min(v for v, _ in known_highs if v is not None)
        if low < high:
            return True
        if low > high:
            return False
        opened = any(o for v, o in known_lows if v == low) or any(
            o for v, o in known_highs if v == high
        )
        return not opened

    def contains(self, x: Decimal) -> bool:
        return self.meets(_Interval(x, x))


def _interval(n: Decimal, unit: Decimal, qualifier: QualifierFamily | None) -> _Interval:
    half = unit / 2
    if qualifier in (None, "reached"):
        return _Interval(n - half, n + half)
    if qualifier == "about":
        return _Interval(n - unit, n + unit)
    if qualifier == "close to":
        band = max(unit, CLOSE_TO_BAND * abs(n))
        return _Interval(n - band, n) if n >= 0 else _Interval(n, n + band)
    if qualifier == "more than":
        return _Interval(n, None, low_open=True)
    return _Interval(None, n, high_open=True)


# --------------------------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportedFigure:
    """A figure as a report writes it, and the interval of true values its wording allows.

    Attributes
    ----------
    text : str
        The phrase as given, e.g. ``'超43亿港元'``.
    value : Decimal
        The number written, in base units: full currency units [currency] for money,
        [currency/share] for a price, a fraction for a percent (``13.17%`` -> ``0.1317``),
        [times] for a multiple, [shares] for a share count.
    kind : str
        ``"money"``, ``"price"``, ``"percent"``, ``"multiple"``, ``"shares"`` or ``"plain"``.
    currency : str or None
        ISO 4217 code (``"HKD"``, ``"CNY"``, ``"USD"``); ``None`` when none is named (also
        for a bare 元 or ``$``).
    qualifier : str or None
        The qualifier family (``"more than"``, ``"less than"``, ``"close to"``, ``"about"``,
        ``"reached"``), ``None`` for a bare number.
    digits : str
        The number exactly as written, e.g. ``'1,159.46'`` or ``'-3.05'``.
    scale_word : str or None
        The scale word as written (``'亿'``, ``'million'``), if any.
    resolution : Decimal
        One unit of the last significant written digit, in the units of ``value``
        (``'43亿'`` -> ``1E+8``).
    low, high : Decimal or None
        The interval the wording allows, in the units of ``value``; ``None`` is unbounded.
    low_open, high_open : bool
        Whether the bound itself is excluded (``'超43亿'`` excludes 4.3e9).

    Examples
    --------
    >>> fig = parse_reported("1,159.46倍")
    >>> (fig.kind, fig.value, fig.low, fig.high)
    ('multiple', Decimal('1159.46'), Decimal('1159.455'), Decimal('1159.465'))
    """

    text: str
    value: Decimal
    kind: Kind
    currency: str | None
    qualifier: QualifierFamily | None
    digits: str
    scale_word: str | None
    resolution: Decimal
    low: Decimal | None
    high: Decimal | None
    low_open: bool = False
    high_open: bool = False

    @property
    def _bounds(self) -> _Interval:
        return _Interval(self.low, self.high, self.low_open, self.high_open)

    def contains(self, x: Decimal | int | float) -> bool:
        """Whether ``x`` (in the units of :attr:`value`) lies in the allowed interval.

        Parameters
        ----------
        x : Decimal, int or float
            A candidate true value [units of ``value``]; a float is read by its repr.

        Examples
        --------
        >>> fig = parse_reported("超43亿港元")
        >>> fig.contains(4_348_100_000), fig.contains(4_300_000_000)
        (True, False)
        """
        exact = Decimal(repr(x)) if isinstance(x, float) else Decimal(x)
        return self._bounds.contains(exact)

    def describe(self) -> str:
        """The allowed interval in words and units.

        Examples
        --------
        >>> parse_reported("超43亿港元").describe()
        'more than HKD 4,300,000,000'
        >>> parse_reported("13.17%").describe()
        '13.165%..13.175%'
        """
        return _describe_interval(self._bounds, self.kind, self.currency)

    def __str__(self) -> str:
        return f"{self.text!r} ({self.describe()})"


def _error(text: str, problem: str) -> IpoDataError:
    return IpoDataError(f"reported figure {text!r}: {problem}; expected one figure, {_EXAMPLES}")


def _normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"\s+", " ", folded).strip()


def _tokens(segment: str, text: str, *, after_number: bool) -> list[tuple[str, str, object]]:
    """Split the text on one side of the number into known words; anything else is an error."""
    found: list[tuple[str, str, object]] = []
    rest = segment
    first = True
    while True:
        rest = rest.lstrip()
        if not rest:
            return found
        for word, category, meaning in _TOKENS:
            if not rest.startswith(word):
                continue
            following = rest[len(word) : len(word) + 1]
            if word[-1].isascii() and word[-1].isalpha() and following.isascii():
                if following.isalpha():
                    continue
            if category == "scale" and not (after_number and first):
                raise _error(text, f"the scale word {word!r} must follow the number directly")
            found.append((word, category, meaning))
            rest = rest[len(word) :]
            break
        else:
            raise _error(text, f"cannot read {rest!r}")
        first = False


def parse_reported(text: str) -> ReportedFigure:
    """Read a reported figure written in Chinese or English.

    Parameters
    ----------
    text : str
        One figure phrase: a number with digits, optional scale word (万, 亿, 万亿, million,
        bn ...), currency (港元, HK$, 人民币, US$ ...), unit (%, 倍, times, x, 股, 每股 ...) and
        qualifier (超, 接近, 约, 达, more than, nearly, about ...). See the module notes for
        the full vocabulary.

    Returns
    -------
    ReportedFigure
        The number in base units [currency], [currency/share], [fraction], [times] or
        [shares], and the interval its wording allows (module notes: "The interval a wording
        allows").

    Raises
    ------
    IpoDataError
        If the text is empty, has no number or more than one, a malformed number
        (``'1,2,3亿'``), a word outside the vocabulary, two currencies, two units or two
        qualifier families; the message quotes the text.

    Examples
    --------
    >>> fig = parse_reported("超43亿港元")
    >>> (fig.kind, fig.currency, fig.qualifier, fig.value, fig.low, fig.high)
    ('money', 'HKD', 'more than', Decimal('4300000000'), Decimal('4300000000'), None)
    >>> fig = parse_reported("HK$4,348.1 million")
    >>> (fig.value, fig.low, fig.high)
    (Decimal('4348100000.0'), Decimal('4348050000.00'), Decimal('4348150000.00'))
    >>> parse_reported("13.17%").value
    Decimal('0.1317')
    >>> parse_reported("1,2,3亿")
    Traceback (most recent call last):
    ...
    ipometrics.errors.IpoDataError: reported figure '1,2,3亿': malformed number '1,2,3'; ...
    """
    if not isinstance(text, str):
        raise IpoDataError(f"reported figure must be text, got {type(text).__name__} {text!r}")
    clean = _normalise(text)
    if not clean:
        raise _error(text, "the text is empty")
    runs = list(_NUMBER_RUN.finditer(clean))
    if not runs:
        raise _error(text, "no number written with digits")
    if len(runs) > 1:
        numbers = ", ".join(repr(r.group()) for r in runs)
        raise _error(text, f"{len(runs)} numbers ({numbers}); a claim holds one figure")
    run = runs[0]
    written = run.group()
    if not _WELL_FORMED.fullmatch(written):
        raise _error(
            text,
            f"malformed number {written!r} (thousands separators go every three digits, "
            "one decimal point)",
        )
    before, after = clean[: run.start()], clean[run.end() :]
    sign = 1
    if before and before[-1] in _SIGNS:
        sign = _SIGNS[before[-1]]
        before = before[:-1]
        written = ("-" if sign < 0 else "") + written
    tokens = _tokens(before, text, after_number=False) + _tokens(
        after, text, after_number=True
    )

    families: set[QualifierFamily] = set()
    currencies: set[str] = set()
    money_marked = False
    units: list[str] = []
    scale_word: str | None = None
    scale = 1
    for word, category, meaning in tokens:
        if category == "qualifier":
            families.add(meaning)  # type: ignore[arg-type]
        elif category == "currency":
            money_marked = True
            if meaning:
                currencies.add(str(meaning))
        elif category == "scale":
            scale_word, scale = word, int(str(meaning))
        else:
            units.append(str(meaning))

    if len(families) > 1:
        families.discard("reached")
    if len(families) > 1:
        raise _error(text, f"conflicting qualifiers {sorted(families)}")
    qualifier = next(iter(families)) if families else None
    if len(currencies) > 1:
        raise _error(text, f"two currencies {sorted(currencies)}")
    currency = next(iter(currencies)) if currencies else None
    distinct_units = sorted(set(units))
    if len(units) != len(distinct_units) or len(distinct_units) > 1:
        if not (set(units) == {"per share"} or set(units) == {"percent"} and len(units) == 1):
            raise _error(text, f"more than one unit ({', '.join(units)})")
    unit = distinct_units[0] if distinct_units else None

    kind: Kind
    if unit == "percent":
        kind = "percent"
    elif unit == "multiple":
        kind = "multiple"
    elif unit == "shares":
        kind = "shares"
    elif unit == "per share":
        kind = "price"
    elif money_marked:
        kind = "money"
    else:
        kind = "plain"
    if money_marked and kind in ("percent", "multiple", "shares"):
        raise _error(text, f"a {kind} with a currency")
    if scale_word is not None and kind == "percent":
        raise _error(text, f"a percent with the scale word {scale_word!r}")

    number = Decimal(written.replace(",", ""))
    mantissa = written.lstrip("-").replace(",", "")
    if "." in mantissa:
        places = len(mantissa.split(".")[1])
        resolution = Decimal(1).scaleb(-places)
    else:
        stripped = mantissa.rstrip("0")
        resolution = Decimal(1).scaleb(len(mantissa) - len(stripped) if stripped else 0)
    number, resolution = number * scale, resolution * scale
    if kind == "percent":
        number, resolution = number.scaleb(-2), resolution.scaleb(-2)
    bounds = _interval(number, resolution, qualifier)
    return ReportedFigure(
        text=text,
        value=number,
        kind=kind,
        currency=currency,
        qualifier=qualifier,
        digits=run.group() if sign > 0 else written,
        scale_word=scale_word,
        resolution=resolution,
        low=bounds.low,
        high=bounds.high,
        low_open=bounds.low_open,
        high_open=bounds.high_open,
    )


# --------------------------------------------------------------------------------------------
# Formatting (explanations only: the API returns exact Decimals)
# --------------------------------------------------------------------------------------------


def _plain(value: Decimal, max_places: int) -> str:
    if value.as_tuple().exponent < -max_places:  # type: ignore[operator]
        value = value.quantize(Decimal(1).scaleb(-max_places), rounding=ROUND_HALF_EVEN)
    text = format(value.normalize(), ",f") if value == value.to_integral_value() else None
    return text if text is not None else format(value, ",f")


def _fmt(value: Decimal, kind: Kind, currency: str | None) -> str:
    cur = f"{currency} " if currency else ""
    if kind == "money":
        return f"{cur}{_plain(value, 2)}"
    if kind == "price":
        shown = _plain(value, 4)
        if "." not in shown:
            shown += ".00"
        elif len(shown.split(".")[1]) == 1:
            shown += "0"
        return f"{cur}{shown}"
    if kind == "percent":
        return f"{_plain(value.scaleb(2), 4)}%"
    if kind == "multiple":
        return f"{_plain(value, 4)} times"
    if kind == "shares":
        return f"{_plain(value, 0)} shares"
    return _plain(value, 6)


def _describe_interval(bounds: _Interval, kind: Kind, currency: str | None) -> str:
    low, high = bounds.low, bounds.high
    if low is None and high is None:
        return "any value"
    if high is None and low is not None:
        word = "more than" if bounds.low_open else "at least"
        return f"{word} {_fmt(low, kind, currency)}"
    if low is None and high is not None:
        word = "less than" if bounds.high_open else "at most"
        return f"{word} {_fmt(high, kind, currency)}"
    assert low is not None and high is not None  # noqa: S101 - narrowed above
    span = f"{_fmt(low, kind, None)}..{_fmt(high, kind, None)}"
    if kind == "multiple":
        span = f"{_plain(low, 4)}..{_plain(high, 4)} times"
    elif kind == "shares":
        span = f"{_plain(low, 0)}..{_plain(high, 0)} shares"
    return f"{currency} {span}" if currency and kind in ("money", "price") else span


# --------------------------------------------------------------------------------------------
# Metrics
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Metric:
    kind: Kind
    doc: str
    #: Published figure read as is (with its abs_tol), or None for a computed metric.
    path: str | None = None
    scale: Decimal = Decimal(1)
    #: Computed metric: the Offering method call, its formula in words and its inputs.
    compute: Callable[[Offering], Decimal] | None = None
    formula: str = ""
    inputs: tuple[str, ...] = ()
    #: Inputs whose printed rounding (abs_tol) carries into a computed value (additive terms).
    rounded_inputs: tuple[str, ...] = ()
    #: The published figure a computed metric sits beside, and its scale.
    published: str | None = None
    frame_column: bool = True


_PCT = Decimal("0.01")

_METRICS: dict[str, _Metric] = {
    "gross_proceeds": _Metric(
        "money",
        "offer price x final offer shares, Offering.gross_proceeds() [currency]",
        compute=lambda o: o.gross_proceeds(),
        formula="price.final x shares.offer_final",
        inputs=("price.final", "shares.offer_final"),
        published="proceeds.gross",
    ),
    "gross_proceeds_published": _Metric(
        "money", "gross proceeds as printed, proceeds.gross [currency]", path="proceeds.gross"
    ),
    "net_proceeds": _Metric(
        "money",
        "gross proceeds less the printed expenses, Offering.net_proceeds() [currency]",
        compute=lambda o: o.net_proceeds(),
        formula="price.final x shares.offer_final - proceeds.expenses",
        inputs=("price.final", "shares.offer_final", "proceeds.expenses"),
        rounded_inputs=("proceeds.expenses",),
        published="proceeds.net",
    ),
    "net_proceeds_published": _Metric(
        "money", "net proceeds as printed, proceeds.net [currency]", path="proceeds.net"
    ),
    "expenses": _Metric(
        "money", "listing expenses as printed, proceeds.expenses [currency]", "proceeds.expenses"
    ),
    "public_multiple": _Metric(
        "multiple",
        "public offer subscription multiple, demand.hk_public.subscription_multiple [times]",
        path="demand.hk_public.subscription_multiple",
    ),
    "placing_multiple": _Metric(
        "multiple",
        "international placing multiple, demand.hk_international.subscription_multiple "
        "[times]",
        path="demand.hk_international.subscription_multiple",
    ),
    "offer_price": _Metric("price", "final offer price, price.final [currency/share]", "price.final"),
    "open_price": _Metric(
        "price", "first-day opening price, first_day.open [currency/share]", "first_day.open"
    ),
    "close_price": _Metric(
        "price", "first-day closing price, first_day.close [currency/share]", "first_day.close"
    ),
    "open_return": _Metric(
        "percent",
        "open / offer price - 1, Offering.first_day_return('open') [fraction]",
        compute=lambda o: o.first_day_return("open"),
        formula="first_day.open / price.final - 1",
        inputs=("price.final", "first_day.open"),
        published="first_day.open_change_pct",
    ),
    "open_return_published": _Metric(
        "percent",
        "first-day open change as published, first_day.open_change_pct [fraction]",
        path="first_day.open_change_pct",
        scale=_PCT,
        frame_column=False,
    ),
    "close_return": _Metric(
        "percent",
        "close / offer price - 1, the initial return, Offering.first_day_return('close') "
        "[fraction]",
        compute=lambda o: o.first_day_return("close"),
        formula="first_day.close / price.final - 1",
        inputs=("price.final", "first_day.close"),
        published="first_day.close_change_pct",
    ),
    "close_return_published": _Metric(
        "percent",
        "first-day close change as published, first_day.close_change_pct [fraction]",
        path="first_day.close_change_pct",
        scale=_PCT,
    ),
    "market_cap_offer": _Metric(
        "money",
        "offer price x shares in issue, Offering.market_cap('offer') [currency]",
        compute=lambda o: o.market_cap("offer"),
        formula="price.final x shares.shares_in_issue_after_listing",
        inputs=("price.final", "shares.shares_in_issue_after_listing"),
        published="price.market_cap_at_offer_price",
    ),
    "market_cap_offer_published": _Metric(
        "money",
        "market cap at the offer price as reported, price.market_cap_at_offer_price [currency]",
        path="price.market_cap_at_offer_price",
        frame_column=False,
    ),
    "market_cap_open": _Metric(
        "money",
        "opening price x shares in issue, Offering.market_cap('open') [currency]",
        compute=lambda o: o.market_cap("open"),
        formula="first_day.open x shares.shares_in_issue_after_listing",
        inputs=("first_day.open", "shares.shares_in_issue_after_listing"),
        published="first_day.market_cap_open",
    ),
    "market_cap_open_published": _Metric(
        "money",
        "market cap at the open as reported, first_day.market_cap_open [currency]",
        path="first_day.market_cap_open",
        frame_column=False,
    ),
    "market_cap_close": _Metric(
        "money",
        "closing price x shares in issue, Offering.market_cap('close') [currency]",
        compute=lambda o: o.market_cap("close"),
        formula="first_day.close x shares.shares_in_issue_after_listing",
        inputs=("first_day.close", "shares.shares_in_issue_after_listing"),
        published="first_day.market_cap_close",
    ),
    "market_cap_close_published": _Metric(
        "money",
        "market cap at the first close as reported, first_day.market_cap_close [currency]",
        path="first_day.market_cap_close",
    ),
    "money_left_on_table": _Metric(
        "money",
        "(close - offer price) x final offer shares, Offering.money_left_on_table() "
        "[currency]",
        compute=lambda o: o.money_left_on_table(),
        formula="(first_day.close - price.final) x shares.offer_final",
        inputs=("price.final", "first_day.close", "shares.offer_final"),
    ),
    "offer_shares": _Metric(
        "shares", "shares in the final offer, shares.offer_final [shares]", "shares.offer_final"
    ),
    "shares_outstanding": _Metric(
        "shares",
        "shares in issue after listing, shares.shares_in_issue_after_listing [shares]",
        "shares.shares_in_issue_after_listing",
    ),
    "public_shares_initial": _Metric(
        "shares", "public tranche at launch, shares.hk_public.initial [shares]", "shares.hk_public.initial"
    ),
    "public_shares_final": _Metric(
        "shares", "public tranche after reallocation, shares.hk_public.final [shares]", "shares.hk_public.final"
    ),
    "placing_shares_final": _Metric(
        "shares",
        "international tranche, final, shares.hk_international.final [shares]",
        "shares.hk_international.final",
    ),
    "cornerstone_shares": _Metric(
        "shares", "shares taken by cornerstones, cornerstones.shares [shares]", "cornerstones.shares"
    ),
    "public_valid_applications": _Metric(
        "plain",
        "valid public applications, demand.hk_public.valid_applications [count]",
        "demand.hk_public.valid_applications",
    ),
    "one_lot_success_rate": _Metric(
        "percent",
        "one-lot applicants allotted a lot, demand.hk_public.one_lot_success_rate_pct "
        "[fraction]",
        path="demand.hk_public.one_lot_success_rate_pct",
        scale=_PCT,
    ),
    "margin_financing": _Metric(
        "money",
        "broker-reported margin financing before allotment, margin_financing.amount "
        "(an estimate, not official) [currency]",
        path="margin_financing.amount",
        frame_column=False,
    ),
    "grey_market_high": _Metric(
        "price",
        "grey-market intraday high, first_day.grey_market.observations; any one platform's "
        "observation may match [currency/share]",
        frame_column=False,
    ),
    "grey_market_high_return": _Metric(
        "percent",
        "grey-market intraday high / offer price - 1 (metrics.first_day_return), or a "
        "published grey-market high change; any one platform's observation may match "
        "[fraction]",
        frame_column=False,
    ),
}

#: Metric names :func:`check` accepts -> what each one is, where it comes from, and its unit.
#: Names match the columns of :func:`ipometrics.to_frame` where one exists; the others are
#: ``open_return_published``, the ``market_cap_*_published`` pair for the offer and the open,
#: ``margin_financing`` and the two ``grey_market_*`` metrics.
METRICS: Mapping[str, str] = {name: m.doc for name, m in _METRICS.items()}

#: Which reported kinds each metric kind accepts.
_ACCEPTS: dict[Kind, tuple[Kind, ...]] = {
    "money": ("money",),
    "price": ("price", "money"),
    "percent": ("percent",),
    "multiple": ("multiple", "plain"),
    "shares": ("shares", "plain"),
    "plain": ("plain",),
}
_UNIT_NAME: dict[Kind, str] = {
    "money": "an amount of money",
    "price": "a price per share",
    "percent": "a percent",
    "multiple": "a multiple (倍 / times)",
    "shares": "a number of shares",
    "plain": "a count",
}


# --------------------------------------------------------------------------------------------
# Checking
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimCheck:
    """The verdict on one reported figure.

    Attributes
    ----------
    code : str
        The offering's stock code with market suffix, e.g. ``'00100.HK'``.
    metric : str
        A name of :data:`METRICS`.
    reported : ReportedFigure
        The claim as parsed; ``reported.low`` / ``reported.high`` is the interval its wording
        allows.
    verdict : str
        ``"consistent"``, ``"inconsistent"`` or ``"not_checkable"``.
    computed : Decimal or None
        The record's value for the metric, in the metric's unit ([currency],
        [currency/share], [fraction], [times], [shares]); ``None`` when not checkable for
        want of a figure.
    computed_low, computed_high : Decimal or None
        The interval the record's value stands for (its printed rounding, or ``None`` above
        a "more than" figure).
    explanation : str
        One line: the claim and its interval, the record's value and source, the verdict and
        any matching conflict.
    sources : tuple of str
        Ids of the record's sources the value rests on (``('S1',)``).
    conflicts : tuple of Conflict
        Entries of the record's ``conflicts`` whose losing side the claim matches.

    Examples
    --------
    >>> result = check("zhipu", "close_price", "131.50港元")
    >>> result.verdict, result.computed, result.exit_status
    ('consistent', Decimal('131.5'), 0)
    """

    code: str
    metric: str
    reported: ReportedFigure
    verdict: Verdict
    computed: Decimal | None
    computed_low: Decimal | None
    computed_high: Decimal | None
    explanation: str
    sources: tuple[str, ...] = ()
    conflicts: tuple[Conflict, ...] = ()

    @property
    def low(self) -> Decimal | None:
        """Lower end of the interval the wording allows (``None``: unbounded)."""
        return self.reported.low

    @property
    def high(self) -> Decimal | None:
        """Upper end of the interval the wording allows (``None``: unbounded)."""
        return self.reported.high

    @property
    def exit_status(self) -> int:
        """Command-line exit status for the verdict (:data:`EXIT_STATUS`)."""
        return EXIT_STATUS[self.verdict]

    def __str__(self) -> str:
        return f"{self.code} {self.metric}: {self.explanation}"


class _Value(NamedTuple):
    """The record's side of a check."""

    value: Decimal
    bounds: _Interval
    text: str
    sources: tuple[str, ...]


class _Missing(Exception):
    """The record lacks what the metric needs (internal: becomes ``not_checkable``)."""


_TIER_LABEL = {
    "official_announcement": "official announcement",
    "prospectus": "prospectus",
    "wire": "wire",
    "other_media": "media",
    "broker": "broker estimate",
    "ai_generated": "AI-generated",
}


def _source_text(o: Offering, src_id: str) -> str:
    s = o.source(src_id)
    when = f", {s.date.isoformat()}" if s.date is not None else ""
    return f"{s.id} {_TIER_LABEL[s.tier]}: {s.document}{when}"


def _missing_text(o: Offering, path: str) -> str:
    status = o.status(path)
    if status == "not applicable":
        prefix = path
        while prefix and prefix not in o.not_applicable:
            prefix = prefix.rpartition(".")[0]
        reason = o.not_applicable.get(prefix, "")
        return f"{path} is not applicable to {o.key}" + (f" ({reason})" if reason else "")
    text = f"{path} is unknown for {o.key} (no admissible source gives it)"
    derived = o.derived.get(path)
    if derived is not None:
        text += f"; the fact base derives {derived.value} ({derived.derived}) but none is published"
    return text


def _published(o: Offering, path: str, scale: Decimal, kind: Kind) -> _Value:
    node = o.figure(path)
    if not isinstance(node, Figure) or node.value is None:
        raise _Missing(_missing_text(o, path))
    value = Decimal(node.value) * scale
    tol = Decimal(node.abs_tol) * scale if node.abs_tol is not None else Decimal(0)
    if node.qualifier == "more than":
        bounds = _Interval(value, None, low_open=True)
    else:
        bounds = _Interval(value - tol, value + tol)
    label = "official" if o.source(str(node.src)).tier == "official_announcement" else "published"
    words = f"{node.qualifier} " if node.qualifier else ""
    shown = _fmt(value, kind, o.currency)
    plus = f" ±{_plain(tol, 6) if kind not in ('percent',) else _fmt(tol, kind, None)}" if tol else ""
    printed = f" printed {node.printed!r}," if node.printed else ""
    text = f"{label} {words}{shown}{plus} ({path},{printed} {_source_text(o, str(node.src))})"
    return _Value(value, bounds, text, (str(node.src),))


def _computed(o: Offering, spec: _Metric) -> _Value:
    assert spec.compute is not None  # noqa: S101 - only computed metrics reach here
    try:
        value = spec.compute(o)
    except FigureUnavailableError as err:
        raise _Missing(_missing_text(o, err.path)) from err
    tol = Decimal(0)
    for path in spec.rounded_inputs:
        node = o.figure(path)
        if isinstance(node, Figure) and node.abs_tol is not None:
            tol += Decimal(node.abs_tol)
    ids: list[str] = []
    for path in spec.inputs:
        src = o.figure(path).src
        if src is not None and src not in ids:
            ids.append(src)
    plus = f" ±{_plain(tol, 6)} from the printed rounding" if tol else ""
    cites = "; ".join(_source_text(o, i) for i in ids)
    text = f"computed {_fmt(value, spec.kind, o.currency)}{plus} = {spec.formula} ({cites})"
    return _Value(value, _Interval(value - tol, value + tol), text, tuple(ids))


def _grey_market(o: Offering, metric: str, claim: ReportedFigure) -> _Value:
    gm = o.first_day.grey_market
    observations = gm.observations if gm is not None else []
    candidates: list[_Value] = []
    for ob in observations:
        where = ob.platform or "platform not named"
        source = _source_text(o, ob.src)
        if ob.metric == "intraday_high":
            if metric == "grey_market_high":
                text = f"published {_fmt(ob.value, 'price', o.currency)} ({where}; {source})"
                bounds = _Interval(ob.value, ob.value)
                candidates.append(_Value(ob.value, bounds, text, (ob.src,)))
            else:
                ret = metrics.first_day_return(o.offer_price, ob.value)
                text = (
                    f"computed {_fmt(ret, 'percent', None)} = grey-market high "
                    f"{_fmt(ob.value, 'price', o.currency)} / price.final - 1 ({where}; {source})"
                )
                candidates.append(_Value(ret, _Interval(ret, ret), text, (ob.src,)))
        elif ob.metric == "intraday_high_change_pct" and metric == "grey_market_high_return":
            value = ob.value * _PCT
            tol = (ob.abs_tol or Decimal(0)) * _PCT
            text = (
                f"published {_fmt(value, 'percent', None)} ±{_fmt(tol, 'percent', None)} "
                f"({where}; {source})"
            )
            candidates.append(_Value(value, _Interval(value - tol, value + tol), text, (ob.src,)))
    if not candidates:
        raise _Missing(
            _missing_text(o, "first_day.grey_market.observations").replace(
                "first_day.grey_market.observations is",
                "no grey-market intraday high: first_day.grey_market.observations is",
            )
        )
    for c in candidates:
        if claim._bounds.meets(c.bounds):
            return c
    if len(candidates) == 1:
        return candidates[0]
    joined = " / ".join(c.text for c in candidates)
    first = candidates[0]
    return _Value(first.value, first.bounds, f"{len(candidates)} observations: {joined}", tuple(
        s for c in candidates for s in c.sources
    ))


def _conflict_scale(field: str) -> Decimal:
    return _PCT if field.endswith("_pct") else Decimal(1)


def _matches_other(claim: ReportedFigure, other: Any, scale: Decimal) -> bool:
    """Whether the claim matches a conflict's losing value (a number or a short phrase)."""
    if other is None:
        return False
    if isinstance(other, Decimal | int) and not isinstance(other, bool):
        return claim._bounds.contains(Decimal(other) * scale)
    text = str(other)
    try:
        theirs = parse_reported(text)
    except IpoDataError:
        written = {
            Decimal(m.group().replace(",", "")) for m in _NUMBER_RUN.finditer(text)
            if _WELL_FORMED.fullmatch(m.group())
        }
        mine = Decimal(claim.digits.replace(",", ""))
        return mine in written
    if theirs.kind == "percent" or claim.kind == "percent":
        same = theirs.value == claim.value
    else:
        same = theirs.value * scale == claim.value
    return same or claim._bounds.contains(theirs.value)


def _first_clause(reason: str) -> str:
    return re.split(r"(?<=[.;])\s", reason, maxsplit=1)[0].rstrip(".;")


def _conflict_notes(
    o: Offering, claim: ReportedFigure, fields: Iterable[str]
) -> tuple[list[str], list[Conflict]]:
    notes: list[str] = []
    matched: list[Conflict] = []
    wanted = set(fields)
    for c in o.conflicts:
        if c.field not in wanted or not _matches_other(claim, c.other, _conflict_scale(c.field)):
            continue
        refs = c.other_src if isinstance(c.other_src, list) else [c.other_src]
        ids = [r for r in refs if r]
        tiers = []
        for r in ids:
            label = "derived" if r == "derived" else _TIER_LABEL[o.source(r).tier]
            if label not in tiers:
                tiers.append(label)
        by = f" from {', '.join(ids)} ({', '.join(tiers)})" if ids else ""
        notes.append(
            f"{claim.text!r} matches the losing side of a recorded conflict on {c.field}: "
            f"{c.other}{by}; {_first_clause(c.reason)}"
        )
        matched.append(c)
    return notes, matched


def _unit_problem(spec: _Metric, claim: ReportedFigure, currency: str) -> str | None:
    if claim.kind not in _ACCEPTS[spec.kind]:
        return (
            f"the claim is {_UNIT_NAME[claim.kind]} but the metric is {_UNIT_NAME[spec.kind]}"
        )
    if spec.kind == "price" and claim.kind == "money" and claim.scale_word is not None:
        return f"a price per share is not written with the scale word {claim.scale_word!r}"
    if spec.kind in ("money", "price"):
        if claim.currency is None:
            marked = "元 or $ names no currency" if claim.kind != "plain" else "no currency"
            return (
                f"the claim gives {marked}, and the record is in {currency}; pass "
                "default_currency to read it in one"
            )
        if claim.currency != currency:
            return (
                f"the claim is in {claim.currency} and the record in {currency}; "
                "no FX conversion is made"
            )
    return None


def _resolve_metric(metric: str) -> _Metric:
    spec = _METRICS.get(metric)
    if spec is None:
        raise IpoDataError(
            f"metric must be one of {', '.join(sorted(_METRICS))}; got {metric!r}"
        )
    return spec


def check(
    offering: Offering | str,
    metric: str,
    reported: str | ReportedFigure,
    *,
    default_currency: str | None = None,
) -> ClaimCheck:
    """Check one reported figure against an offering's record.

    Parameters
    ----------
    offering : Offering or str
        The record, or a key or stock code accepted by :func:`ipometrics.load_offering`
        (``"zhipu"``, ``"02513.HK"``, ``"00100"``).
    metric : str
        A name of :data:`METRICS`, e.g. ``"gross_proceeds"`` [currency], ``"public_multiple"``
        [times], ``"close_return"`` [fraction], ``"close_price"`` [currency/share].
    reported : str or ReportedFigure
        The figure as reported, e.g. ``"超43亿港元"`` (see :func:`parse_reported`).
    default_currency : str, optional
        ISO code to read a money claim in when its wording names none (a bare number, 元 or
        ``$``). Default: such a claim is not checkable.

    Returns
    -------
    ClaimCheck
        ``verdict`` is ``"consistent"`` when the interval the wording allows meets the
        interval the record's value stands for, ``"inconsistent"`` when it does not, and
        ``"not_checkable"`` (with the reason) when the record lacks the figure, or the claim
        is in another unit or currency, or names no currency for money.

    Raises
    ------
    IpoDataError
        If ``metric`` is not a name of :data:`METRICS` (the message lists them), the text
        cannot be parsed, or no offering matches ``offering``.

    Examples
    --------
    >>> result = check("minimax", "public_multiple", "1209倍")
    >>> result.verdict, result.computed
    ('inconsistent', Decimal('1837.17'))
    >>> print(result.explanation)  # doctest: +ELLIPSIS
    reported '1209倍' (1,208.5..1,209.5 times) vs official 1,837.17 times ±0.005 (...): \
inconsistent; '1209倍' matches the losing side of a recorded conflict ...
    >>> check("zhipu", "gross_proceeds", "超43亿港元").verdict
    'consistent'
    >>> check("iluvatar_corex", "open_price", "190.20港元").verdict
    'not_checkable'
    """
    spec = _resolve_metric(metric)
    o = offering if isinstance(offering, Offering) else load_offering(offering)
    claim = reported if isinstance(reported, ReportedFigure) else parse_reported(reported)
    if default_currency is not None and claim.currency is None and claim.kind in (
        "money",
        "price",
        "plain",
    ):
        kind: Kind = "money" if claim.kind == "plain" else claim.kind
        claim = ReportedFigure(**{**vars(claim), "currency": default_currency, "kind": kind})
    head = f"reported {claim}"

    def result(
        verdict: Verdict, text: str, value: _Value | None = None, conflicts: Iterable[Conflict] = ()
    ) -> ClaimCheck:
        return ClaimCheck(
            code=o.code,
            metric=metric,
            reported=claim,
            verdict=verdict,
            computed=value.value if value else None,
            computed_low=value.bounds.low if value else None,
            computed_high=value.bounds.high if value else None,
            explanation=text,
            sources=value.sources if value else (),
            conflicts=tuple(conflicts),
        )

    conflict_fields = [p for p in (spec.path, spec.published) if p is not None]
    notes, matched = _conflict_notes(o, claim, conflict_fields)
    tail = "".join(f"; {n}" for n in notes)

    problem = _unit_problem(spec, claim, o.currency)
    if problem is not None:
        return result("not_checkable", f"{head}: not_checkable; {problem}{tail}", None, matched)
    try:
        if spec.path is not None:
            value = _published(o, spec.path, spec.scale, spec.kind)
        elif spec.compute is not None:
            value = _computed(o, spec)
        else:
            value = _grey_market(o, metric, claim)
    except _Missing as missing:
        return result("not_checkable", f"{head}: not_checkable; {missing}{tail}", None, matched)

    verdict: Verdict = "consistent" if claim._bounds.meets(value.bounds) else "inconsistent"
    extra = ""
    if verdict == "inconsistent" and spec.published is not None:
        try:
            beside = _published(o, spec.published, _conflict_scale(spec.published), spec.kind)
        except _Missing:
            pass
        else:
            if claim._bounds.meets(beside.bounds):
                extra = f"; it agrees with the {beside.text}"
    text = f"{head} vs {value.text}: {verdict}{extra}{tail}"
    return result(verdict, text, value, matched)


def check_cli(code: str, metric: str, reported: str) -> tuple[int, str]:
    """Check one claim for the command line: an exit status and one line to print.

    Parameters
    ----------
    code : str
        Key or stock code of a bundled offering (``"02513.HK"``, ``"minimax"``).
    metric : str
        A name of :data:`METRICS`.
    reported : str
        The figure as reported.

    Returns
    -------
    tuple of (int, str)
        The exit status (:data:`EXIT_STATUS`: 0 consistent, 3 inconsistent, 4 not checkable;
        1 when the offering, metric or text is not accepted) and the line to print: the
        :class:`ClaimCheck`, or ``"error: ..."`` with the reason.

    Examples
    --------
    >>> status, line = check_cli("02513.HK", "close_return", "13.17%")
    >>> status, line.split(": ")[0]
    (0, '02513.HK close_return')
    >>> check_cli("02513.HK", "close_return", "abc")[0]
    1
    """
    try:
        return (result := check(code, metric, reported)).exit_status, str(result)
    except IpoDataError as err:
        return 1, f"error: {err}"


#: Columns of :func:`check_many`, in order.
_BATCH_COLUMNS = ("code", "metric", "reported", "verdict", "computed", "low", "high", "explanation")


def _float(value: Decimal | None, unbounded: float) -> float:
    return unbounded if value is None else float(value)


def check_many(
    claims: Iterable[tuple[str, str, str]], *, path: str | Path | None = None
) -> pd.DataFrame:
    """Check many claims; one table row each.

    Parameters
    ----------
    claims : iterable of (str, str, str)
        ``(code, metric, reported)`` rows: a key or stock code accepted by
        :func:`ipometrics.load_offering`, a name of :data:`METRICS`, the figure as reported.
    path : str or Path, optional
        Where the records are (default: the bundled ones), as in
        :func:`ipometrics.load_offerings`.

    Returns
    -------
    pandas.DataFrame
        One row per claim, in order, with columns ``code`` (with market suffix), ``metric``,
        ``reported`` (the text), ``verdict``, ``computed`` (the record's value in the metric's
        unit; NaN when not checkable for want of a figure), ``low`` / ``high`` (the interval
        the wording allows, ±inf where unbounded) and ``explanation``. Numbers are float64;
        :func:`check` gives the exact ``Decimal`` values.

    Raises
    ------
    IpoDataError
        If a row names no offering or metric, or its text cannot be parsed; the message
        gives the row's position and values.

    Examples
    --------
    >>> table = check_many([("02513.HK", "gross_proceeds", "超43亿港元"),
    ...                     ("00100", "public_multiple", "1209倍")])
    >>> table[["code", "verdict", "computed", "low"]]
           code       verdict      computed           low
    0  02513.HK    consistent  4.348146e+09  4.300000e+09
    1  00100.HK  inconsistent  1.837170e+03  1.208500e+03
    """
    loaded: dict[str, Offering] = {}
    rows: list[dict[str, Any]] = []
    for i, row in enumerate(claims):
        try:
            code, metric, reported = row
            _resolve_metric(metric)
            key = code.strip().lower()
            if key not in loaded:
                loaded[key] = load_offering(code, path)
            result = check(loaded[key], metric, reported)
        except (IpoDataError, ValueError, TypeError) as err:
            raise IpoDataError(f"claims[{i}] {row!r}: {err}") from err
        rows.append(
            {
                "code": result.code,
                "metric": result.metric,
                "reported": result.reported.text,
                "verdict": result.verdict,
                "computed": _float(result.computed, float("nan")),
                "low": _float(result.low, float("-inf")),
                "high": _float(result.high, float("inf")),
                "explanation": result.explanation,
            }
        )
    frame = pd.DataFrame(rows, columns=list(_BATCH_COLUMNS))
    return frame.astype({"computed": "float64", "low": "float64", "high": "float64"})


def _decimal(text: str) -> Decimal:  # pragma: no cover - kept for symmetry with io parsing
    try:
        return Decimal(text)
    except InvalidOperation as err:
        raise IpoDataError(f"expected a decimal number, got {text!r}") from err

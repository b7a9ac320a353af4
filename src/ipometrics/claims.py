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
* a unit: ``%``, ``percent``, ``per cent``, 百分之 (a percent, read as a fraction:
  ``13.17%`` is 0.1317); 倍, ``times``, ``x``, ``×`` (a multiple); 股, H股, ``shares`` (a share
  count); 每股, ``/股``, ``per share``, ``a share`` (a price per share). A currency amount
  without a per-share word is money; a price metric accepts it unless it has a scale word;
* at most one qualifier family (达/为/报 may accompany any of them):

  ============  ====================================================================
  family        words
  ============  ====================================================================
  more than     超, 超过, 逾, 余, 以上, 多于, 高于, over, more than, above
  less than     不足, 不到, 低于, 少于, 以下, less than, fewer than, under, below
  close to      近, 接近, 将近, nearly, almost, close to
  about         约, 约为, 大约, 左右, about, around, approximately, approx., roughly,
                near (two-sided, as in a wire's "valuation near HK$51 billion"), ~
  reached       达, 达到, 高达, 报, 为, 录得, at, reached
  ============  ====================================================================

Full-width characters are read as their ASCII forms and case is ignored. Anything else (a
second number, a word not listed, "1,2,3", an empty string) raises
:class:`~ipometrics.errors.IpoDataError` quoting the text: malformed input never becomes 0.

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
The record's value is taken through the existing API, no formula is repeated here: the
metric columns of :func:`ipometrics.to_frame` (``gross_proceeds``, ``close_return`` ...)
through the :class:`~ipometrics.models.Offering` methods (exact ``Decimal``), the input
columns (``public_multiple``, ``close_price`` ...) as the published figure. The record's side
is an interval too: a published figure stands for ``value ± abs_tol`` (exact when it has no
``abs_tol``), or ``(value, +inf)`` when it is itself published as "more than"; a computed
value is exact, except that the printed rounding of an additive input carries over (net
proceeds inherit the ``abs_tol`` of the printed expenses). The claim is ``"consistent"`` when
the two intervals share a point (touching ends count), else ``"inconsistent"``. It is
``"not_checkable"``, with the reason, when the record lacks the figure (unknown or not
applicable), when the claim is in another unit (a percent for a money metric, a per-share price
for proceeds) or another currency (no FX conversion is made), or when a money claim names no
currency. A claim that matches the losing side of one of the record's ``conflicts`` is reported
as such, and a computed value that disagrees with the claim is shown beside the published figure
when that one agrees.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_EVEN, Decimal
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
EXIT_STATUS: Mapping[str, int] = {"consistent": 0, "inconsistent": 1, "not_checkable": 2}

# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

_QUALIFIER_WORDS: dict[QualifierFamily, tuple[str, ...]] = {
    "more than": ("超过", "超", "逾", "余", "以上", "多于", "高于", "over", "more than", "above"),
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
    "h股": "shares",
    "shares": "shares",
    "h shares": "shares",
    "每股": "per share",
    "/股": "per share",
    "per share": "per share",
    "a share": "per share",
    "/share": "per share",
}

_KIND_OF_UNIT: dict[str, Kind] = {
    "percent": "percent",
    "multiple": "multiple",
    "shares": "shares",
    "per share": "price",
}
_FAMILY_OF: dict[str, QualifierFamily] = {
    word: family for family, words in _QUALIFIER_WORDS.items() for word in words
}
_CATEGORY: dict[str, str] = {
    **dict.fromkeys(_FAMILY_OF, "qualifier"),
    **dict.fromkeys(_CURRENCY_WORDS, "currency"),
    **dict.fromkeys(_SCALE_WORDS, "scale"),
    **dict.fromkeys(_UNIT_WORDS, "unit"),
}
#: Every known word, longest first, so that 超过 is read before 超 and "mn" before "m".
_WORDS: tuple[str, ...] = tuple(sorted(_CATEGORY, key=lambda w: (-len(w), w)))

_NUMBER_RUN = re.compile(r"[0-9.,]*[0-9][0-9.,]*")
_WELL_FORMED = re.compile(r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?|[0-9]+(\.[0-9]+)?")
_SIGNS = {"-": -1, "\u2212": -1, "+": 1}
_EXAMPLES = "e.g. '超43亿港元', '1,159.46倍', '13.17%' or 'HK$4,348.1 million'"


# --------------------------------------------------------------------------------------------
# Intervals
# --------------------------------------------------------------------------------------------


def _tidy(value: Decimal) -> Decimal:
    """The same number without a needless exponent or trailing zeros (``1E+8`` -> ``100000000``)."""
    if value == value.to_integral_value() and abs(value) < Decimal(10) ** 20:
        return value.quantize(Decimal(1))
    return value.normalize()


class _Interval(NamedTuple):
    """``low..high`` with open or closed ends; ``None`` is unbounded."""

    low: Decimal | None
    high: Decimal | None
    low_open: bool = False
    high_open: bool = False

    def meets(self, other: _Interval) -> bool:
        """Whether the two intervals share at least one point."""
        lows = [
            (b, o)
            for b, o in ((self.low, self.low_open), (other.low, other.low_open))
            if b is not None
        ]
        highs = [
            (b, o)
            for b, o in ((self.high, self.high_open), (other.high, other.high_open))
            if b is not None
        ]
        if not lows or not highs:
            return True
        low = max(b for b, _ in lows)
        high = min(b for b, _ in highs)
        if low != high:
            return low < high
        excluded = any(o for b, o in lows if b == low) or any(o for b, o in highs if b == high)
        return not excluded

    def contains(self, x: Decimal) -> bool:
        """Whether ``x`` lies in the interval."""
        return self.meets(_Interval(x, x))


def _interval(n: Decimal, unit: Decimal, qualifier: QualifierFamily | None) -> _Interval:
    """The interval a number written to ``unit`` allows under a qualifier (module notes)."""
    if qualifier is None or qualifier == "reached":
        return _Interval(_tidy(n - unit / 2), _tidy(n + unit / 2))
    if qualifier == "about":
        return _Interval(_tidy(n - unit), _tidy(n + unit))
    if qualifier == "close to":
        band = max(unit, CLOSE_TO_BAND * abs(n))
        return _Interval(_tidy(n - band), n) if n >= 0 else _Interval(n, _tidy(n + band))
    if qualifier == "more than":
        return _Interval(n, None, low_open=True)
    return _Interval(None, n, high_open=True)


# --------------------------------------------------------------------------------------------
# Formatting (explanations only: the API returns exact Decimals)
# --------------------------------------------------------------------------------------------


def _plain(value: Decimal, max_places: int) -> str:
    """``value`` with thousands separators: exact, or rounded to ``max_places`` past 12 decimals.

    Rounding (half-even) only touches computed ratios such as 131.5 / 116.2 - 1.
    """
    exponent = _tidy(value).as_tuple().exponent
    if isinstance(exponent, int) and exponent < -12:
        value = value.quantize(Decimal(1).scaleb(-max_places), rounding=ROUND_HALF_EVEN)
    return format(_tidy(value), ",f")


def _fmt(value: Decimal, kind: Kind, currency: str | None) -> str:
    """One value in its unit, for an explanation: ``HKD 131.50``, ``13.17%``, ``15.28 times``."""
    cur = f"{currency} " if currency else ""
    if kind == "money":
        return f"{cur}{_plain(value, 4)}"
    if kind == "price":
        shown = _plain(value, 4)
        places = len(shown.partition(".")[2])
        return f"{cur}{shown}{'.' if not places else ''}{'0' * max(0, 2 - places)}"
    if kind == "percent":
        return f"{_plain(value.scaleb(2), 6)}%"
    if kind == "multiple":
        return f"{_plain(value, 6)} times"
    if kind == "shares":
        return f"{_plain(value, 0)} shares"
    return _plain(value, 6)


def _describe_interval(bounds: _Interval, kind: Kind, currency: str | None) -> str:
    """An interval in words: ``more than HKD 4,300,000,000`` or ``1,208.5..1,209.5 times``."""
    low, high = bounds.low, bounds.high
    if high is None:
        if low is None:
            return "any value"
        return f"{'more than' if bounds.low_open else 'at least'} {_fmt(low, kind, currency)}"
    if low is None:
        return f"{'less than' if bounds.high_open else 'at most'} {_fmt(high, kind, currency)}"
    if kind in ("multiple", "shares"):
        suffix = " times" if kind == "multiple" else " shares"
        places = 6 if kind == "multiple" else 0
        return f"{_plain(low, places)}..{_plain(high, places)}{suffix}"
    span = f"{_fmt(low, kind, None)}..{_fmt(high, kind, None)}"
    return f"{currency} {span}" if currency and kind in ("money", "price") else span


# --------------------------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportedFigure:
    """A figure as a report writes it, and the interval of true values its wording allows.

    Build it with :func:`parse_reported`.

    Attributes
    ----------
    text : str
        The phrase as given, e.g. ``'超43亿港元'``.
    value : Decimal
        The number written, in base units: full currency units [currency] for money,
        [currency/share] for a price, a fraction [fraction] for a percent (``13.17%`` ->
        ``0.1317``), [times] for a multiple, [shares] for a share count.
    kind : str
        ``"money"``, ``"price"``, ``"percent"``, ``"multiple"``, ``"shares"`` or ``"plain"``.
    currency : str or None
        ISO 4217 code (``"HKD"``, ``"CNY"``, ``"USD"``); ``None`` when the wording names none
        (also for a bare 元 or ``$``).
    qualifier : str or None
        The qualifier family: ``"more than"``, ``"less than"``, ``"close to"``, ``"about"``
        or ``"reached"``; ``None`` for a bare number.
    digits : str
        The number exactly as written, e.g. ``'1,159.46'`` or ``'-3.05'``.
    scale_word : str or None
        The scale word as written (``'亿'``, ``'million'``), if any.
    resolution : Decimal
        One unit of the last significant written digit, in the units of ``value``
        (``'43亿'`` -> ``100000000``).
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
    def bounds(self) -> tuple[Decimal | None, Decimal | None]:
        """``(low, high)``: the interval the wording allows [units of ``value``]."""
        return self.low, self.high

    def _interval(self) -> _Interval:
        return _Interval(self.low, self.high, self.low_open, self.high_open)

    def contains(self, x: Decimal | int | float) -> bool:
        """Whether ``x`` lies in the interval the wording allows.

        Parameters
        ----------
        x : Decimal, int or float
            A candidate true value, in the units of :attr:`value`; a float is read by its
            repr (``0.1317`` stays ``Decimal('0.1317')``).

        Examples
        --------
        >>> fig = parse_reported("超43亿港元")
        >>> fig.contains(4_348_100_000), fig.contains(4_300_000_000)
        (True, False)
        """
        exact = Decimal(repr(x)) if isinstance(x, float) else Decimal(x)
        return self._interval().contains(exact)

    def describe(self) -> str:
        """The allowed interval in words and units (percents shown as percents).

        Examples
        --------
        >>> parse_reported("超43亿港元").describe()
        'more than HKD 4,300,000,000'
        >>> parse_reported("13.17%").describe()
        '13.165%..13.175%'
        >>> parse_reported("接近580亿港元").describe()
        'HKD 55,100,000,000..58,000,000,000'
        """
        return _describe_interval(self._interval(), self.kind, self.currency)

    def __str__(self) -> str:
        return f"{self.text!r} ({self.describe()})"


def _error(text: str, problem: str) -> IpoDataError:
    return IpoDataError(f"reported figure {text!r}: {problem}; expected one figure, {_EXAMPLES}")


def _normalise(text: str) -> str:
    """Full-width forms to ASCII (NFKC), lower case, single spaces."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"\s+", " ", folded).strip()


def _whole_word(word: str, rest: str) -> bool:
    """An English word must not run on into more letters ("x" is not the start of "xyz")."""
    following = rest[len(word) : len(word) + 1]
    letters = word[-1].isascii() and word[-1].isalpha()
    return not (letters and following.isascii() and following.isalpha())


def _words(segment: str, text: str, *, after_number: bool) -> list[str]:
    """Split the text on one side of the number into known words; anything else is an error."""
    found: list[str] = []
    rest = segment.strip()
    while rest:
        word = next((w for w in _WORDS if rest.startswith(w) and _whole_word(w, rest)), None)
        if word is None:
            raise _error(text, f"cannot read {rest!r}")
        if _CATEGORY[word] == "scale" and (found or not after_number):
            raise _error(text, f"the scale word {word!r} must follow the number directly")
        found.append(word)
        rest = rest[len(word) :].lstrip()
    return found


def parse_reported(text: str) -> ReportedFigure:
    """Read a reported figure written in Chinese or English.

    Parameters
    ----------
    text : str
        One figure phrase: a number written with digits and, around it, an optional scale
        word (万, 亿, 万亿, million, bn ...), currency (港元, HK$, 人民币, US$ ...), unit (%, 倍,
        times, x, 股, 每股 ...) and qualifier (超, 接近, 约, 达, more than, nearly, about
        ...). The module notes list the whole vocabulary.

    Returns
    -------
    ReportedFigure
        The number in base units ([currency], [currency/share], [fraction], [times] or
        [shares]) and the interval its wording allows (module notes, "The interval a wording
        allows").

    Raises
    ------
    IpoDataError
        If the text is empty, has no number or more than one, a malformed number
        (``'1,2,3亿'``), a word outside the vocabulary, two currencies, two units or two
        qualifier families; the message quotes the text. Nothing parses to 0 by default.

    Examples
    --------
    >>> fig = parse_reported("超43亿港元")
    >>> (fig.kind, fig.currency, fig.qualifier, fig.value, fig.low, fig.high)
    ('money', 'HKD', 'more than', Decimal('4300000000'), Decimal('4300000000'), None)
    >>> fig = parse_reported("HK$4,348.1 million")
    >>> (fig.value, fig.low, fig.high)
    (Decimal('4348100000'), Decimal('4348050000'), Decimal('4348150000'))
    >>> parse_reported("13.17%").value
    Decimal('0.1317')
    >>> parse_reported("1,2,3亿")
    Traceback (most recent call last):
    ...
    ipometrics.errors.IpoDataError: reported figure '1,2,3亿': malformed number '1,2,3' ...
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
        raise _error(text, f"{len(runs)} numbers ({numbers}) where one figure was expected")
    run = runs[0]
    if not _WELL_FORMED.fullmatch(run.group()):
        raise _error(
            text,
            f"malformed number {run.group()!r} (thousands separators go every three digits, "
            "with at most one decimal point)",
        )
    before, after = clean[: run.start()], clean[run.end() :]
    sign = 1
    if before and before[-1] in _SIGNS:
        sign, before = _SIGNS[before[-1]], before[:-1]
    words = _words(before, text, after_number=False) + _words(after, text, after_number=True)

    families = {_FAMILY_OF[w] for w in words if _CATEGORY[w] == "qualifier"}
    if len(families) > 1:
        families.discard("reached")  # 达 ... 以上 is "more than"
    if len(families) > 1:
        raise _error(text, f"conflicting qualifiers ({', '.join(sorted(families))})")
    qualifier = next(iter(families), None)
    money_words = [w for w in words if _CATEGORY[w] == "currency"]
    named = {_CURRENCY_WORDS[w] for w in money_words} - {""}
    if len(named) > 1:
        raise _error(text, f"two currencies ({', '.join(sorted(named))})")
    currency = next(iter(named), None)
    units = [_UNIT_WORDS[w] for w in words if _CATEGORY[w] == "unit"]
    if len(units) > 1:
        raise _error(text, f"more than one unit ({', '.join(units)})")
    scale_word = next((w for w in words if _CATEGORY[w] == "scale"), None)

    kind: Kind = "money" if money_words else "plain"
    if units:
        kind = _KIND_OF_UNIT[units[0]]
    if money_words and kind in ("percent", "multiple", "shares"):
        raise _error(text, f"a {kind} cannot carry a currency")
    if scale_word is not None and kind == "percent":
        raise _error(text, f"a percent cannot carry the scale word {scale_word!r}")

    mantissa = run.group().replace(",", "")
    if "." in mantissa:
        resolution = Decimal(1).scaleb(-len(mantissa.partition(".")[2]))
    else:
        zeros = len(mantissa) - len(mantissa.rstrip("0"))
        resolution = Decimal(1).scaleb(zeros if zeros < len(mantissa) else 0)
    number = Decimal(mantissa) * sign
    factor = _SCALE_WORDS[scale_word] if scale_word is not None else 1
    number, resolution = number * factor, resolution * factor
    if kind == "percent":
        number, resolution = number.scaleb(-2), resolution.scaleb(-2)
    number, resolution = _tidy(number), _tidy(resolution)
    bounds = _interval(number, resolution, qualifier)
    return ReportedFigure(
        text=text,
        value=number,
        kind=kind,
        currency=currency,
        qualifier=qualifier,
        digits=("-" if sign < 0 else "") + run.group(),
        scale_word=scale_word,
        resolution=resolution,
        low=bounds.low,
        high=bounds.high,
        low_open=bounds.low_open,
        high_open=bounds.high_open,
    )


# --------------------------------------------------------------------------------------------
# Metrics
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Metric:
    kind: Kind
    doc: str
    #: A published figure read as is (value, abs_tol, qualifier); None for computed metrics.
    path: str | None = None
    scale: Decimal = Decimal(1)
    #: A computed metric: the Offering method call, its formula in words, its inputs.
    compute: Callable[[Offering], Decimal] | None = None
    formula: str = ""
    inputs: tuple[str, ...] = ()
    #: Inputs whose printed rounding (abs_tol) carries into the result (additive terms).
    rounded_inputs: tuple[str, ...] = ()
    #: The published figure a computed metric sits beside.
    published: str | None = None


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
        "money", "gross proceeds as printed, proceeds.gross [currency]", "proceeds.gross"
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
        "money", "net proceeds as printed, proceeds.net [currency]", "proceeds.net"
    ),
    "expenses": _Metric(
        "money", "listing expenses as printed, proceeds.expenses [currency]", "proceeds.expenses"
    ),
    "public_multiple": _Metric(
        "multiple",
        "public offer subscription multiple as published, "
        "demand.hk_public.subscription_multiple [times]",
        "demand.hk_public.subscription_multiple",
    ),
    "placing_multiple": _Metric(
        "multiple",
        "international placing subscription multiple as published, "
        "demand.hk_international.subscription_multiple [times]",
        "demand.hk_international.subscription_multiple",
    ),
    "offer_price": _Metric(
        "price", "final offer price, price.final [currency/share]", "price.final"
    ),
    "open_price": _Metric(
        "price", "first-day opening price, first_day.open [currency/share]", "first_day.open"
    ),
    "close_price": _Metric(
        "price", "first-day closing price, first_day.close [currency/share]", "first_day.close"
    ),
    "open_return": _Metric(
        "percent",
        "opening price / offer price - 1, Offering.first_day_return('open') [fraction]",
        compute=lambda o: o.first_day_return("open"),
        formula="first_day.open / price.final - 1",
        inputs=("first_day.open", "price.final"),
        published="first_day.open_change_pct",
    ),
    "open_return_published": _Metric(
        "percent",
        "first-day open change as published, first_day.open_change_pct [fraction]",
        "first_day.open_change_pct",
        scale=_PCT,
    ),
    "close_return": _Metric(
        "percent",
        "closing price / offer price - 1 (the initial return), "
        "Offering.first_day_return('close') [fraction]",
        compute=lambda o: o.first_day_return("close"),
        formula="first_day.close / price.final - 1",
        inputs=("first_day.close", "price.final"),
        published="first_day.close_change_pct",
    ),
    "close_return_published": _Metric(
        "percent",
        "first-day close change as published, first_day.close_change_pct [fraction]",
        "first_day.close_change_pct",
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
        "price.market_cap_at_offer_price",
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
        "market cap at the first open as reported, first_day.market_cap_open [currency]",
        "first_day.market_cap_open",
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
        "first_day.market_cap_close",
    ),
    "money_left_on_table": _Metric(
        "money",
        "(closing price - offer price) x final offer shares, Offering.money_left_on_table() "
        "[currency]",
        compute=lambda o: o.money_left_on_table(),
        formula="(first_day.close - price.final) x shares.offer_final",
        inputs=("first_day.close", "price.final", "shares.offer_final"),
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
        "shares",
        "public tranche at launch, shares.hk_public.initial [shares]",
        "shares.hk_public.initial",
    ),
    "public_shares_final": _Metric(
        "shares",
        "public tranche after reallocation, shares.hk_public.final [shares]",
        "shares.hk_public.final",
    ),
    "placing_shares_final": _Metric(
        "shares",
        "international placing tranche, final, shares.hk_international.final [shares]",
        "shares.hk_international.final",
    ),
    "cornerstone_shares": _Metric(
        "shares",
        "shares taken by cornerstone investors, cornerstones.shares [shares]",
        "cornerstones.shares",
    ),
    "online_multiple": _Metric(
        "multiple",
        "STAR online issue subscription multiple as published, "
        "demand.star_online.subscription_multiple [times]",
        "demand.star_online.subscription_multiple",
    ),
    "offline_multiple": _Metric(
        "multiple",
        "STAR offline placement subscription multiple as published, "
        "demand.star_offline.subscription_multiple [times]",
        "demand.star_offline.subscription_multiple",
    ),
    "lottery_rate": _Metric(
        "percent",
        "STAR online lottery rate after the clawback as published, "
        "demand.star_online.lottery_rate_final_pct [fraction]",
        "demand.star_online.lottery_rate_final_pct",
        scale=_PCT,
    ),
    "public_valid_applications": _Metric(
        "plain",
        "valid public applications, demand.hk_public.valid_applications [count]",
        "demand.hk_public.valid_applications",
    ),
    "one_lot_success_rate": _Metric(
        "percent",
        "share of one-lot applicants allotted a lot, "
        "demand.hk_public.one_lot_success_rate_pct [fraction]",
        "demand.hk_public.one_lot_success_rate_pct",
        scale=_PCT,
    ),
    "margin_financing": _Metric(
        "money",
        "margin financing reported by brokers before allotment (an estimate, not official), "
        "margin_financing.amount [currency]",
        "margin_financing.amount",
    ),
    "grey_market_high": _Metric(
        "price",
        "grey-market intraday high, first_day.grey_market.observations; the claim may match "
        "any one platform's observation [currency/share]",
    ),
    "grey_market_high_return": _Metric(
        "percent",
        "grey-market intraday high / offer price - 1 (metrics.first_day_return), or a "
        "published grey-market high change; the claim may match any one platform's "
        "observation [fraction]",
    ),
}

#: Metric names :func:`check` accepts -> what each is, the record path or Offering method it
#: comes from, and its unit. The names are those of :func:`ipometrics.to_frame` columns where
#: one exists; ``open_return_published``, ``market_cap_offer_published``,
#: ``market_cap_open_published``, ``margin_financing``, ``grey_market_high`` and
#: ``grey_market_high_return`` have no column.
METRICS: Mapping[str, str] = {name: m.doc for name, m in _METRICS.items()}

#: The reported kinds each metric kind accepts (a bare number is a multiple or a count only).
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
    "plain": "a bare number",
}
_TIER_LABEL = {
    "official_announcement": "official announcement",
    "prospectus": "prospectus",
    "wire": "wire",
    "other_media": "media",
    "broker": "broker estimate",
    "ai_generated": "AI-generated",
}


# --------------------------------------------------------------------------------------------
# Checking
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimCheck:
    """The verdict on one reported figure.

    ``str(result)`` is one line: code, metric and the explanation.

    Attributes
    ----------
    code : str
        The offering's stock code with market suffix, e.g. ``'00100.HK'``.
    metric : str
        A name of :data:`METRICS`.
    reported : ReportedFigure
        The claim as parsed; :attr:`low` / :attr:`high` is the interval its wording allows.
    verdict : str
        ``"consistent"``, ``"inconsistent"`` or ``"not_checkable"``.
    computed : Decimal or None
        The record's value in the metric's unit ([currency], [currency/share], [fraction],
        [times], [shares]); ``None`` when the record lacks it or the claim's unit does not
        fit the metric.
    computed_low, computed_high : Decimal or None
        The interval the record's value stands for: its printed rounding (``abs_tol``), or
        no upper end (``None``) above a figure published as "more than".
    explanation : str
        One line: the claim and its interval, the record's value with its source, the
        verdict, and any recorded conflict the claim matches.
    sources : tuple of str
        Ids of the record's sources the value rests on, e.g. ``('S1',)``.
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
    """The record's side of a check: value, the interval it stands for, its description."""

    value: Decimal
    bounds: _Interval
    text: str
    sources: tuple[str, ...]


class _MissingError(Exception):
    """The record lacks what a metric needs (internal; becomes ``not_checkable``)."""


def _source_text(o: Offering, src_id: str) -> str:
    s = o.source(src_id)
    when = f", {s.date.isoformat()}" if s.date is not None else ""
    return f"{s.id} {_TIER_LABEL[s.tier]}: {s.document}{when}"


def _missing_text(o: Offering, path: str) -> str:
    """Why a figure is missing: unknown or not applicable, with the record's reason."""
    if o.status(path) == "not applicable":
        prefix = path
        while prefix and prefix not in o.not_applicable:
            prefix = prefix.rpartition(".")[0]
        reason = o.not_applicable.get(prefix)
        return f"{path} is not applicable to {o.key}" + (f" ({reason})" if reason else "")
    text = f"{path} is unknown for {o.key} (no admissible source gives it)"
    derived = o.derived.get(path)
    if derived is not None:
        text += (
            f"; the fact base derives {derived.value} ({derived.derived}), not a published figure"
        )
    return text


def _tolerance_text(tol: Decimal, kind: Kind) -> str:
    return _fmt(tol, "percent", None) if kind == "percent" else _plain(tol, 6)


def _published(o: Offering, path: str, scale: Decimal, kind: Kind) -> _Value:
    """A published figure in the metric's unit, with the interval its rounding allows."""
    node = o.figure(path)
    if not isinstance(node, Figure) or node.value is None or node.src is None:
        raise _MissingError(_missing_text(o, path))
    value = _tidy(Decimal(node.value) * scale)
    tol = _tidy(Decimal(node.abs_tol) * scale) if node.abs_tol is not None else Decimal(0)
    if node.qualifier == "more than":
        bounds = _Interval(value, None, low_open=True)
    else:
        bounds = _Interval(value - tol, value + tol)
    label = "official" if o.source(node.src).tier == "official_announcement" else "published"
    words = f"{node.qualifier} " if node.qualifier else ""
    plus = f" ±{_tolerance_text(tol, kind)}" if tol else ""
    printed = f", printed {node.printed!r}" if node.printed else ""
    text = (
        f"{label} {words}{_fmt(value, kind, o.currency)}{plus} "
        f"({path}{printed}; {_source_text(o, node.src)})"
    )
    return _Value(value, bounds, text, (node.src,))


def _computed(o: Offering, spec: _Metric) -> _Value:
    """A metric computed by an Offering method, citing the sources of its inputs."""
    if spec.compute is None:  # pragma: no cover - guarded by the caller
        raise TypeError("not a computed metric")
    try:
        value = spec.compute(o)
    except FigureUnavailableError as err:
        raise _MissingError(_missing_text(o, err.path)) from err
    tol = Decimal(0)
    for path in spec.rounded_inputs:
        node = o.figure(path)
        if isinstance(node, Figure) and node.abs_tol is not None:
            tol += Decimal(node.abs_tol)
    ids: list[str] = []
    for path in spec.inputs:
        node = o.figure(path)
        if isinstance(node, Figure) and node.src is not None and node.src not in ids:
            ids.append(node.src)
    plus = f" ±{_tolerance_text(tol, spec.kind)} (printed rounding)" if tol else ""
    cites = "; ".join(_source_text(o, i) for i in ids)
    text = f"computed {_fmt(value, spec.kind, o.currency)}{plus} = {spec.formula} ({cites})"
    return _Value(value, _Interval(value - tol, value + tol), text, tuple(ids))


def _grey_market(o: Offering, metric: str, claim: ReportedFigure) -> _Value:
    """The grey-market observation the claim matches, else the first one (several platforms)."""
    gm = o.first_day.grey_market
    observations = gm.observations if gm is not None else []
    candidates: list[_Value] = []
    for ob in observations:
        where = f"{ob.platform or 'platform not named'}; {_source_text(o, ob.src)}"
        if ob.metric == "intraday_high" and metric == "grey_market_high":
            text = f"published grey-market high {_fmt(ob.value, 'price', o.currency)} ({where})"
            candidates.append(_Value(ob.value, _Interval(ob.value, ob.value), text, (ob.src,)))
        elif ob.metric == "intraday_high":
            ret = metrics.first_day_return(o.offer_price, ob.value)
            text = (
                f"computed {_fmt(ret, 'percent', None)} = grey-market high "
                f"{_fmt(ob.value, 'price', o.currency)} / price.final - 1 ({where})"
            )
            candidates.append(_Value(ret, _Interval(ret, ret), text, (ob.src,)))
        elif ob.metric == "intraday_high_change_pct" and metric == "grey_market_high_return":
            value = _tidy(ob.value * _PCT)
            tol = _tidy((ob.abs_tol or Decimal(0)) * _PCT)
            plus = f" ±{_fmt(tol, 'percent', None)}" if tol else ""
            text = f"published grey-market high {_fmt(value, 'percent', None)}{plus} ({where})"
            candidates.append(_Value(value, _Interval(value - tol, value + tol), text, (ob.src,)))
    if not candidates:
        if observations:
            raise _MissingError(
                f"{o.key}'s grey-market observations hold no intraday high "
                f"({', '.join(ob.metric for ob in observations)})"
            )
        raise _MissingError(_missing_text(o, "first_day.grey_market.observations"))
    for candidate in candidates:
        if claim._interval().meets(candidate.bounds):
            return candidate
    if len(candidates) == 1:
        return candidates[0]
    listing = " / ".join(c.text for c in candidates)
    ids = tuple(dict.fromkeys(s for c in candidates for s in c.sources))
    first = candidates[0]
    return _Value(first.value, first.bounds, f"{len(candidates)} observations: {listing}", ids)


def _conflict_scale(field: str) -> Decimal:
    return _PCT if field.endswith("_pct") else Decimal(1)


def _matches_other(claim: ReportedFigure, other: object, scale: Decimal) -> bool:
    """Whether the claim matches a conflict's losing value: a number or a short phrase."""
    if isinstance(other, Decimal | int) and not isinstance(other, bool):
        return claim.contains(Decimal(other) * scale)
    if not isinstance(other, str):
        return False
    try:
        theirs = parse_reported(other)
    except IpoDataError:
        # A phrase such as '190.20 (+31.54%)': the claim's number written among its numbers.
        written = {
            Decimal(m.group().replace(",", ""))
            for m in _NUMBER_RUN.finditer(other)
            if _WELL_FORMED.fullmatch(m.group())
        }
        return Decimal(claim.digits.replace(",", "")) in written
    value = theirs.value if theirs.kind == "percent" else theirs.value * scale
    return value == claim.value or claim.contains(value)


def _first_clause(reason: str) -> str:
    return re.split(r"(?<=[.;])\s", reason, maxsplit=1)[0].rstrip(".;")


def _conflict_notes(
    o: Offering, claim: ReportedFigure, fields: Iterable[str]
) -> tuple[list[str], list[Conflict]]:
    """Notes for the record's conflicts whose losing side the claim matches."""
    notes: list[str] = []
    matched: list[Conflict] = []
    wanted = set(fields)
    for c in o.conflicts:
        if c.field not in wanted or not _matches_other(claim, c.other, _conflict_scale(c.field)):
            continue
        refs = c.other_src if isinstance(c.other_src, list) else [c.other_src]
        named = [r for r in refs if r and r != "derived"]
        origin = []
        if named:
            tiers = dict.fromkeys(_TIER_LABEL[o.source(r).tier] for r in named)
            origin.append(f"{', '.join(named)} ({', '.join(tiers)})")
        if "derived" in refs:
            origin.append("the fact base's own derivation")
        by = f" from {' and '.join(origin)}" if origin else ""
        notes.append(
            f"{claim.text!r} matches the losing side of a recorded conflict on {c.field}: "
            f"{c.other}{by}: {_first_clause(c.reason)}"
        )
        matched.append(c)
    return notes, matched


def _unit_problem(spec: _Metric, claim: ReportedFigure, currency: str) -> str | None:
    """Why the claim's unit or currency does not fit the metric, or None."""
    if spec.kind in ("money", "price") and claim.kind == "plain":
        return (
            f"the claim names no currency and the record is in {currency} (pass "
            "default_currency when the context names it)"
        )
    if claim.kind not in _ACCEPTS[spec.kind]:
        return f"the claim is {_UNIT_NAME[claim.kind]} but the metric is {_UNIT_NAME[spec.kind]}"
    if spec.kind == "price" and claim.kind == "money" and claim.scale_word is not None:
        return f"a price per share is not written with the scale word {claim.scale_word!r}"
    if spec.kind in ("money", "price"):
        if claim.currency is None:
            return (
                f"元 or $ alone names no currency and the record is in {currency} (pass "
                "default_currency when the context names it)"
            )
        if claim.currency != currency:
            return (
                f"the claim is in {claim.currency} and the record in {currency}; no FX "
                "conversion is made"
            )
    return None


def _published_metric(path: str | None) -> str | None:
    """The metric that reads the published figure at ``path``, if any."""
    return next((name for name, m in _METRICS.items() if path and m.path == path), None)


def _resolve_metric(metric: str) -> _Metric:
    spec = _METRICS.get(metric)
    if spec is None:
        raise IpoDataError(f"metric must be one of {', '.join(_METRICS)}; got {metric!r}")
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
        A name of :data:`METRICS`, e.g. ``"gross_proceeds"`` [currency],
        ``"public_multiple"`` [times], ``"close_return"`` [fraction], ``"close_price"``
        [currency/share].
    reported : str or ReportedFigure
        The figure as reported, e.g. ``"超43亿港元"`` (read by :func:`parse_reported`).
    default_currency : str, optional
        ISO 4217 code to read a money claim in when its wording names no currency (a bare
        number, 元 or ``$``), for a context that states it. Default: such a claim is not
        checkable.

    Returns
    -------
    ClaimCheck
        ``verdict`` is ``"consistent"`` when the interval the wording allows meets the
        interval the record's value stands for, ``"inconsistent"`` when it does not, and
        ``"not_checkable"``, with the reason, when the record lacks the figure (unknown or
        not applicable) or the claim is in another unit or currency or names no currency.

    Raises
    ------
    IpoDataError
        If ``metric`` is not a name of :data:`METRICS` (the message lists them), the text
        cannot be parsed, ``default_currency`` is not an ISO code, or no offering matches.

    Examples
    --------
    >>> result = check("minimax", "public_multiple", "1209倍")
    >>> result.verdict, result.computed
    ('inconsistent', Decimal('1837.17'))
    >>> print(result.explanation)  # doctest: +ELLIPSIS
    reported '1209倍' (1,208.5..1,209.5 times) vs official 1,837.17 times ±0.005 (...):
    inconsistent; '1209倍' matches the losing side of a recorded conflict ...
    >>> check("zhipu", "gross_proceeds", "超43亿港元").verdict
    'consistent'
    >>> check("iluvatar_corex", "open_price", "190.20港元").verdict
    'not_checkable'
    """
    spec = _resolve_metric(metric)
    if default_currency is not None and not re.fullmatch(r"[A-Z]{3}", default_currency):
        raise IpoDataError(
            f"default_currency must be an ISO 4217 code such as 'HKD', got {default_currency!r}"
        )
    o = offering if isinstance(offering, Offering) else load_offering(offering)
    claim = reported if isinstance(reported, ReportedFigure) else parse_reported(reported)
    if default_currency is not None and claim.currency is None:
        if claim.kind in ("money", "price"):
            claim = replace(claim, currency=default_currency)
        elif claim.kind == "plain" and spec.kind in ("money", "price"):
            claim = replace(claim, currency=default_currency, kind="money")

    conflict_fields = [p for p in (spec.path, spec.published) if p is not None]
    notes, matched = _conflict_notes(o, claim, conflict_fields)
    tail = "".join(f"; {n}" for n in notes)
    head = f"reported {claim}"

    def not_checkable(reason: str) -> ClaimCheck:
        return ClaimCheck(
            o.code, metric, claim, "not_checkable", None, None, None,
            f"{head}: not_checkable; {reason}{tail}", (), tuple(matched),
        )  # fmt: skip

    problem = _unit_problem(spec, claim, o.currency)
    if problem is not None:
        return not_checkable(problem)
    try:
        if spec.path is not None:
            value = _published(o, spec.path, spec.scale, spec.kind)
        elif spec.compute is not None:
            value = _computed(o, spec)
        else:
            value = _grey_market(o, metric, claim)
    except _MissingError as missing:
        reason = str(missing)
        published = _published_metric(spec.published)
        if published is not None and o.status(_METRICS[published].path or "") == "published":
            reason += f"; the figure as published is checked by metric {published!r}"
        computed = next(
            (n for n, m in _METRICS.items() if spec.path and m.published == spec.path), None
        )
        if computed is not None:
            reason += f"; metric {computed!r} recomputes it from its inputs"
        return not_checkable(reason)

    verdict: Verdict = "consistent" if claim._interval().meets(value.bounds) else "inconsistent"
    beside = ""
    if verdict == "inconsistent" and spec.published is not None:
        try:
            other = _published(o, spec.published, _conflict_scale(spec.published), spec.kind)
        except _MissingError:
            pass
        else:
            if claim._interval().meets(other.bounds):
                beside = f"; it does agree with the {other.text}"
    return ClaimCheck(
        code=o.code,
        metric=metric,
        reported=claim,
        verdict=verdict,
        computed=value.value,
        computed_low=value.bounds.low,
        computed_high=value.bounds.high,
        explanation=f"{head} vs {value.text}: {verdict}{beside}{tail}",
        sources=value.sources,
        conflicts=tuple(matched),
    )


def check_cli(code: str, metric: str, reported: str) -> tuple[int, str]:
    """Check one claim for the command line: an exit status and the line to print.

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
        The exit status, :data:`EXIT_STATUS` (0 consistent, 1 inconsistent, 2 not
        checkable) or 2 when the offering, metric or text is not accepted (bad input); and
        one line: the :class:`ClaimCheck`, or ``"error: ..."`` with the reason.

    Examples
    --------
    >>> status, line = check_cli("02513.HK", "close_return", "13.17%")
    >>> status, line.split(": ")[0]
    (0, '02513.HK close_return')
    >>> check_cli("02513.HK", "close_return", "abc")
    (2, "error: reported figure 'abc': no number written with digits; ...")
    """
    try:
        result = check(code, metric, reported)
    except IpoDataError as err:
        return 2, f"error: {err}"
    return result.exit_status, str(result)


#: Columns of :func:`check_many`, in order.
_BATCH_COLUMNS = ("code", "metric", "reported", "verdict", "computed", "low", "high", "explanation")


def _float(value: Decimal | None, missing: float) -> float:
    return missing if value is None else float(value)


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
        Where the records are, as in :func:`ipometrics.load_offerings` (default: the bundled
        records).

    Returns
    -------
    pandas.DataFrame
        One row per claim, in order, with columns ``code`` (with market suffix), ``metric``,
        ``reported`` (the text), ``verdict``, ``computed`` (the record's value in the
        metric's unit, NaN when there is none), ``low`` and ``high`` (the interval the
        wording allows, ±inf where unbounded) and ``explanation``. Numbers are float64;
        :func:`check` gives the exact ``Decimal`` values.

    Raises
    ------
    IpoDataError
        If a row is not three strings, or names no offering or metric, or its text cannot
        be parsed; the message gives the row's position and content.

    Examples
    --------
    >>> table = check_many([("02513.HK", "gross_proceeds", "超43亿港元"),
    ...                     ("00100", "public_multiple", "1209倍")])
    >>> table.shape, list(table["verdict"])
    ((2, 8), ['consistent', 'inconsistent'])
    >>> print(table.loc[1, ["code", "computed", "low", "high"]].to_string())
    code        00100.HK
    computed     1837.17
    low           1208.5
    high          1209.5
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
        except (ValueError, TypeError, AttributeError) as err:
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
    table: pd.DataFrame = frame.astype({"computed": "float64", "low": "float64", "high": "float64"})
    return table

"""Currencies: dated, sourced exchange rates and exact conversion between them.

An :class:`FxTable` holds daily reference rates, each with the pages it was read from. The
bundled table (:func:`load_fx_rates`) is ``shared/data/fx_rates.yaml`` transcribed unchanged:
the CFETS central parities USD/CNY and HKD/CNY (CNY per 1 USD, CNY per 1 HKD) on the listing
dates of the six bundled offerings, and a USD/HKD close that no source confirmed (null on
every date).

:func:`convert` turns an exact amount into another currency on a date, and
:func:`lookup_rate` returns the :class:`Conversion` it applies: the rate, the date of the rate
actually used and its sources, for reports.

Rules (nothing is guessed):

* the same currency converts at exactly 1 (``method`` is then ``"identity"``);
* a rate quoted the other way round is used inverted: CNY -> HKD divides by HKD/CNY;
* a pair and date without a sourced rate raise :class:`~ipometrics.errors.IpoDataError`
  naming the pair, the date and the dates the table does have for that pair. There is no
  silent 1:1 and no nearest-date fallback;
* ``method="previous_available"`` (asked for by name) uses the latest rate on or before the
  date and reports the date it used; a later rate is never used;
* ``method="cross_via_cny"`` (asked for by name) crosses two CNY parities of the same date,
  e.g. HKD -> USD = HKD/CNY / USD/CNY. That is the HKD/USD rate CFETS used at 09:00 to set the
  HKD parity, **not** a market close: the table's own header forbids backing ``usd_hkd`` out
  this way as a close, so it is never done unless asked.

Arithmetic is exact ``Decimal``: a product is exact, a quotient (an inverted or crossed rate)
is rounded once to 34 significant digits (IEEE decimal128), far below a cent on any amount
here. Round to the cent only for display.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from importlib.abc import Traversable
from pathlib import Path
from typing import Any, Literal, get_args

import pandas as pd

from ipometrics._resources import bundled_data_path
from ipometrics._values import DECIMAL_CONTEXT
from ipometrics.errors import IpoDataError

__all__ = [
    "Conversion",
    "FxLeg",
    "FxRate",
    "FxTable",
    "Method",
    "convert",
    "load_fx_rates",
    "lookup_rate",
]

#: How a rate may be found: ``"exact"`` (the date asked, direct or inverted),
#: ``"previous_available"`` (latest date on or before), ``"cross_via_cny"`` (two CNY
#: parities of the same date).
Method = Literal["exact", "previous_available", "cross_via_cny"]
_METHODS: tuple[str, ...] = get_args(Method)

#: decimal128 precision: quotients are rounded once, to 34 significant digits.
_CTX = DECIMAL_CONTEXT  # the library's one context (ipometrics._values)

_CCY = re.compile(r"^[A-Z]{3}$")
#: Table fields that hold a rate: ``<base>_<quote>`` with an optional descriptive suffix,
#: e.g. ``usd_cny_central_parity`` (CNY per 1 USD) or ``usd_hkd`` (HKD per 1 USD).
_RATE_FIELD = re.compile(r"^([a-z]{3})_([a-z]{3})(?:_[a-z0-9_]+)?$")
_META_FIELDS = frozenset({"sources", "printed", "note"})


def _currency(name: str, value: object) -> str:
    if not isinstance(value, str) or not _CCY.fullmatch(value):
        raise IpoDataError(
            f"{name} must be a three-letter ISO 4217 code such as 'HKD', got {value!r}"
        )
    return value


def _day(name: str, value: object) -> date:
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError as err:
            raise IpoDataError(f"{name} must be an ISO date YYYY-MM-DD, got {value!r}") from err
    raise IpoDataError(f"{name} must be a datetime.date, got {type(value).__name__} {value!r}")


def _rate_value(name: str, value: object) -> Decimal | None:
    """A rate as an exact Decimal (floats by their shortest repr); None for a missing one."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, bool):
        raise IpoDataError(f"{name} must be a number, got {value!r}")
    try:
        if isinstance(value, Decimal):
            result = value
        elif isinstance(value, int | str):
            result = Decimal(value)
        elif isinstance(value, float):
            result = Decimal(repr(value))
        else:
            raise IpoDataError(f"{name} must be a number, got {type(value).__name__} {value!r}")
    except InvalidOperation as err:
        raise IpoDataError(f"{name} must be a decimal number, got {value!r}") from err
    if not result.is_finite() or result <= 0:
        raise IpoDataError(f"{name} must be a finite rate > 0, got {value!r}")
    return result


def _amount(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(
            f"amount must be a Decimal or an int (exact money), got {type(value).__name__} "
            f"{value!r}; pass Decimal(str(x)) for a float"
        )
    result = Decimal(value)
    if not result.is_finite():
        raise ValueError(f"amount must be finite, got {value!r}")
    return result


@dataclass(frozen=True)
class FxRate:
    """One sourced reference rate: 1 unit of ``base`` buys ``rate`` units of ``quote``.

    Attributes
    ----------
    on : date
        Date of the fixing [date].
    base, quote : str
        ISO 4217 codes; ``rate`` is quote per 1 base [quote/base].
    rate : Decimal
        The figure as published, exact [quote/base].
    name : str
        The table field it came from, e.g. ``"hkd_cny_central_parity"``.
    sources : tuple of str
        Pages the figure was read from (at least one).
    printed : str or None
        The figures of that date as the source printed them.
    """

    on: date
    base: str
    quote: str
    rate: Decimal
    name: str
    sources: tuple[str, ...]
    printed: str | None = None

    def __post_init__(self) -> None:
        _currency("base", self.base)
        _currency("quote", self.quote)
        if self.base == self.quote:
            raise IpoDataError(f"{self.name}: base and quote are both {self.base!r}")
        if _rate_value(self.name, self.rate) is None:
            raise IpoDataError(f"{self.name} on {self.on}: rate must be a number, got None")
        if not self.sources:
            raise IpoDataError(
                f"{self.name} on {self.on}: a rate needs its source, got rate {self.rate} "
                "with no sources"
            )

    @property
    def pair(self) -> str:
        """``"BASE/QUOTE"``, e.g. ``"HKD/CNY"``."""
        return f"{self.base}/{self.quote}"


@dataclass(frozen=True)
class FxLeg:
    """One table rate as used in a conversion: as quoted, or inverted.

    Attributes
    ----------
    rate : FxRate
        The sourced rate.
    inverted : bool
        True when the conversion runs quote -> base, so amounts are divided by ``rate.rate``.
    """

    rate: FxRate
    inverted: bool

    @property
    def from_ccy(self) -> str:
        """Currency this leg converts from."""
        return self.rate.quote if self.inverted else self.rate.base

    @property
    def to_ccy(self) -> str:
        """Currency this leg converts into."""
        return self.rate.base if self.inverted else self.rate.quote

    def apply(self, amount: Decimal) -> Decimal:
        """``amount`` [from_ccy] in ``to_ccy``: times the rate, or divided by it if inverted.

        Examples
        --------
        >>> from datetime import date
        >>> r = FxRate(date(2025, 12, 5), "HKD", "CNY", Decimal("0.90906"), "hkd_cny", ("url",))
        >>> FxLeg(r, inverted=True).apply(Decimal(1000)).quantize(Decimal("0.01"))  # CNY -> HKD
        Decimal('1100.04')
        """
        if self.inverted:
            return _CTX.divide(amount, self.rate.rate)
        return _CTX.multiply(amount, self.rate.rate)

    def __str__(self) -> str:
        r = self.rate
        shown = f"1 / {r.rate}" if self.inverted else f"{r.rate}"
        return f"{self.from_ccy}->{self.to_ccy} {shown} ({r.pair} {r.name}, {r.on})"


@dataclass(frozen=True)
class Conversion:
    """The rate a conversion applies, where it comes from, and how it was found.

    Attributes
    ----------
    from_ccy, to_ccy : str
        ISO 4217 codes.
    requested : date
        The date the caller asked for [date].
    on : date
        The date of the rate(s) used [date]: ``requested`` except under
        ``method="previous_available"``, where it may be earlier.
    rate : Decimal
        ``to_ccy`` per 1 ``from_ccy`` [to/from], 34 significant digits when inverted or
        crossed. For display; :meth:`apply` goes through the legs, rounding once per quotient.
    method : str
        ``"identity"``, ``"exact"``, ``"previous_available"`` or ``"cross_via_cny"``.
    legs : tuple of FxLeg
        The sourced rates used, in order (none for the identity).
    """

    from_ccy: str
    to_ccy: str
    requested: date
    on: date
    rate: Decimal
    method: str
    legs: tuple[FxLeg, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        """Every page the rates used were read from, in order, without repeats."""
        return tuple(dict.fromkeys(s for leg in self.legs for s in leg.rate.sources))

    @property
    def is_identity(self) -> bool:
        """True when both currencies are the same (no rate involved)."""
        return not self.legs

    def apply(self, amount: Decimal | int) -> Decimal:
        """``amount`` [from_ccy] converted into ``to_ccy`` [to_ccy], exactly.

        Examples
        --------
        >>> from datetime import date
        >>> c = lookup_rate("HKD", "CNY", on=date(2026, 1, 8), rates=load_fx_rates())
        >>> c.apply(1_000)
        Decimal('901.46000')
        """
        value = _amount(amount)
        for leg in self.legs:
            value = leg.apply(value)
        return value

    def describe(self) -> str:
        """One line for reports: pair, date used, rate and how it was found.

        Examples
        --------
        >>> from datetime import date
        >>> c = lookup_rate("CNY", "HKD", on=date(2025, 12, 5), rates=load_fx_rates())
        >>> c.describe()
        'CNY->HKD on 2025-12-05: CNY->HKD 1 / 0.90906 (HKD/CNY hkd_cny_central_parity, 2025-12-05)'
        """
        if self.is_identity:
            return f"{self.from_ccy}->{self.to_ccy}: same currency, rate 1"
        used = "" if self.on == self.requested else f" (asked {self.requested}, used {self.on})"
        legs = "; ".join(str(leg) for leg in self.legs)
        return f"{self.from_ccy}->{self.to_ccy} on {self.on}{used}: {legs}"


class FxTable:
    """Dated exchange rates with their sources.

    Build one with :func:`load_fx_rates` (the bundled table or a file of the same shape),
    :meth:`from_mapping` (a dict shaped like that file) or :meth:`from_frame` (one row per
    rate).

    Parameters
    ----------
    rates : iterable of FxRate
        At most one rate per pair and date, counting a pair and its inverse as one.
    listed_dates : iterable of date, optional
        Dates the table lists even where a rate is null, so a missing rate on a listed date
        is reported as such.
    empty_fields : mapping, optional
        ``(base, quote) -> field name`` for fields the table has but which are null, so the
        error can name them (e.g. ``usd_hkd``).
    description : str, optional
        The table's conventions, e.g. the header of the source file.

    Raises
    ------
    IpoDataError
        Two rates for the same pair and date.

    Examples
    --------
    >>> from datetime import date
    >>> from decimal import Decimal
    >>> rate = FxRate(date(2026, 1, 8), "HKD", "CNY", Decimal("0.90146"), "hkd_cny", ("url",))
    >>> len(FxTable([rate]))
    1
    """

    def __init__(
        self,
        rates: Iterable[FxRate],
        *,
        listed_dates: Iterable[date] = (),
        empty_fields: Mapping[tuple[str, str], str] | None = None,
        description: str = "",
    ) -> None:
        self._rates: dict[tuple[str, str, date], FxRate] = {}
        for r in rates:
            for key in ((r.base, r.quote, r.on), (r.quote, r.base, r.on)):
                if key in self._rates:
                    old = self._rates[key]
                    raise IpoDataError(
                        f"two rates for {r.pair} on {r.on}: {old.name} = {old.rate} and "
                        f"{r.name} = {r.rate}; expected at most one per pair and date"
                    )
            self._rates[(r.base, r.quote, r.on)] = r
        self._listed = frozenset(listed_dates) | {r.on for r in self._rates.values()}
        self._fields: dict[frozenset[str], str] = {
            frozenset((r.base, r.quote)): f"{r.pair} ({r.name})" for r in self._rates.values()
        }
        for (base, quote), name in (empty_fields or {}).items():
            self._fields.setdefault(frozenset((base, quote)), f"{base}/{quote} ({name})")
        self.description = description

    # ------------------------------------------------------------------ constructors

    @classmethod
    def from_mapping(
        cls, rates: Mapping[Any, Mapping[str, Any]], *, description: str = ""
    ) -> FxTable:
        """A table from ``{date: {field: rate or None, "sources": [...], "printed": str}}``.

        Parameters
        ----------
        rates : mapping
            Keys are dates (``date`` or ISO strings). Each entry maps rate fields named
            ``<base>_<quote>[_suffix]`` in lower case (``usd_cny_central_parity`` is CNY per 1
            USD) to a number or ``None`` (no sourced figure), plus ``sources`` (a list of
            URLs or document names, required when any rate of the entry is set) and
            optionally ``printed`` and ``note``. Numbers are read exactly: ``Decimal``, int,
            decimal text, or a float by its shortest repr.
        description : str, optional
            Conventions of the table.

        Raises
        ------
        IpoDataError
            An unknown field, a non-positive rate, a rate without sources, a bad date.

        Examples
        --------
        >>> from datetime import date
        >>> table = FxTable.from_mapping(
        ...     {"2026-01-08": {"hkd_cny_central_parity": "0.90146", "sources": ["FX168"]}}
        ... )
        >>> table.dates_for("CNY", "HKD")
        (datetime.date(2026, 1, 8),)
        """
        out: list[FxRate] = []
        listed: list[date] = []
        empty: dict[tuple[str, str], str] = {}
        for raw_day, entry in rates.items():
            on = _day("rate date", raw_day)
            listed.append(on)
            if not isinstance(entry, Mapping):
                raise IpoDataError(
                    f"rates[{on}] must be a mapping of fields, got {type(entry).__name__}"
                )
            sources_raw = entry.get("sources") or []
            if isinstance(sources_raw, str):
                sources_raw = [sources_raw]
            sources = tuple(str(s) for s in sources_raw)
            printed = entry.get("printed")
            for field, value in entry.items():
                if field in _META_FIELDS:
                    continue
                match = _RATE_FIELD.fullmatch(str(field))
                if match is None:
                    raise IpoDataError(
                        f"rates[{on}]: unknown field {field!r}; expected '<base>_<quote>"
                        "[_suffix]' such as 'usd_cny_central_parity', or one of "
                        f"{sorted(_META_FIELDS)}"
                    )
                base, quote = match.group(1).upper(), match.group(2).upper()
                number = _rate_value(f"rates[{on}].{field}", value)
                if number is None:
                    empty.setdefault((base, quote), str(field))
                    continue
                out.append(FxRate(on, base, quote, number, str(field), sources, printed))
        return cls(out, listed_dates=listed, empty_fields=empty, description=description)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, *, description: str = "") -> FxTable:
        """A table from one row per rate.

        Parameters
        ----------
        frame : pandas.DataFrame
            Columns ``date``, ``base``, ``quote``, ``rate`` (quote per 1 base) and
            ``sources`` (a URL, or a list of them); optional ``name`` and ``printed``. A row
            whose rate is missing (NaN/None) lists its date without a rate.
        description : str, optional
            Conventions of the table.

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"date": ["2025-12-05"], "base": ["USD"], "quote": ["CNY"],
        ...                    "rate": ["7.0749"], "sources": ["wire post"]})
        >>> FxTable.from_frame(df).lookup("USD", "CNY", on=date(2025, 12, 5)).rate
        Decimal('7.0749')
        """
        needed = {"date", "base", "quote", "rate", "sources"}
        missing = sorted(needed - set(frame.columns))
        if missing:
            raise IpoDataError(
                f"frame is missing column(s) {missing}; expected {sorted(needed)} "
                "(optional: name, printed)"
            )
        out: list[FxRate] = []
        listed: list[date] = []
        for i, row in enumerate(frame.to_dict("records")):
            on = _day(f"row {i} date", row["date"])
            listed.append(on)
            base = _currency(f"row {i} base", row["base"])
            quote = _currency(f"row {i} quote", row["quote"])
            number = _rate_value(f"row {i} rate", row["rate"])
            if number is None:
                continue
            raw = row["sources"]
            sources = (raw,) if isinstance(raw, str) else tuple(str(s) for s in raw or ())
            name = row.get("name")
            printed = row.get("printed")
            out.append(
                FxRate(
                    on,
                    base,
                    quote,
                    number,
                    str(name) if isinstance(name, str) else f"{base.lower()}_{quote.lower()}",
                    sources,
                    printed if isinstance(printed, str) else None,
                )
            )
        return cls(out, listed_dates=listed, description=description)

    # ------------------------------------------------------------------ contents

    def __len__(self) -> int:
        return len(self._rates)

    def __iter__(self) -> Iterator[FxRate]:
        return iter(sorted(self._rates.values(), key=lambda r: (r.on, r.base, r.quote)))

    def __repr__(self) -> str:
        pairs = sorted({r.pair for r in self._rates.values()})
        return f"FxTable({len(self)} rates, pairs {pairs}, {len(self._listed)} dates listed)"

    @property
    def listed_dates(self) -> tuple[date, ...]:
        """Every date the table lists, including dates whose rates are all null [date]."""
        return tuple(sorted(self._listed))

    def dates_for(self, ccy1: str, ccy2: str) -> tuple[date, ...]:
        """Dates with a sourced rate for the pair, quoted either way round [date].

        Examples
        --------
        >>> [str(d) for d in load_fx_rates().dates_for("USD", "CNY")][-3:]
        ['2026-01-07', '2026-01-08', '2026-01-09']
        >>> load_fx_rates().dates_for("USD", "HKD")
        ()
        """
        a, b = _currency("ccy1", ccy1), _currency("ccy2", ccy2)
        return tuple(sorted(on for (x, y, on) in self._rates if {x, y} == {a, b}))

    def to_frame(self) -> pd.DataFrame:
        """One row per rate: date, base, quote, rate [quote/base], name, sources.

        Examples
        --------
        >>> load_fx_rates().to_frame().shape
        (10, 6)
        """
        rows = [
            {
                "date": r.on,
                "base": r.base,
                "quote": r.quote,
                "rate": float(r.rate),
                "name": r.name,
                "sources": "; ".join(r.sources),
            }
            for r in self
        ]
        frame: pd.DataFrame = pd.DataFrame(
            rows, columns=["date", "base", "quote", "rate", "name", "sources"]
        )
        return frame

    # ------------------------------------------------------------------ lookups

    def _leg(self, from_ccy: str, to_ccy: str, on: date) -> FxLeg | None:
        direct = self._rates.get((from_ccy, to_ccy, on))
        if direct is not None:
            return FxLeg(direct, inverted=False)
        inverse = self._rates.get((to_ccy, from_ccy, on))
        if inverse is not None:
            return FxLeg(inverse, inverted=True)
        return None

    def _pair_name(self, a: str, b: str) -> str:
        return self._fields.get(frozenset((a, b)), f"{a}/{b}")

    def _missing(self, from_ccy: str, to_ccy: str, on: date, hint: str) -> IpoDataError:
        pair = self._pair_name(from_ccy, to_ccy)
        have = self.dates_for(from_ccy, to_ccy)
        listed = (
            "the table lists that date but gives no figure for this pair (null: no sourced rate)"
            if on in self._listed
            else "the table does not list that date"
        )
        if have:
            where = f"{pair} rates exist on {', '.join(str(d) for d in have)}"
        else:
            where = f"the table has no {pair} rate on any date"
        return IpoDataError(
            f"no sourced {pair} rate on {on} (needed to convert {from_ccy} to {to_ccy}): "
            f"{listed}; {where}.{hint}"
        )

    def lookup(
        self, from_ccy: str, to_ccy: str, *, on: date, method: Method = "exact"
    ) -> Conversion:
        """The :class:`Conversion` from one currency into another on a date.

        Parameters
        ----------
        from_ccy, to_ccy : str
            ISO 4217 codes, e.g. ``"CNY"``, ``"HKD"``.
        on : date
            The date of the amount, e.g. a listing date [date].
        method : {"exact", "previous_available", "cross_via_cny"}
            ``"exact"``: the rate of that date, as quoted or inverted. ``"previous_available"``:
            the latest rate on or before ``on`` (the date used is ``Conversion.on``).
            ``"cross_via_cny"``: ``from -> CNY -> to`` with both parities of that date; for
            HKD/USD this is CFETS's 09:00 implied rate, not a close.

        Returns
        -------
        Conversion
            Rate [to/from], the date used, the legs and their sources.

        Raises
        ------
        IpoDataError
            No sourced rate: the message names the pair, the date and the dates the table
            has for that pair. Also a bad currency code, date or method.

        Examples
        --------
        >>> from datetime import date
        >>> table = load_fx_rates()
        >>> table.lookup("USD", "CNY", on=date(2026, 1, 2), method="previous_available").on
        datetime.date(2025, 12, 31)
        """
        a, b = _currency("from_ccy", from_ccy), _currency("to_ccy", to_ccy)
        day = _day("on", on)
        if method not in _METHODS:
            raise IpoDataError(f"method must be one of {', '.join(_METHODS)}, got {method!r}")
        if a == b:
            return Conversion(a, b, day, day, Decimal(1), "identity", ())
        legs: tuple[FxLeg, ...]
        used = day
        if method == "exact":
            leg = self._leg(a, b, day)
            if leg is None:
                options = []
                if any(d < day for d in self.dates_for(a, b)):
                    options.append("method='previous_available' to use the latest earlier rate")
                if "CNY" not in (a, b):
                    options.append("method='cross_via_cny' for the CFETS 09:00 cross via CNY")
                hint = f" Pass {', or '.join(options)}." if options else ""
                raise self._missing(a, b, day, hint)
            legs = (leg,)
        elif method == "previous_available":
            earlier = [d for d in self.dates_for(a, b) if d <= day]
            if not earlier:
                raise self._missing(a, b, day, " No rate on or before that date either.")
            used = earlier[-1]
            found = self._leg(a, b, used)
            if found is None:  # pragma: no cover - dates_for lists only dates with a rate
                raise self._missing(a, b, used, "")
            legs = (found,)
        else:
            steps = [(x, y) for x, y in ((a, "CNY"), ("CNY", b)) if x != y]
            collected: list[FxLeg] = []
            for x, y in steps:
                leg = self._leg(x, y, day)
                if leg is None:
                    raise self._missing(
                        x, y, day, f" The cross {a}->{b} via CNY needs both legs on {day}."
                    )
                collected.append(leg)
            legs = tuple(collected)
        rate = Decimal(1)
        for leg in legs:
            rate = leg.apply(rate)
        return Conversion(a, b, day, used, rate, method, legs)


def load_fx_rates(path: str | Path | None = None) -> FxTable:
    """The bundled FX table, or a JSON file of the same shape.

    Parameters
    ----------
    path : str or Path, optional
        A JSON file ``{"conventions": str, "rates": {ISO date: {field: rate or null,
        "sources": [...], "printed": str}}}``. Default: the bundled transcription of
        ``shared/data/fx_rates.yaml`` (CFETS USD/CNY and HKD/CNY central parities).

    Returns
    -------
    FxTable
        Numbers are read as exact decimals (``0.90906`` stays ``Decimal('0.90906')``).

    Raises
    ------
    IpoDataError
        The file is missing, not JSON, or not of that shape.

    Examples
    --------
    >>> from datetime import date
    >>> table = load_fx_rates()
    >>> table.lookup("HKD", "CNY", on=date(2026, 1, 8)).rate
    Decimal('0.90146')
    """
    source: Traversable | Path = (
        bundled_data_path() / "fx" / "fx_rates.json" if path is None else Path(path)
    )
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as err:
        raise IpoDataError(f"{source}: cannot be read: {err.strerror or err}") from err
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as err:
        raise IpoDataError(f"{source}: not valid JSON: {err}") from err
    if not isinstance(data, dict) or not isinstance(data.get("rates"), dict):
        raise IpoDataError(
            f"{source}: expected an object with a 'rates' mapping of ISO dates, got "
            f"{type(data).__name__}"
        )
    description = data.get("conventions")
    return FxTable.from_mapping(
        data["rates"], description=description if isinstance(description, str) else ""
    )


def lookup_rate(
    from_ccy: str, to_ccy: str, *, on: date, rates: FxTable, method: Method = "exact"
) -> Conversion:
    """The rate, date and sources a conversion would use (see :meth:`FxTable.lookup`).

    Parameters
    ----------
    from_ccy, to_ccy : str
        ISO 4217 codes.
    on : date
        Date of the amount [date].
    rates : FxTable
        Where to look, e.g. :func:`load_fx_rates`.
    method : {"exact", "previous_available", "cross_via_cny"}
        See :meth:`FxTable.lookup`.

    Returns
    -------
    Conversion
        ``rate`` [to/from], ``on`` (date used), ``legs`` and ``sources``.

    Examples
    --------
    >>> from datetime import date
    >>> c = lookup_rate("HKD", "USD", on=date(2026, 1, 8), rates=load_fx_rates(),
    ...                 method="cross_via_cny")
    >>> c.rate.quantize(Decimal("0.000001"))  # 0.90146 / 7.0197: CFETS's 09:00 HKD/USD
    Decimal('0.128419')
    """
    return rates.lookup(from_ccy, to_ccy, on=on, method=method)


def convert(
    amount: Decimal | int,
    from_ccy: str,
    to_ccy: str,
    *,
    on: date,
    rates: FxTable,
    method: Method = "exact",
) -> Decimal:
    """Convert an exact amount of money into another currency on a date.

    Parameters
    ----------
    amount : Decimal or int
        Money in ``from_ccy`` [from_ccy]. Floats are refused: money stays exact.
    from_ccy, to_ccy : str
        ISO 4217 codes.
    on : date
        Date of the amount, e.g. a listing date [date].
    rates : FxTable
        Sourced rates, e.g. :func:`load_fx_rates`.
    method : {"exact", "previous_available", "cross_via_cny"}
        How a rate may be found; see :meth:`FxTable.lookup`. Only ``"exact"`` (the
        default) uses nothing but the rate of that date.

    Returns
    -------
    Decimal
        The amount in ``to_ccy`` [to_ccy], unrounded: a product is exact, a quotient has 34
        significant digits. The same currency returns the amount unchanged.

    Raises
    ------
    IpoDataError
        No sourced rate for the pair on the date (the message names both and lists the
        dates the table has for the pair).
    TypeError
        A float amount.

    Notes
    -----
    ``to = amount x rate`` for a rate quoted ``from/to``; ``to = amount / rate`` for one
    quoted ``to/from`` (CNY -> HKD with HKD/CNY); ``amount x r1 / r2`` for a cross.

    References
    ----------
    CFETS RMB central parity (人民币汇率中间价), as reprinted in the sources of each rate of
    ``shared/data/fx_rates.yaml``.

    Examples
    --------
    Moore Threads' gross proceeds, CNY 7,999,600,000, in HKD at the HKD/CNY parity of its
    listing day (0.90906 on 2025-12-05):

    >>> from datetime import date
    >>> hkd = convert(Decimal("7999600000"), "CNY", "HKD", on=date(2025, 12, 5),
    ...               rates=load_fx_rates())
    >>> hkd.quantize(Decimal("0.01"))
    Decimal('8799859195.21')
    """
    return rates.lookup(from_ccy, to_ccy, on=on, method=method).apply(amount)

"""ipometrics: typed IPO subscription analytics from sourced offering records.

>>> import ipometrics as ipm
>>> offerings = ipm.load_offerings()          # six offerings, Shanghai and Hong Kong
>>> zhipu = ipm.load_offering("zhipu")         # or "02513.HK"
>>> zhipu.gross_proceeds()                     # HK$116.20 x 37,419,500 shares
Decimal('4348145900.0')
>>> zhipu.source_of("proceeds.gross").tier
'official_announcement'

Modules
-------
metrics
    Pure formulas (scalar, ndarray or Series in, same out).
hk
    Hong Kong mechanics: clawback regimes, options, application money, allotment odds.
star
    Shanghai STAR Market mechanics: online/offline clawback, lottery rates.
models
    The validated, frozen :class:`Offering` record and its parts.
validation
    The catalogue of validation rules (``validation.RULES``).
io
    Readers and writers: JSON (exact round trips), the flat table and CSV.
frame
    :func:`to_frame`: one row per offering with every metric column.
vector
    :func:`compute` and ``validate`` over a flat table of many offerings at once, column by
    column, without building records; an opt-in ``DataFrame.ipo`` accessor.
fx, cohort
    Dated exchange rates with sources; Ritter-style statistics across markets.
claims
    Check figures reported in the news against the records.
plotting
    Charts on Matplotlib Axes (imported on demand: ``from ipometrics import plotting``).
report, cli
    Text and HTML rendering and the ``ipometrics`` command.

Importing ipometrics loads none of these: each module (and numpy, pandas, pydantic or
matplotlib behind it) loads the first time one of its names is used.
"""

from __future__ import annotations

import importlib

# typing.TYPE_CHECKING without importing typing (a third of this module's import time);
# type checkers and linters read the name, whatever its value.
TYPE_CHECKING = False
if TYPE_CHECKING:  # the names, for type checkers; at run time they load on first use
    from typing import Any

    from ipometrics import hk, star
    from ipometrics.announcements import (
        read_allotment_announcement,
        read_over_allotment_announcement,
    )
    from ipometrics.errors import FigureUnavailableError, IpoDataError, IpoValidationError
    from ipometrics.frame import COLUMNS, to_frame
    from ipometrics.io import (
        load_offering,
        load_offerings,
        read_csv,
        read_offerings,
        read_table,
        save_offerings,
        to_json,
        to_table,
        write_csv,
    )
    from ipometrics.metrics import (
        first_day_return,
        gross_proceeds,
        gross_spread,
        market_cap,
        money_left_on_table,
        net_proceeds,
        subscription_multiple,
    )
    from ipometrics.models import Figure, Offering, Source
    from ipometrics.vector import compute

__version__ = "0.1.0"

__all__ = [
    "COLUMNS",
    "Figure",
    "FigureUnavailableError",
    "IpoDataError",
    "IpoValidationError",
    "Offering",
    "Source",
    "__version__",
    "compute",
    "first_day_return",
    "gross_proceeds",
    "gross_spread",
    "hk",
    "load_offering",
    "load_offerings",
    "market_cap",
    "money_left_on_table",
    "net_proceeds",
    "read_allotment_announcement",
    "read_csv",
    "read_offerings",
    "read_over_allotment_announcement",
    "read_table",
    "save_offerings",
    "star",
    "subscription_multiple",
    "to_frame",
    "to_json",
    "to_table",
    "write_csv",
]

# Nothing below runs an import: ``import ipometrics`` loads no numpy, pandas, pydantic or
# matplotlib. A name loads its module the first time it is used (PEP 562).

#: Public name -> the module that defines it.
_NAMES: dict[str, str] = {
    **dict.fromkeys(
        ("FigureUnavailableError", "IpoDataError", "IpoValidationError"), "ipometrics.errors"
    ),
    **dict.fromkeys(("COLUMNS", "to_frame"), "ipometrics.frame"),
    **dict.fromkeys(
        (
            "load_offering",
            "load_offerings",
            "read_csv",
            "read_offerings",
            "read_table",
            "save_offerings",
            "to_json",
            "to_table",
            "write_csv",
        ),
        "ipometrics.io",
    ),
    **dict.fromkeys(
        (
            "first_day_return",
            "gross_proceeds",
            "gross_spread",
            "market_cap",
            "money_left_on_table",
            "net_proceeds",
            "subscription_multiple",
        ),
        "ipometrics.metrics",
    ),
    **dict.fromkeys(("Figure", "Offering", "Source"), "ipometrics.models"),
    "compute": "ipometrics.vector",
    **dict.fromkeys(
        ("read_allotment_announcement", "read_over_allotment_announcement"),
        "ipometrics.announcements",
    ),
}

#: Submodules reachable as attributes (``ipm.io``, ``ipm.plotting``) without an import line.
_SUBMODULES: frozenset[str] = frozenset(
    {
        "announcements",
        "claims",
        "cli",
        "cohort",
        "errors",
        "excel",
        "frame",
        "fx",
        "hk",
        "io",
        "metrics",
        "models",
        "plotting",
        "report",
        "star",
        "validation",
        "vector",
    }
)


def __dir__() -> list[str]:
    dunders = {name for name in globals() if name.startswith("__")}
    return sorted({*dunders, *__all__, *_SUBMODULES})


if not TYPE_CHECKING:  # hidden from type checkers, so a misspelt name stays an error

    def __getattr__(name: str) -> Any:
        if name in _NAMES:
            value = getattr(importlib.import_module(_NAMES[name]), name)
        elif name in _SUBMODULES:
            value = importlib.import_module(f"{__name__}.{name}")
        else:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        globals()[name] = value  # later uses skip this function
        return value

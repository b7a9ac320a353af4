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
fx, cohort
    Dated exchange rates with sources; Ritter-style statistics across markets.
claims
    Check figures reported in the news against the records.
plotting
    Charts on Matplotlib Axes (imported on demand: ``from ipometrics import plotting``).
report, cli
    Text and HTML rendering and the ``ipometrics`` command.
"""

from ipometrics import hk, star
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
    "first_day_return",
    "gross_proceeds",
    "gross_spread",
    "hk",
    "load_offering",
    "load_offerings",
    "market_cap",
    "money_left_on_table",
    "net_proceeds",
    "read_csv",
    "read_offerings",
    "read_table",
    "save_offerings",
    "star",
    "subscription_multiple",
    "to_frame",
    "to_json",
    "to_table",
    "write_csv",
]

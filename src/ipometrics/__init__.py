"""ipometrics: typed IPO subscription analytics from sourced offering records.

>>> import ipometrics as ipm
>>> offerings = ipm.load_offerings()          # Biren, Zhipu, Iluvatar CoreX, MiniMax
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
models
    The validated, frozen :class:`Offering` record and its parts.
io
    :func:`load_offerings` for the bundled records or your own JSON.
frame
    :func:`to_frame`: one row per offering with every metric column.
report, cli
    Text rendering and the ``ipometrics`` command.
"""

from ipometrics import hk
from ipometrics.errors import FigureUnavailableError, IpoDataError
from ipometrics.frame import COLUMNS, to_frame
from ipometrics.io import load_offering, load_offerings
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
    "subscription_multiple",
    "to_frame",
]

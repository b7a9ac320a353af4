"""Type aliases shared across the package (defined once, used everywhere)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = ["Numeric", "Scalar"]

#: A plain number. ``Decimal`` keeps money exact; ``float`` is for analysis.
Scalar = float | Decimal

#: "Scalar, array or Series": the input kinds every formula in :mod:`ipometrics.metrics`
#: accepts. The return has the kind of the input (a Series keeps its index). ``int`` is
#: accepted wherever ``float`` is.
Numeric = TypeVar(
    "Numeric",
    float,
    Decimal,
    npt.NDArray[np.float64],
    "pd.Series[Any]",
)

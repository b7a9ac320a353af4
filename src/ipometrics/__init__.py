"""ipometrics: typed IPO subscription analytics."""

from ipometrics.io import load_offerings
from ipometrics.metrics import gross_proceeds

__all__ = ["gross_proceeds", "load_offerings"]

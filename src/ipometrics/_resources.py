"""Where the bundled data files live (no imports of the record models: usable everywhere)."""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from ipometrics.errors import IpoDataError

__all__ = ["bundled_data_path"]


def bundled_data_path() -> Traversable:
    """Where the bundled records live.

    In an installed wheel they are package data (``ipometrics/_fixtures``); in a source
    checkout (editable install) they are the repository's ``fixtures/`` folder, the one copy
    the wheel is built from.
    """
    packaged = resources.files("ipometrics") / "_fixtures"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "fixtures"
    if checkout.is_dir():
        return checkout
    raise IpoDataError(
        "the bundled records are missing: neither ipometrics/_fixtures (installed package) "
        f"nor {checkout} (source checkout) exists"
    )

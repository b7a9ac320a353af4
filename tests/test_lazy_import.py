"""``import ipometrics`` loads nothing heavy; every public name still loads on first use."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import ipometrics

HEAVY = ("matplotlib", "pandas", "numpy", "pydantic", "ipometrics.plotting", "ipometrics.hk")


def _fresh(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_import_loads_no_submodule_and_no_heavy_library() -> None:
    code = (
        "import sys, ipometrics;"
        f"print([m for m in {HEAVY!r} if m in sys.modules]);"
        "print(sorted(m for m in sys.modules if m.startswith('ipometrics.')))"
    )
    heavy, submodules = _fresh(code).splitlines()
    assert heavy == "[]"
    assert submodules == "[]"


def test_a_name_loads_only_what_it_needs() -> None:
    code = (
        "import sys, ipometrics as ipm;"
        "ipm.gross_proceeds;"
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    # The formulas need numpy and pandas, not pydantic, the records or matplotlib.
    assert _fresh(code) == "['pandas', 'numpy']"


def test_star_import_gives_every_public_name() -> None:
    code = (
        "from ipometrics import *; import ipometrics; names = dir();"
        "print(all(n in names for n in ipometrics.__all__))"
    )
    assert _fresh(code) == "True"


@pytest.mark.parametrize("name", ipometrics.__all__)
def test_every_public_name_resolves(name: str) -> None:
    value = getattr(ipometrics, name)
    assert value is not None
    assert name in dir(ipometrics)


@pytest.mark.parametrize("name", ["io", "frame", "hk", "plotting", "vector", "validation"])
def test_submodules_are_attributes(name: str) -> None:
    module = getattr(ipometrics, name)
    assert module.__name__ == f"ipometrics.{name}"
    assert name in dir(ipometrics)


def test_a_misspelt_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="module 'ipometrics' has no attribute 'to_frmae'"):
        ipometrics.to_frmae  # type: ignore[attr-defined]  # noqa: B018


def test_every_public_submodule_is_listed() -> None:
    found = {
        m.name for m in pkgutil.iter_modules(ipometrics.__path__) if not m.name.startswith("_")
    }
    assert found == set(ipometrics._SUBMODULES)

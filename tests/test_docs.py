"""Every docstring example in the package runs and gives what it shows."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import ipometrics

MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(ipometrics.__path__, "ipometrics.")
    if m.name != "ipometrics.__main__"
)


@pytest.mark.parametrize("name", ["ipometrics", *MODULES])
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_examples_exist_where_promised() -> None:
    # The formulas and the loader each show an example; a silent 0 here would hide a lost one.
    finder = doctest.DocTestFinder()
    for name in ("ipometrics.metrics", "ipometrics.io", "ipometrics.frame"):
        tests = [t for t in finder.find(importlib.import_module(name)) if t.examples]
        assert tests, name

"""README.md tells the truth: its report output is current and its code examples run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tools.update_readme import BLOCK, render

README = Path(__file__).resolve().parents[1] / "README.md"
TEXT = README.read_text(encoding="utf-8")
CODE = re.findall(r"```python\n(.*?)```", TEXT, re.S)


def test_report_block_is_current() -> None:
    assert BLOCK.search(TEXT)
    assert render(TEXT) == TEXT, "README report is stale: run `make readme`"


def test_readme_has_code_examples() -> None:
    assert len(CODE) >= 2


@pytest.mark.parametrize("code", CODE, ids=[f"block{i}" for i in range(len(CODE))])
def test_readme_code_runs(code: str) -> None:
    exec(compile(code, "README.md", "exec"), {"__name__": "readme"})

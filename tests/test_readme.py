"""README.md tells the truth: its report output is current and its code examples run."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from tools.update_readme import BLOCK, render

from .test_notebooks import chart_problems, drawing_cells

README = Path(__file__).resolve().parents[1] / "README.md"
TEXT = README.read_text(encoding="utf-8")
CODE = re.findall(r"```python\n(.*?)```", TEXT, re.S)


def test_report_block_is_current() -> None:
    assert BLOCK.search(TEXT)
    assert render(TEXT) == TEXT, "README report is stale: run `make readme`"


def test_readme_has_code_examples() -> None:
    assert len(CODE) >= 2


def test_readme_code_runs_in_a_fresh_kernel_and_shows_its_charts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # What a reader does: paste each example into a cell of a new Jupyter notebook. Each block
    # runs in its own cell of one fresh kernel, with the inline backend Jupyter picks.
    monkeypatch.delenv("MPLBACKEND", raising=False)
    nb = nbformat.v4.new_notebook()  # type: ignore[no-untyped-call]
    nb.cells = [nbformat.v4.new_code_cell(code) for code in CODE]  # type: ignore[no-untyped-call]
    NotebookClient(nb, timeout=300, kernel_name="python3").execute()
    for index, cell in enumerate(nb.cells):
        for output in cell.outputs:
            assert output.output_type != "error", f"README block {index}: {output.ename}"
    assert drawing_cells(nb), "the README has no chart example"
    problems = chart_problems(nb)
    assert not problems, "README charts not shown as images:\n" + "\n".join(problems)

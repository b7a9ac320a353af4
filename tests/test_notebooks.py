"""Every notebook under notebooks/ runs headless, top to bottom, without an error or a warning.

Notebooks are stored without outputs; this test executes a copy in a fresh kernel.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def read(path: Path) -> Any:
    return nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]


NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_the_promised_notebooks_exist() -> None:
    names = {p.stem for p in NOTEBOOKS}
    assert {
        "01_first_day_performance",
        "02_recalculate_proceeds",
        "03_clawback_and_allotment_odds",
    } <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_stored_without_outputs(path: Path) -> None:
    nb = read(path)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: a cell has stored outputs"
            assert cell.execution_count is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_without_errors_or_warnings(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The kernel picks its own inline backend, as in Jupyter; a forced Agg backend would make
    # figure display differ from what users see.
    monkeypatch.delenv("MPLBACKEND", raising=False)
    monkeypatch.setenv("PYTHONWARNINGS", "default")
    nb = read(path)
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for output in cell.outputs:
            assert output.output_type != "error", f"{path.name} cell {index}: {output.ename}"
            if output.output_type == "stream" and output.name == "stderr":
                pytest.fail(f"{path.name} cell {index} wrote to stderr:\n{output.text}")
    assert os.environ.get("MPLBACKEND") is None

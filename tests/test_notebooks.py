"""Every notebook under notebooks/ runs headless, top to bottom, without an error or a warning.

Notebooks are stored without outputs; this test executes a copy in a fresh kernel, as Jupyter
would, and checks that every cell that draws shows its chart as an image.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def read(path: Path) -> Any:
    return nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]


NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

#: A cell draws when it calls a library plotting function (``plotting.plot_x(...)``,
#: ``dashboard(...)``) or pyplot (``plt.subplots(...)``).
DRAWS = re.compile(r"\b(?:plotting\.\w+|dashboard|plt\.\w+)\s*\(")
#: The text repr of a Figure, an Axes or another Matplotlib object: what a frontend prints
#: when it has no image to show (a figure made without pyplot, or an unsuppressed return value).
FIGURE_TEXT = re.compile(r"<Figure size|<Axes|\[?<matplotlib\.")


def drawing_cells(nb: Any) -> list[int]:
    """Indices of the code cells that draw, judged from their source."""
    return [
        index
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and DRAWS.search(cell.source)
    ]


def chart_problems(nb: Any) -> list[str]:
    """What an executed notebook shows wrong about its charts (empty when nothing).

    Each drawing cell must show exactly one ``image/png``, and no output of any cell may be
    the text repr of a Matplotlib object by itself. An image's own ``text/plain`` fallback
    (``<Figure size 900x500 with 1 Axes>``, beside the ``image/png``) is not shown by Jupyter
    and is allowed.
    """
    problems: list[str] = []
    draws = set(drawing_cells(nb))
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        bundles = [o.get("data", {}) for o in cell.outputs]
        if index in draws:
            images = sum("image/png" in data for data in bundles)
            if images != 1:
                problems.append(f"cell {index} draws but shows {images} image/png outputs, not 1")
        for output, data in zip(cell.outputs, bundles, strict=True):
            text = data.get("text/plain", "") if output.output_type != "stream" else output.text
            if "image/png" not in data and FIGURE_TEXT.search(text):
                problems.append(f"cell {index} shows {text.strip()!r} as text, not as an image")
    return problems


def test_the_promised_notebooks_exist() -> None:
    names = {p.stem for p in NOTEBOOKS}
    assert {
        "01_first_day_performance",
        "02_recalculate_proceeds",
        "03_clawback_and_allotment_odds",
    } <= names


def test_drawing_cells_are_recognised() -> None:
    # The chart check below relies on DRAWS; the notebooks that plot must be seen to plot.
    for stem in ("01_first_day_performance", "03_clawback_and_allotment_odds"):
        assert drawing_cells(read(ROOT / "notebooks" / f"{stem}.ipynb")), stem


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
    problems = chart_problems(nb)
    assert not problems, f"{path.name}: charts not shown as images:\n" + "\n".join(problems)
    assert os.environ.get("MPLBACKEND") is None

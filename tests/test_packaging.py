"""The wheel carries the bundled records and the typing marker; import stays light."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    (path,) = out.glob("ipometrics-*.whl")
    return path


def test_wheel_contains_records_and_py_typed(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for key in ("zhipu", "minimax", "iluvatar_corex", "biren"):
        assert f"ipometrics/_fixtures/{key}.json" in names
        assert f"ipometrics/_fixtures/allotment/{key}.json" in names
    for key in ("moore_threads", "metax"):
        assert f"ipometrics/_fixtures/{key}.json" in names
    assert "ipometrics/_fixtures/fx/fx_rates.json" in names
    assert "ipometrics/py.typed" in names
    assert not any(n.startswith("fixtures/") for n in names)


def test_installed_wheel_loads_its_own_records(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import ipometrics as ipm, pathlib;"
        "print(pathlib.Path(ipm.__file__).parent.parent);"
        "print(len(ipm.load_offerings()));"
        "print(ipm.io.bundled_data_path())"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    where, count, data = done.stdout.split()
    assert Path(where) == site
    assert count == "6"
    assert data.startswith(str(site))


def test_import_does_not_load_matplotlib() -> None:
    code = "import sys, ipometrics; print('matplotlib' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"

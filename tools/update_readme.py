"""Refresh the generated parts of README.md: the `ipometrics report` table.

The block between ``<!-- report:start -->`` and ``<!-- report:end -->`` is the output of
``ipometrics report`` on the bundled records; ``tests/test_readme.py`` fails when it is stale.

Usage::

    python tools/update_readme.py
"""

from __future__ import annotations

import io
import re
import sys
from contextlib import redirect_stdout
from pathlib import Path

from ipometrics.cli import main as cli

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"(<!-- report:start -->\n```text\n)(.*?)(```\n<!-- report:end -->)", re.S)


def report_text() -> str:
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        status = cli(["report", "--width", "100"])
    if status != 0:
        raise SystemExit(f"ipometrics report exited {status}")
    return buffer.getvalue()


def render(readme: str) -> str:
    if not BLOCK.search(readme):
        raise SystemExit("README.md has no <!-- report:start --> ... <!-- report:end --> block")
    return BLOCK.sub(lambda m: m.group(1) + report_text() + m.group(3), readme)


def main() -> int:
    text = README.read_text(encoding="utf-8")
    README.write_text(render(text), encoding="utf-8")
    print(f"updated {README.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

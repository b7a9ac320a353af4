"""The built documentation site renders in a browser: pages are not blank, every image loads.

Needs `make docs` first (docs/_build/html) and Debian's Chromium; the tests skip without
either. `make docs-check` (CI, after `make docs`) sets IPOMETRICS_REQUIRE_DOCS=1, which turns
those skips into failures. Chromium runs headless on local files with every host name mapped to
nothing, so no test touches the network.
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import numpy as np
import pytest
from matplotlib.image import imread

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "docs" / "_build" / "html"
CHROMIUM = Path("/usr/bin/chromium")
HOME = "index.html"
NOTEBOOK = "notebooks/01_first_day_performance.html"
WIDTH, HEIGHT = 1280, 2000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _unavailable(reason: str) -> None:
    if os.environ.get("IPOMETRICS_REQUIRE_DOCS") == "1":
        pytest.fail(f"{reason} (IPOMETRICS_REQUIRE_DOCS=1)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def site() -> Path:
    if not (SITE / HOME).is_file():
        _unavailable(f"{SITE / HOME} does not exist: run `make docs`")
    return SITE


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"{CHROMIUM} is missing: apt-get install chromium")
    return CHROMIUM


def run_chromium(chromium: Path, url: str, profile: Path, *args: str) -> str:
    """Load ``url`` in headless Chromium, offline, and return its standard output."""
    command = [
        str(chromium),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--user-data-dir={profile}",
        f"--window-size={WIDTH},{HEIGHT}",
        "--virtual-time-budget=5000",
        *args,
        url,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, f"chromium failed on {url}:\n{result.stderr[-2000:]}"
    return result.stdout


class _Tags(HTMLParser):
    """The attributes of every ``<img>``, and the URLs a page loads (scripts, styles, images)."""

    def __init__(self) -> None:
        super().__init__()
        self.images: list[dict[str, str]] = []
        self.loads: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "img":
            self.images.append(values)
        if tag in {"img", "script", "iframe"} and values.get("src"):
            self.loads.append(values["src"])
        if tag == "link" and values.get("href") and values.get("rel") != "canonical":
            self.loads.append(values["href"])


def tags(page: Path) -> _Tags:
    parser = _Tags()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def image_data(page: Path, src: str) -> bytes:
    """The bytes an ``<img src>`` of ``page`` points to (a file of the build or a data URI)."""
    if src.startswith("data:"):
        header, _, payload = src.partition(",")
        assert header.endswith(";base64"), f"{page.name}: unexpected data URI {header}"
        return base64.b64decode(payload)
    parts = urlsplit(src)
    assert not parts.scheme, f"{page.name}: image from elsewhere: {src}"
    assert not parts.netloc, f"{page.name}: image from elsewhere: {src}"
    path = (page.parent / unquote(parts.path)).resolve()
    assert path.is_relative_to(SITE.resolve()), f"{page.name}: image outside the build: {src}"
    assert path.is_file(), f"{page.name}: missing image {src}"
    return path.read_bytes()


@pytest.mark.parametrize("name", [HOME, NOTEBOOK])
def test_page_loads_nothing_from_the_network(site: Path, name: str) -> None:
    remote = [url for url in tags(site / name).loads if urlsplit(url).scheme in {"http", "https"}]
    assert remote == [], f"{name} loads {remote}"


@pytest.mark.parametrize("name", [HOME, NOTEBOOK])
def test_every_image_exists(site: Path, name: str) -> None:
    page = site / name
    images = tags(page).images
    assert images, f"{name} has no image"
    for image in images:
        assert image_data(page, image.get("src", "")), f"{name}: empty image {image}"


def test_notebook_page_shows_its_charts(site: Path) -> None:
    # The notebook's figures, executed at build time, are PNGs under the build (_images/).
    page = site / NOTEBOOK
    charts = [i["src"] for i in tags(page).images if i.get("src", "").endswith(".png")]
    charts += [i["src"] for i in tags(page).images if i.get("src", "").startswith("data:image/png")]
    assert charts, f"{NOTEBOOK} shows no chart: did the notebook run with the inline backend?"
    for src in charts:
        data = image_data(page, src)
        assert data.startswith(PNG_SIGNATURE), f"{src} is not a PNG"
        assert len(data) > 10_000, f"{src} is too small for a chart ({len(data)} bytes)"


@pytest.mark.parametrize("name", [HOME, NOTEBOOK])
def test_screenshot_is_not_blank(site: Path, chromium: Path, tmp_path: Path, name: str) -> None:
    png = tmp_path / "page.png"
    run_chromium(chromium, (site / name).as_uri(), tmp_path / "profile", f"--screenshot={png}")
    assert png.is_file(), f"no screenshot of {name}"
    assert png.stat().st_size > 0, f"empty screenshot of {name}"
    pixels = imread(png)[..., :3]
    assert pixels.shape[:2] == (HEIGHT, WIDTH)
    ink = np.any(pixels < 0.9, axis=-1)  # darker than near-white
    assert ink.mean() > 0.02, f"{name}: the screenshot is almost blank"
    colours = np.unique((pixels.reshape(-1, 3) * 255).astype(np.uint8), axis=0)
    assert len(colours) > 64, f"{name}: only {len(colours)} colours in the screenshot"


#: Appended to a copy of the page: after the load event, list the images that did not load.
IMAGE_CHECK = """
<script>
window.addEventListener("load", () => {
  const images = Array.from(document.images);
  const broken = images.filter((i) => !(i.complete && i.naturalWidth > 0));
  const out = document.createElement("pre");
  out.id = "image-check";
  out.textContent = JSON.stringify({
    total: images.length,
    broken: broken.map((i) => i.getAttribute("src")),
  });
  document.body.appendChild(out);
});
</script>
"""


@pytest.mark.parametrize("name", [HOME, NOTEBOOK])
def test_every_image_loads_in_the_browser(
    site: Path, chromium: Path, tmp_path: Path, name: str
) -> None:
    # A copy of the page in tmp_path, its relative URLs resolved against the build (<base>),
    # reports img.complete and naturalWidth of every image into the DOM Chromium dumps.
    page = site / name
    text = page.read_text(encoding="utf-8")
    assert text.count("<head>") == 1
    assert text.count("</body>") == 1
    text = text.replace("<head>", f'<head><base href="{page.parent.as_uri()}/">')
    copy = tmp_path / "page.html"
    copy.write_text(text.replace("</body>", IMAGE_CHECK + "</body>"), encoding="utf-8")
    dom = run_chromium(chromium, copy.as_uri(), tmp_path / "profile", "--dump-dom")
    found = re.search(r'<pre id="image-check"[^>]*>(.*?)</pre>', dom, re.DOTALL)
    assert found, f"{name}: the image check did not run"
    report = json.loads(html.unescape(found.group(1)))
    assert report["total"] == len(tags(page).images)
    assert report["broken"] == [], f"{name}: images that did not load: {report['broken']}"

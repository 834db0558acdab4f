"""The Dagster UI in a real browser: the stewards' console shows layers, partitions, checks.

Starts dagster-webserver on a free loopback port with a throw-away DAGSTER_HOME, materialises
the pipeline on the snapshot into it (``siharvest run``), then drives Debian's chromium with
Playwright. Screenshots go to the test's folder, and also to $SIH_SCREENSHOT_DIR when set
(that is how docs/asset-graph.png in the README was made).
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
SOURCES = [
    "bg_social_innovations_club",
    "eu_esf_ro",
    "hu_mgfu",
    "pl_innowacjespoleczne",
    "sk_mpsvr",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(1)
    raise TimeoutError(f"{url} did not answer within {timeout_s}s")


@pytest.fixture(scope="module")
def ui(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, Path]]:
    assert Path(CHROMIUM).exists(), "chromium is missing: `make test` installs it (apt-get)"
    root = tmp_path_factory.mktemp("ui")
    home = root / "dagster_home"
    home.mkdir()
    shutil.copy(REPO / "dagster_home" / "dagster.yaml", home / "dagster.yaml")
    env = dict(os.environ, DAGSTER_HOME=str(home), SIH_DATA_DIR=str(root / "data"))
    run = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "run"], cwd=REPO, env=env,
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "dagster_webserver", "-h", "127.0.0.1", "-p", str(port),
         "-m", "pipelines.definitions"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/server_info")
        # A fresh DAGSTER_HOME shows a "join the community" pop-up over every page.
        request = urllib.request.Request(
            f"{base}/graphql", data=json.dumps({"query": "mutation { setNuxSeen }"}).encode(),
            headers={"Content-Type": "application/json"},
        )  # fmt: skip
        urllib.request.urlopen(request, timeout=10).close()
        yield base, root / "data", root
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="module")
def page(ui: tuple[str, Path, Path]) -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        yield page
        browser.close()


def _open(page: Page, url: str, expect: list[str], timeout_s: float = 60) -> str:
    page.goto(url, wait_until="networkidle", timeout=timeout_s * 1000)
    deadline = time.monotonic() + timeout_s
    text = ""
    while time.monotonic() < deadline:
        text = page.inner_text("body")
        if all(word in text for word in expect):
            return text
        page.wait_for_timeout(500)
    missing = [word for word in expect if word not in text]
    raise AssertionError(f"{url}: not shown: {missing}\n--- page text ---\n{text[:2000]}")


def _screenshot(page: Page, root: Path, name: str) -> None:
    page.screenshot(path=str(root / name))
    if target := os.environ.get("SIH_SCREENSHOT_DIR"):
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(root / name, Path(target) / name)


def test_asset_graph_shows_the_layers(ui: tuple[str, Path, Path], page: Page) -> None:
    base, _, root = ui
    page.set_viewport_size({"width": 1900, "height": 800})
    _open(page, f"{base}/asset-groups", ["bronze", "silver", "gold"])
    page.get_by_text("Hide navigation").click()
    # Layer groups start collapsed: open each with its "unfold" toggle.
    toggles = page.locator('[aria-label="unfold_more"]')
    for _ in range(3):
        if toggles.count() == 0:
            break
        toggles.first.click()
        page.wait_for_timeout(700)
    # The expanded graph is wider than the window: close the asset tree and zoom out so
    # every asset is drawn (the graph only renders what is in view).
    page.locator('[aria-label="panel_show_right"]').last.click()
    page.wait_for_timeout(500)
    for _ in range(5):
        page.locator('[aria-label="zoom_out"]').first.click()
        page.wait_for_timeout(400)
    page.wait_for_timeout(1000)
    text = page.inner_text("body")
    _screenshot(page, root, "asset-graph.png")
    page.set_viewport_size({"width": 1400, "height": 900})
    for asset in (
        "raw_pages",
        "records",
        "translated_records",
        "initiatives",
        "warehouse",
        "release",
    ):
        assert asset in text, f"{asset} not shown in the asset graph"


def test_partitions_are_the_sources(ui: tuple[str, Path, Path], page: Page) -> None:
    base, _, root = ui
    _open(page, f"{base}/assets/raw_pages?view=partitions", SOURCES)
    _screenshot(page, root, "raw-pages-partitions.png")


def test_quality_checks_are_visible_with_their_names(
    ui: tuple[str, Path, Path], page: Page
) -> None:
    base, _, root = ui
    _open(
        page,
        f"{base}/assets/warehouse?view=checks",
        ["min_records_per_source", "unique_record_ids", "required_fields", "fill_rates"],
    )
    # Severity shows as blocking (error-level, gates the release) or non-blocking (warning).
    page.get_by_text("min_records_per_source").first.click()
    page.get_by_text("blocking", exact=True).first.wait_for(timeout=30_000)
    assert "This is a blocking asset check" in page.inner_text("body")
    page.get_by_text("fill_rates").first.click()
    page.get_by_text("non-blocking", exact=True).first.wait_for(timeout=30_000)
    _screenshot(page, root, "warehouse-checks.png")


def test_release_page_shows_the_published_version(ui: tuple[str, Path, Path], page: Page) -> None:
    base, data, root = ui
    version = (data / "releases" / "LATEST").read_text().strip()
    _open(page, f"{base}/assets/release", ["release", version])
    _screenshot(page, root, "release.png")

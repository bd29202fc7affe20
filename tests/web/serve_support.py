"""`drafter serve` started for real on 127.0.0.1 (a free port, a temp state directory, a copy of the
corpus) and stopped after; and headless Chromium driven by Selenium through Debian's chromedriver.
Nothing is downloaded: Selenium gets the driver's path, so Selenium Manager never runs."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
DRAFTER = Path(sys.executable).parent / "drafter"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SHOTS = Path(os.environ.get("DRAFTER_SHOTS", "")) if os.environ.get("DRAFTER_SHOTS") else None

needs_browser = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="needs Debian's chromium and chromedriver: apt-get install -y chromium chromium-driver (.ci/run does)",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One `drafter serve` process."""

    def __init__(self, workdir: Path, *args: str, host: str = "127.0.0.1", env: dict | None = None) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.state = workdir / "state"
        self.corpus = workdir / "corpus"
        if not self.corpus.exists():
            shutil.copytree(ROOT / "corpus", self.corpus)
        environ = {**os.environ, "DRAFTER_STATE_DIR": str(self.state), "DRAFTER_CORPUS": str(self.corpus), "DRAFTER_EMBEDDING": "hash", **(env or {})}
        self.proc = subprocess.Popen(
            [str(DRAFTER), "serve", "--host", host, "--port", str(self.port), *args],
            cwd=workdir, env=environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        self.announce = self.proc.stdout.readline().strip()  # "drafter serve: open http://…"
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"drafter serve exited: {self.proc.stderr.read()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("drafter serve did not start listening within 30 s")

    def client(self, **kwargs) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60, **kwargs)

    def stop(self) -> str:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        return self.proc.stderr.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("serve"))
    yield s
    s.stop()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("needs Debian's chromium and chromedriver: apt-get install -y chromium chromium-driver (.ci/run does)")
    os.environ["SE_OFFLINE"] = "true"  # belt and braces: Selenium Manager must not reach out
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-default-apps", "--window-size=1400,1000",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):  # fmt: skip
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.downloads = downloads
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()

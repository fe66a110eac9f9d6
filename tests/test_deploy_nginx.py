"""The live app behind nginx (deploy/): two replicas, sticky sessions, gzip, cached static assets, and the
static edition beside it. Skipped where nginx is not installed (.ci/run installs it)."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.browser import chromium_available, wait_for_map
from tests.support.server import free_port
from cbe_dash.site.transfer import TransferMeter
from tests.conftest import ROOT
from tests.test_site import built_site

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").is_file() else None)
#: In the static-site tests' worker: the built site (tests/test_site.py: built_site, ~7 s) is built once.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("static-site"),
              pytest.mark.skipif(NGINX is None, reason="nginx is not installed (.ci/run installs it with apt-get)")]


@pytest.fixture(scope="module")
def proxy() -> Iterator[str]:
    """deploy/run_local.sh on free loopback ports: nginx in front of two Streamlit replicas."""
    if not chromium_available():
        pytest.skip("Debian chromium is not installed")
    run_dir = Path(tempfile.mkdtemp(prefix="cbe-dash-deploy-"))
    port = free_port()
    base = free_port()
    while free_port() == base + 1:  # the script takes BASE_PORT and BASE_PORT + 1
        pass
    env = {**os.environ, "RUN_DIR": str(run_dir), "PORT": str(port), "BASE_PORT": str(base),
           "SITE_DIR": str(built_site()), "DETACH": "1", "NGINX_BIN": str(NGINX)}
    try:
        with (run_dir / "run_local.out").open("wb") as log:  # a file: nginx's daemon would hold a pipe open
            subprocess.run(["bash", str(ROOT / "deploy/run_local.sh")], env=env, check=True, timeout=120,
                           stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        yield f"http://127.0.0.1:{port}"
    finally:
        subprocess.run(["bash", str(ROOT / "deploy/stop_local.sh"), str(run_dir)], env=env, timeout=30)
        shutil.rmtree(run_dir, ignore_errors=True)


def body_bytes(url: str, *, gzip: bool) -> tuple[int, str | None]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return len(response.read()), response.headers.get("Content-Encoding")


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:  # e.g. a session's media file, gone once its page closed
        return exc.code


def test_map_through_nginx_and_its_first_load_gzipped(browser, proxy):
    page = browser.new_context().new_page()
    meter = TransferMeter.attach(page)
    page.goto(proxy + "/Policy")
    assert wait_for_map(page, 51, 60_000) == 51
    page.context.close()
    assets = [u for u in meter.urls if u.startswith(proxy) and "/_stcore/" not in u
              and "/media/" not in u and status(u) == 200]
    plain = sum(body_bytes(u, gzip=False)[0] for u in assets)
    packed = sum(body_bytes(u, gzip=True)[0] for u in assets)
    print(f"first load of /Policy through nginx: {meter.total / 1e6:.2f} MB received by the browser; "
          f"its {len(assets)} files: {plain / 1e6:.2f} MB plain, {packed / 1e6:.2f} MB gzipped")
    assert packed < 0.45 * plain
    assert meter.total < 0.5 * plain  # the browser got the compressed copies
    main_js = next(u for u in assets if "/static/js/index" in u)
    assert body_bytes(main_js, gzip=True)[1] == "gzip"


def test_static_assets_are_cached_for_a_year(proxy):
    html = urllib.request.urlopen(proxy + "/", timeout=30).read().decode()
    script = html.split('src="', 2)[1].split('"')[0] if 'src="' in html else ""
    assert "static/js/" in script
    url = f"{proxy}/{script.lstrip('./')}"
    with urllib.request.urlopen(url, timeout=30) as first:
        assert "immutable" in first.headers["Cache-Control"]
        first.read()  # nginx files the response in its cache once it has been sent whole
    states = []
    for _ in range(20):  # the cache file is renamed into place just after the last byte: allow a moment
        with urllib.request.urlopen(url, timeout=30) as again:
            again.read()
            states.append(again.headers["X-Cache"])
        if states[-1] == "HIT":
            break
        time.sleep(0.1)
    assert states[-1] == "HIT", states


def test_a_visitor_stays_on_one_replica(proxy):
    with urllib.request.urlopen(proxy + "/", timeout=30) as first:
        cookie = first.headers["Set-Cookie"].split(";")[0]
    assert cookie.startswith("cbe_route=")
    replicas = set()
    for _ in range(6):
        request = urllib.request.Request(proxy + "/_stcore/health", headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=30) as response:
            replicas.add(response.headers["X-Replica"])
    assert len(replicas) == 1


def test_static_edition_served_beside_the_app(browser, proxy):
    page = browser.new_context().new_page()
    page.goto(proxy + "/site/maps/league.html")
    assert wait_for_map(page, 51, 20_000) == 51
    page.context.close()

"""The static edition beside the floor and the live app, measured in one run (used by bench.py).

- new visitor -> first map: a fresh browser context (empty cache, as a first-time visitor) opens the page
  of a server that is already up (a deployment does not start per visitor; each server has served one
  warm-up visit first) until 51 state shapes are drawn; static page, floor app and live app interleaved.
- bytes transferred for that visit: what Chromium received (compressed bodies, headers, websocket frames).
  The static site is served gzipped, as nginx (deploy/) or any CDN serves it; a plain, uncompressed
  server is measured too, for the record.
- static year step: arrow key -> the map drawn again with the new year in its title, sweeping the Policy
  page's years; timed in the page (keydown -> next frame painted: the budgeted figure) and from the harness
  (playwright key press + polling each frame, as the app's "year change -> redraw" rows; their round trips
  through playwright add a few to tens of ms on a busy machine).
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.support.browser import MAP_SHAPES, OfflineBrowser, wait_for_map
from tests.support.server import running_app
from cbe_dash.data import load_datasets, resolve_data_dir
from cbe_dash.site.build import build_site
from cbe_dash.site.serve import serve_directory
from cbe_dash.site.transfer import TransferMeter

STATIC_PAGE = "maps/policy-credit_policy.html"
FIRST_MAP_RATIO = 0.35
STATIC_MB = 1.5
STEP_MS = 50.0
TIMEOUT_MS = 90_000
#: Pause after each year step, so the next starts from a quiet page (as the app's rows wait for an idle app).
QUIET_MS = 300


def visit(ob: OfflineBrowser, url: str) -> dict[str, float]:
    """One new visitor: fresh context, page open -> 51 shapes drawn; ms and bytes received."""
    page = ob.new_page(isolated=True)
    try:
        meter = TransferMeter.attach(page)
        t0 = time.perf_counter()
        page.goto(url, wait_until="commit")
        wait_for_map(page, MAP_SHAPES, TIMEOUT_MS)
        ms = (time.perf_counter() - t0) * 1000
        page.wait_for_timeout(200)  # let late responses finish so their bytes count
        return {"ms": ms, "bytes": meter.total}
    finally:
        page.context.close()


#: In the page: an arrow key's keydown -> the map redrawn with that year's title and 51 shapes -> the next
#: frame painted. No harness round trips in it (those are in the other figure).
_IN_PAGE_STEP_JS = """async (key) => {
  const t0 = performance.now();
  document.dispatchEvent(new KeyboardEvent('keydown', {key: key, bubbles: true}));
  const year = document.getElementById('year-label').textContent;
  const drawn = () => {
    const plot = document.querySelector('#map .buffer:not(.hidden)');
    const title = (plot.querySelector('.gtitle') || {}).textContent || '';
    return title.includes(year) && plot.querySelectorAll('path.choroplethlocation').length === 51;
  };
  while (!drawn()) { await new Promise(r => requestAnimationFrame(r)); }
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  return performance.now() - t0;
}"""


def _direction(page: Any, key: str) -> str:
    if page.locator("#prev").is_disabled():
        return "ArrowRight"
    if page.locator("#next").is_disabled():
        return "ArrowLeft"
    return key


def year_steps(ob: OfflineBrowser, url: str, changes: int) -> tuple[list[float], list[float]]:
    """ms from an arrow key to the static map redrawn with the new year in its title: as the harness sees
    it (playwright key press, polling every frame: the method of the app's redraw rows), and in the page."""
    page = ob.new_page(isolated=True)
    try:
        page.goto(url)
        wait_for_map(page, MAP_SHAPES, TIMEOUT_MS)
        samples: list[float] = []
        in_page: list[float] = []
        key = "ArrowLeft"
        for _ in range(changes):
            key = _direction(page, key)
            in_page.append(float(page.evaluate(_IN_PAGE_STEP_JS, key)))
            page.wait_for_timeout(QUIET_MS)
        for _ in range(changes):
            key = _direction(page, key)
            t0 = time.perf_counter()
            page.keyboard.press(key)
            year = page.locator("#year-label").inner_text()
            wait_for_map(page, MAP_SHAPES, 10_000, title=year)
            samples.append((time.perf_counter() - t0) * 1000)
            page.wait_for_timeout(QUIET_MS)
        return samples, in_page
    finally:
        page.context.close()


def new_visitor_section(ob: OfflineBrowser, runs: int, changes: int, env: dict[str, str], root: Path,
                        app_script: str, floor_script: str, cold_path: str,
                        summary: Callable[[list[float]], dict[str, Any]]) -> dict[str, Any]:
    out_dir = Path(tempfile.mkdtemp(prefix="cbe-dash-bench-site-"))
    try:
        t0 = time.perf_counter()
        build_site(load_datasets(resolve_data_dir(env.get("CBE_DASH_DATA_DIR"))), out_dir)
        build_s = round(time.perf_counter() - t0, 1)
        samples: dict[str, list[dict[str, float]]] = {"static": [], "floor": [], "app": []}
        with serve_directory(out_dir, gzip=True) as static_url, serve_directory(out_dir) as plain_url, \
                running_app(root, script=floor_script, env=env, timeout_s=90) as floor, \
                running_app(root, script=app_script, env=env, timeout_s=90) as app:
            urls = {"static": static_url + STATIC_PAGE, "floor": floor.url + "/", "app": app.url + cold_path}
            for url in urls.values():  # warm-up: each server has served someone before
                visit(ob, url)
            for i in range(runs):
                for key, url in urls.items():
                    print(f"  new visitor {key} {i + 1}/{runs}", file=sys.stderr)
                    samples[key].append(visit(ob, url))
            plain = visit(ob, plain_url + STATIC_PAGE)
            print("  static year steps", file=sys.stderr)
            steps, in_page = year_steps(ob, static_url + STATIC_PAGE, changes)
        result: dict[str, Any] = {"status": "ok", "site_build_s": build_s, "page": STATIC_PAGE,
                                  "static_uncompressed": {"ms": round(plain["ms"], 1), "bytes": plain["bytes"]},
                                  "static_year_step_ms": summary(steps),
                                  "static_year_step_in_page_ms": summary(in_page)}
        for key, rows in samples.items():
            result[key] = {"first_map_ms": summary([r["ms"] for r in rows]),
                           "bytes": summary([r["bytes"] for r in rows])}
        return result
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)


def _median(res: dict[str, Any], *keys: str) -> float | None:
    for k in keys:
        res = res.get(k) if isinstance(res, dict) else None  # type: ignore[assignment]
    return res if isinstance(res, (int, float)) else None


def checks(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Table rows for bench.py (fields of its Check)."""
    nv = results.get("new_visitor")
    if not nv:
        return []
    if nv.get("status") != "ok":
        return [{"measure": "new visitor -> first map", "subject": "static", "value": None, "unit": "ms",
                 "verdict": "ERROR", "note": nv.get("error", "")}]
    floor_ms = _median(nv, "floor", "first_map_ms", "median")
    rows = []
    for key in ("static", "app"):
        value = _median(nv, key, "first_map_ms", "median")
        ok = None if key == "app" or value is None or floor_ms is None else value <= FIRST_MAP_RATIO * floor_ms
        rows.append({"measure": "new visitor -> first map", "subject": key, "value": value, "unit": "ms",
                     "floor": floor_ms, "budget": f"<= {FIRST_MAP_RATIO}x floor" if key == "static" else "",
                     "verdict": "info" if ok is None else ("PASS" if ok else "FAIL")})
    floor_kb = (_median(nv, "floor", "bytes", "median") or 0) / 1024 or None
    for key in ("static", "app"):
        kb = (_median(nv, key, "bytes", "median") or 0) / 1024 or None
        ok = None if key == "app" or kb is None else kb <= STATIC_MB * 1024
        rows.append({"measure": "new visitor -> bytes transferred", "subject": key + (" (gzip)" if key == "static" else ""),
                     "value": kb, "unit": "KB", "floor": floor_kb,
                     "budget": f"<= {STATIC_MB} MB" if key == "static" else "",
                     "verdict": "info" if ok is None else ("PASS" if ok else "FAIL")})
    plain_kb = _median(nv, "static_uncompressed", "bytes")
    rows.append({"measure": "new visitor -> bytes transferred", "subject": "static (no gzip)",
                 "value": plain_kb / 1024 if plain_kb else None, "unit": "KB", "floor": floor_kb, "verdict": "info"})
    step = _median(nv, "static_year_step_in_page_ms", "median")
    rows.append({"measure": "static year step -> painted (in page)", "subject": "Policy", "value": step,
                 "unit": "ms", "budget": f"<= {STEP_MS:.0f} ms",
                 "verdict": "ERROR" if step is None else ("PASS" if step <= STEP_MS else "FAIL")})
    harness = _median(nv, "static_year_step_ms", "median")
    rows.append({"measure": "static year step -> redraw (harness)", "subject": "Policy", "value": harness,
                 "unit": "ms", "verdict": "info" if harness is not None else "ERROR",
                 "note": "playwright key press + polling, the method of the app's redraw rows"})
    return rows

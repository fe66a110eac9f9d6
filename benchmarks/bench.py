"""CBE Dash performance benchmark: the app's figures beside the floor app's, measured in the same run.

    python benchmarks/bench.py [--quick] [--out PATH] [--data-dir DIR]
    python benchmarks/bench.py --profile pages/1_Policy.py     # pyinstrument on AppTest runs of one page

Measures (see benchmarks/README.md): cold start to first map drawn, year-change redraw, server script time
per rerun (cold and warm, via AppTest), figure payload, server RSS with 1 and N browser sessions, and the
static edition beside the floor and the app (new visitor's first map, bytes transferred, year step).
Each app figure is compared with benchmarks/floor_app.py and judged against the budget. A missing or
failing page is recorded as such; the run never stops on one. Timings are reported, never asserted.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(REPO))
#: The app under test (its app.py, pages/ and .streamlit/); --app-dir points it at a stand-in app.
ROOT = REPO

from tests.support.browser import (  # noqa: E402  (needs REPO on sys.path when run as a script)
    MAP_SHAPES,
    AppServer,
    OfflineBrowser,
    offline_browser,
    running_app,
    wait_for_idle,
    wait_for_map,
)

import static_bench  # noqa: E402  (benchmarks/ is on sys.path as the script's folder)
from year_steps import PAGE_LOAD_TIMEOUT_MS, Stepper, error_text, interleaved_steps, open_stepper  # noqa: E402

FLOOR_SCRIPT = str(BENCH_DIR / "floor_app.py")  # absolute: served from the app's folder, same config
FLOOR_KEY = "floor"
MAP_ALONE_SCRIPT = str(BENCH_DIR / "map_alone_app.py")
MAP_ALONE_KEY = "map alone"
MAP_PAGES = ("pages/1_Policy.py", "pages/2_League.py", "pages/3_Connectivity.py")
COLD_PAGE = MAP_PAGES[0]
DEFAULT_OUT = BENCH_DIR / "results" / "latest.json"
RESULT_MARK = "BENCH-RESULT "

# Budgets (the lead's): ratios to the floor, an absolute margin, absolute sizes.
COLD_RATIO = 1.3
REDRAW_RATIO = 1.5
WARM_MARGIN_MS = 30.0
PAYLOAD_KB = 150.0
RSS_MB = 300.0


@dataclass(frozen=True)
class Settings:
    """Repetitions; --quick trades precision for a shorter run."""

    cold_runs: int = 5
    changes: int = 20
    warm_runs: int = 10
    sessions: int = 10


QUICK = Settings(cold_runs=2, changes=5, warm_runs=3, sessions=3)


@dataclass(frozen=True)
class Target:
    """Something served: the app (from its entry script) or the floor; map pages by URL path."""

    name: str
    script: str  # relative to ROOT (or absolute); ROOT is the server's cwd, so its config.toml applies

    def url_path(self, page_file: str | None) -> str:
        return "/" if page_file is None else "/" + page_url_name(page_file)


APP = Target("app", "app.py")
FLOOR = Target("floor", FLOOR_SCRIPT)
#: Diagnostic: the app's Policy map with only a Year slider (its redraw is info, not budgeted).
MAP_ALONE = Target(MAP_ALONE_KEY, MAP_ALONE_SCRIPT)


def page_url_name(page_file: str) -> str:
    """Streamlit's URL path for a pages/ file: "pages/1_Policy.py" -> "Policy"."""
    return re.sub(r"^\d+_", "", Path(page_file).stem)


def summary(samples: list[float]) -> dict[str, Any]:
    """Median plus spread, rounded for reading; the raw samples are kept beside it."""
    if not samples:
        return {"n": 0}
    return {
        "n": len(samples),
        "median": round(statistics.median(samples), 1),
        "min": round(min(samples), 1),
        "max": round(max(samples), 1),
        "samples": [round(s, 1) for s in samples],
    }


def attempt(what: str, fn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run one measurement; an exception becomes a recorded error instead of ending the benchmark."""
    try:
        return {"status": "ok", **fn()}
    except Exception as exc:  # noqa: BLE001 - any failure is a result to report
        print(f"  ! {what}: {type(exc).__name__}: {exc}".splitlines()[0][:300], file=sys.stderr)
        return {"status": "error", "error": error_text(exc)}


def missing(path: Path) -> dict[str, Any] | None:
    return None if path.is_file() else {"status": "missing", "error": f"{path} not found"}


# ------------------------------------------------------------------------------- server script (AppTest)


def apptest_worker(script: Path, warm_runs: int, year_changes: int) -> dict[str, Any]:
    """In a fresh process: time the first AppTest run (cold), `warm_runs` reruns and `year_changes`
    reruns after a year change; read chart payloads."""
    from streamlit.testing.v1 import AppTest

    started = time.perf_counter()
    at = AppTest.from_file(str(script), default_timeout=60)
    at.run()
    cold_ms = (time.perf_counter() - started) * 1000
    errors = [str(e.message)[:500] for e in at.exception]
    charts = [chart_info(el.proto) for el in at.get("plotly_chart")]
    warm: list[float] = []
    for _ in range(warm_runs):
        t0 = time.perf_counter()
        at.run()
        warm.append((time.perf_counter() - t0) * 1000)
    year = year_sweep(at, year_changes)
    errors += [str(e.message)[:500] for e in at.exception if str(e.message)[:500] not in errors]
    return {"cold_ms": round(cold_ms, 1), "warm_ms": summary(warm), "year_change_ms": summary(year),
            "errors": errors, "charts": charts}


def year_sweep(at: Any, changes: int, label: str = "Year") -> list[float]:
    """Server side of a year change: set the Year slider (numeric over consecutive years, or a
    select_slider) to the next year and time the rerun, sweeping the range back and forth (so years not
    seen yet miss the caches, as in the browser)."""
    def thumb() -> Any:
        return next((s for s in [*at.slider, *at.select_slider] if s.label == label), None)

    if thumb() is None:
        return []
    numeric = not getattr(thumb(), "options", None)  # AppTest's Slider carries an empty `options` too
    options = ([str(y) for y in range(int(thumb().min), int(thumb().max) + 1)] if numeric
               else list(thumb().options))
    as_value = (lambda o: int(o)) if isinstance(thumb().value, int) else (lambda o: o)
    current = str(thumb().value)
    i, step, out = (options.index(current) if current in options else 0), 1, []
    for _ in range(min(changes, 4 * len(options))):
        if not 0 <= i + step < len(options):
            step = -step
        i += step
        thumb().set_value(as_value(options[i]))
        t0 = time.perf_counter()
        at.run()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def chart_info(proto: Any) -> dict[str, Any]:
    """A plotly_chart element's figure JSON size (what the browser receives) and its trace types."""
    spec: str = proto.spec
    try:
        traces = [t.get("type", "scatter") for t in json.loads(spec).get("data", [])]
        title = json.loads(spec).get("layout", {}).get("title", {}).get("text", "")
    except (ValueError, AttributeError):
        traces, title = [], ""
    return {
        "spec_kb": round(len(spec.encode()) / 1024, 1),
        "message_kb": round(proto.ByteSize() / 1024, 1),
        "traces": traces,
        "title": title,
    }


def script_times(script: Path, settings: Settings, env: dict[str, str]) -> dict[str, Any]:
    """Run apptest_worker in a subprocess so that "cold" really is a first run in a fresh process."""
    gone = missing(script)
    if gone:
        return gone

    def run() -> dict[str, Any]:
        proc = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--apptest-worker", str(script),
             "--warm-runs", str(settings.warm_runs), "--year-changes", str(settings.warm_runs),
             "--app-dir", str(ROOT)],
            cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=300,
        )
        for line in reversed(proc.stdout.splitlines()):
            if line.startswith(RESULT_MARK):
                return json.loads(line[len(RESULT_MARK):])
        raise RuntimeError(f"worker exited {proc.returncode}: {proc.stderr.strip()[-1500:]}")

    result = attempt(f"script time {script.name}", run)
    if result["status"] == "ok" and result.get("errors"):
        result["status"] = "error"
        result["error"] = "page raised: " + result["errors"][0]
    return result


def script_section(settings: Settings, env: dict[str, str]) -> dict[str, Any]:
    """Every page file plus app.py, and the floor."""
    files = ["app.py", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py")),
             *[p for p in MAP_PAGES if not (ROOT / p).is_file()]]
    out: dict[str, Any] = {}
    for rel in dict.fromkeys(files):
        print(f"  script time: {rel}", file=sys.stderr)
        out[rel] = script_times(ROOT / rel, settings, env)
    print(f"  script time: {FLOOR_KEY}", file=sys.stderr)
    out[FLOOR_KEY] = script_times(Path(FLOOR_SCRIPT), settings, env)
    return out


# ------------------------------------------------------------------------------------------ browser


def server_rss_mb(pid: int) -> float:
    """Resident memory of the server and all its children."""
    import psutil

    proc = psutil.Process(pid)
    total = proc.memory_info().rss
    for child in proc.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.Error:
            pass
    return round(total / 2**20, 1)


@contextmanager
def serve(target: Target, env: dict[str, str]) -> Iterator[AppServer]:
    with running_app(ROOT, script=target.script, env=env, timeout_s=90) as server:
        yield server


def cold_start_once(ob: OfflineBrowser, target: Target, path: str, env: dict[str, str]) -> dict[str, float]:
    """Launch a fresh server, open `path` in a fresh context; ms from launch to the map fully drawn."""
    page = ob.new_page(isolated=True)  # created first: the browser's own start-up is not the app's cost
    try:
        with serve(target, env) as server:
            page.goto(server.url + path, wait_until="domcontentloaded")
            loaded = time.perf_counter()
            page.wait_for_selector(".js-plotly-plot", state="attached", timeout=PAGE_LOAD_TIMEOUT_MS)
            first_chart = time.perf_counter()
            shapes = wait_for_map(page, MAP_SHAPES, PAGE_LOAD_TIMEOUT_MS)
            done = time.perf_counter()
            return {  # phases, to tell server start, page load, script run and drawing apart
                "total_ms": (done - server.started_at) * 1000,
                "health_ms": (server.ready_at - server.started_at) * 1000,
                "dom_loaded_ms": (loaded - server.started_at) * 1000,
                "first_chart_ms": (first_chart - server.started_at) * 1000,
                "shapes": shapes,
            }
    finally:
        page.context.close()


def cold_section(ob: OfflineBrowser, settings: Settings, env: dict[str, str]) -> dict[str, Any]:
    """App and floor interleaved (drift hits both alike), after one unrecorded warm-up of the browser."""
    plan = {"app": (APP, APP.url_path(COLD_PAGE)), "floor": (FLOOR, FLOOR.url_path(None))}
    runs: dict[str, list[dict[str, float]]] = {k: [] for k in plan}
    errors: dict[str, str] = {}
    if not (ROOT / COLD_PAGE).is_file() or not (ROOT / APP.script).is_file():
        errors["app"] = f"missing: {COLD_PAGE} or {APP.script}"
    attempt("warm-up", lambda: cold_start_once(ob, FLOOR, "/", env))
    for i in range(settings.cold_runs):
        for key, (target, path) in plan.items():
            if key in errors:
                continue
            print(f"  cold start {key} {i + 1}/{settings.cold_runs}", file=sys.stderr)
            res = attempt(f"cold start {key}", lambda: cold_start_once(ob, target, path, env))
            if res["status"] == "ok":
                runs[key].append(res)
            else:
                errors[key] = res["error"]
    out: dict[str, Any] = {}
    for key, (_, path) in plan.items():
        samples = runs[key]
        out[key] = {
            "status": "ok" if key not in errors else ("missing" if errors[key].startswith("missing") else "error"),
            **({"error": errors[key]} if key in errors else {}),
            "page": path,
            **{k: summary([r[k] for r in samples])
               for k in ("total_ms", "health_ms", "dom_loaded_ms", "first_chart_ms")},
        }
    return out


def memory_profile(ob: OfflineBrowser, server: AppServer, path: str, sessions: int) -> dict[str, Any]:
    """Server RSS at rest, after one session has drawn its map, and after `sessions` concurrent ones have
    (opened all at once, as a class following a presenter's link would)."""
    rss: dict[str, float] = {"rss_mb_0": server_rss_mb(server.pid)}
    context = ob.new_context()
    try:
        first = context.new_page()
        first.goto(server.url + path)
        wait_for_map(first, MAP_SHAPES, PAGE_LOAD_TIMEOUT_MS)
        wait_for_idle(first)
        rss["rss_mb_1"] = server_rss_mb(server.pid)
        others = [context.new_page() for _ in range(sessions - 1)]
        for page in others:
            page.goto(server.url + path, wait_until="commit")
        for page in others:
            wait_for_map(page, MAP_SHAPES, PAGE_LOAD_TIMEOUT_MS)
            wait_for_idle(page)
        rss["rss_mb_n"] = server_rss_mb(server.pid)
        return {"sessions": sessions, **rss}
    finally:
        context.close()


def served_section(ob: OfflineBrowser, settings: Settings, env: dict[str, str]) -> dict[str, Any]:
    """All servers up at once: memory first (each from a fresh server), then year changes on every map
    page, the floor and the map-alone page, interleaved step by step."""
    out: dict[str, Any] = {"memory": {}, "interaction": {}}
    plans = [
        (APP, [(page_url_name(p), p) for p in MAP_PAGES]),
        (FLOOR, [("floor", None)]),
        (MAP_ALONE, [(MAP_ALONE_KEY, None)]),
    ]
    with ExitStack() as stack:
        servers: dict[str, AppServer] = {}
        for target, pages in plans:
            try:
                if not (ROOT / target.script).is_file():
                    raise FileNotFoundError(f"{target.script} not found")
                servers[target.name] = stack.enter_context(serve(target, env))
            except Exception as exc:  # noqa: BLE001 - the server itself failed to start
                err = {"status": "missing" if isinstance(exc, FileNotFoundError) else "error",
                       "error": error_text(exc)}
                out["memory"][target.name] = err
                out["interaction"].update({label: err for label, _ in pages})
        for target, path in ((APP, APP.url_path(COLD_PAGE)), (FLOOR, FLOOR.url_path(None))):
            if target.name not in servers:
                continue
            if target is APP and (gone := missing(ROOT / COLD_PAGE)):
                out["memory"][target.name] = gone
                continue
            print(f"  memory {target.name}: {settings.sessions} sessions", file=sys.stderr)
            out["memory"][target.name] = attempt(
                f"memory {target.name}",
                lambda: memory_profile(ob, servers[target.name], path, settings.sessions))
        steppers: dict[str, Stepper] = {}
        for target, pages in plans:
            for label, page_file in pages:
                if target.name not in servers:
                    continue
                if page_file is not None and (gone := missing(ROOT / page_file)):
                    out["interaction"][label] = gone
                    continue
                try:
                    steppers[label] = open_stepper(ob, servers[target.name], target.url_path(page_file))
                except Exception as exc:  # noqa: BLE001 - a result to report
                    out["interaction"][label] = {"status": "error", "error": error_text(exc)}
        print(f"  year changes, interleaved: {', '.join(steppers)}", file=sys.stderr)
        out["interaction"].update(interleaved_steps(steppers, settings.changes, summary))
        for stepper in steppers.values():
            stepper.page.context.close()
    return out


# ------------------------------------------------------------------------------------------ verdicts


@dataclass
class Check:
    """One row of the table."""

    measure: str
    subject: str
    value: float | None
    unit: str
    floor: float | None = None
    budget: str = ""
    verdict: str = "info"
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.floor:
            return None
        return round(self.value / self.floor, 2)


def _get(d: dict[str, Any], *keys: str) -> Any:
    for k in keys:
        if not isinstance(d, dict):
            return None
        d = d.get(k)  # type: ignore[assignment]
    return d


def _status(res: dict[str, Any] | None) -> str | None:
    """MISSING / ERROR verdict for a result that has no number, else None."""
    if not res:
        return "MISSING"
    if res.get("status") == "missing":
        return "MISSING"
    if res.get("status") == "error":
        return "ERROR"
    return None


def judge(value: float | None, ok: bool | None, res: dict[str, Any] | None) -> str:
    bad = _status(res)
    if value is None:
        return bad or "ERROR"
    if ok is None:
        return "info"
    return ("PASS" if ok else "FAIL") + ("*" if bad else "")


def build_checks(results: dict[str, Any]) -> list[Check]:
    """Turn the raw results into table rows with ratios to the floor and PASS/FAIL against the budget."""
    checks: list[Check] = []
    cold = results.get("cold_start", {})
    for key, what in (("health_ms", "server ready"), ("dom_loaded_ms", "page loaded"),
                      ("first_chart_ms", "first chart element")):
        app_v, floor_v = _get(cold, "app", key, "median"), _get(cold, "floor", key, "median")
        checks.append(Check(f"cold start -> {what}", page_url_name(COLD_PAGE), app_v, "ms", floor_v, "",
                            judge(app_v, None, cold.get("app"))))
    app_cold, floor_cold = _get(cold, "app", "total_ms", "median"), _get(cold, "floor", "total_ms", "median")
    ok = None if app_cold is None or floor_cold is None else app_cold <= COLD_RATIO * floor_cold
    checks.append(Check("cold start -> first map", page_url_name(COLD_PAGE), app_cold, "ms", floor_cold,
                        f"<= {COLD_RATIO}x floor", judge(app_cold, ok, cold.get("app")),
                        _get(cold, "app", "error") or ""))

    inter = results.get("interaction", {})
    floor_redraw = _get(inter, "floor", "redraw_ms", "median")
    floor_done = _get(inter, "floor", "rerun_done_ms", "median")
    for page_file in MAP_PAGES:
        label = page_url_name(page_file)
        value = _get(inter, label, "redraw_ms", "median")
        ok = None if value is None or floor_redraw is None else value <= REDRAW_RATIO * floor_redraw
        checks.append(Check("year change -> redraw", label, value, "ms", floor_redraw,
                            f"<= {REDRAW_RATIO}x floor", judge(value, ok, inter.get(label)),
                            _get(inter, label, "error") or ""))
        done = _get(inter, label, "rerun_done_ms", "median")
        checks.append(Check("year change -> rerun done", label, done, "ms", floor_done, "",
                            judge(done, None, inter.get(label))))
    alone = _get(inter, MAP_ALONE_KEY, "redraw_ms", "median")
    checks.append(Check("year change -> redraw", "Policy map alone", alone, "ms", floor_redraw, "",
                        judge(alone, None, inter.get(MAP_ALONE_KEY)), _get(inter, MAP_ALONE_KEY, "error") or ""))

    script = results.get("script", {})
    floor_warm = _get(script, FLOOR_KEY, "warm_ms", "median")
    floor_cold_script = _get(script, FLOOR_KEY, "cold_ms")
    floor_year = _get(script, FLOOR_KEY, "year_change_ms", "median")
    for rel, res in script.items():
        if rel == FLOOR_KEY:
            continue
        note = res.get("error", "") if isinstance(res, dict) else ""
        cold_ms = _get(res, "cold_ms")
        checks.append(Check("script, first run (cold)", rel, cold_ms, "ms", floor_cold_script, "",
                            judge(cold_ms, None, res) if _status(res) else "info", note))
        warm = _get(res, "warm_ms", "median")
        ok = None if warm is None or floor_warm is None else warm <= floor_warm + WARM_MARGIN_MS
        checks.append(Check("script, warm rerun", rel, warm, "ms", floor_warm,
                            f"<= floor + {WARM_MARGIN_MS:.0f} ms", judge(warm, ok, res), note))
        year = _get(res, "year_change_ms", "median")
        if year is not None:
            checks.append(Check("script, year change", rel, year, "ms", floor_year, "", "info"))

    floor_kb = _max_spec_kb(script.get(FLOOR_KEY))
    for page_file in MAP_PAGES:
        res = script.get(page_file)
        kb = _max_spec_kb(res)
        ok = None if kb is None else kb <= PAYLOAD_KB
        checks.append(Check("map figure payload", page_url_name(page_file), kb, "KB", floor_kb,
                            f"<= {PAYLOAD_KB:.0f} KB", judge(kb, ok, res),
                            (res or {}).get("error", "") if isinstance(res, dict) else ""))

    mem = results.get("memory", {})
    n = _get(mem, "app", "sessions") or _get(mem, "floor", "sessions")
    for key, label in (("rss_mb_1", "1 session"), ("rss_mb_n", f"{n} sessions")):
        value, floor_v = _get(mem, "app", key), _get(mem, "floor", key)
        ok = (value <= RSS_MB) if (value is not None and key == "rss_mb_n") else None
        checks.append(Check(f"server RSS, {label}", "app", value, "MB", floor_v,
                            f"<= {RSS_MB:.0f} MB" if key == "rss_mb_n" else "",
                            judge(value, ok, mem.get("app")), _get(mem, "app", "error") or ""))
    checks += [Check(**row) for row in static_bench.checks(results)]
    return checks


def _max_spec_kb(res: dict[str, Any] | None) -> float | None:
    """The page's largest plotly figure (its map; a page may also carry small trend charts)."""
    charts = _get(res or {}, "charts") or []
    return max((c["spec_kb"] for c in charts), default=None)


def render_table(checks: list[Check]) -> str:
    """Plain fixed-width table for the terminal and for pasting into a report."""
    def fmt(v: float | None, unit: str = "") -> str:
        if v is None:
            return "-"
        return f"{v:,.0f} {unit}".strip() if abs(v) >= 100 else f"{v:.1f} {unit}".strip()

    header = ("measure", "subject", "value", "floor", "ratio", "budget", "verdict")
    rows = [header] + [
        (c.measure, c.subject, fmt(c.value, c.unit), fmt(c.floor, c.unit),
         f"{c.ratio:.2f}x" if c.ratio is not None else "-", c.budget, c.verdict)
        for c in checks
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    notes = [f"  {c.subject} ({c.measure}): {c.note}" for c in checks if c.note]
    return "\n".join(lines + (["", "notes:", *notes] if notes else []))


# ------------------------------------------------------------------------------------------ driver


def machine_info() -> dict[str, Any]:
    import psutil

    def version(pkg: str) -> str | None:
        try:
            return metadata.version(pkg)
        except metadata.PackageNotFoundError:
            return None

    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, timeout=10).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        commit = None
    return {
        "cpu_count": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        **{pkg: version(pkg) for pkg in ("streamlit", "plotly", "playwright", "pandas")},
        "git_commit": commit,
    }


def run_benchmark(settings: Settings, env: dict[str, str]) -> dict[str, Any]:
    """AppTest timings first (no browser competing for the 2 cores), then everything in chromium."""
    t0 = time.perf_counter()
    results: dict[str, Any] = {
        "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "load_avg_before": [round(x, 2) for x in os.getloadavg()],
        "machine": machine_info(),
        "settings": asdict(settings),
        "budget": {"cold_ratio": COLD_RATIO, "redraw_ratio": REDRAW_RATIO, "warm_margin_ms": WARM_MARGIN_MS,
                   "payload_kb": PAYLOAD_KB, "rss_mb": RSS_MB},
    }
    durations: dict[str, float] = {}

    def timed(name: str, fn: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        try:
            return fn()
        finally:
            durations[name] = round(time.perf_counter() - start, 1)

    print("server script time (AppTest)...", file=sys.stderr)
    results["script"] = timed("script", lambda: script_section(settings, env))
    print("browser...", file=sys.stderr)
    try:
        with offline_browser() as ob:
            results["machine"]["chromium"] = ob.version
            results["cold_start"] = timed("cold_start", lambda: cold_section(ob, settings, env))
            results.update(timed("memory_and_interaction", lambda: served_section(ob, settings, env)))
            results["new_visitor"] = timed("new_visitor", lambda: attempt("new visitor", lambda: static_bench.new_visitor_section(
                ob, settings.cold_runs, settings.changes, env, ROOT, APP.script, FLOOR_SCRIPT,
                APP.url_path(COLD_PAGE), summary)))
            results["blocked_requests"] = sorted(set(ob.blocked))
    except Exception as exc:  # noqa: BLE001 - e.g. no chromium: keep the AppTest half
        results["browser_error"] = error_text(exc)
        print(f"  ! browser: {results['browser_error']}", file=sys.stderr)
    results["section_s"] = durations
    results["elapsed_s"] = round(time.perf_counter() - t0, 1)
    results["load_avg_after"] = [round(x, 2) for x in os.getloadavg()]
    checks = build_checks(results)
    results["checks"] = [{**asdict(c), "ratio": c.ratio} for c in checks]
    return results


@contextmanager
def profiling_script_thread(profiler: Any) -> Iterator[None]:
    """AppTest runs the page in a ScriptRunner thread, out of sight of a profiler started here: wrap the
    runner's exec function so the profiler runs inside that thread for each script run."""
    from streamlit.runtime.scriptrunner import script_runner

    original = script_runner.exec_func_with_error_handling

    def wrapped(func: Any, ctx: Any) -> Any:
        profiler.start()
        try:
            return original(func, ctx)
        finally:
            profiler.stop()

    script_runner.exec_func_with_error_handling = wrapped
    try:
        yield
    finally:
        script_runner.exec_func_with_error_handling = original


def profile_page(rel: str, warm_runs: int) -> None:
    """pyinstrument over one page's cold AppTest run, its warm reruns, then year changes; prints the call
    trees and saves HTML."""
    from pyinstrument import Profiler
    from streamlit.testing.v1 import AppTest

    sys.path.insert(0, str(ROOT))
    at = AppTest.from_file(str(ROOT / rel), default_timeout=60)
    outdir = Path(tempfile.mkdtemp(prefix="cbe-dash-profile-"))
    phases: list[tuple[str, Callable[[], object]]] = [
        ("cold run", at.run),
        (f"{warm_runs} warm reruns", lambda: [at.run() for _ in range(warm_runs)]),
        (f"{Settings.changes} year changes", lambda: year_sweep(at, Settings.changes)),
    ]
    for phase, run in phases:
        profiler = Profiler(interval=0.0005, async_mode="disabled")
        with profiling_script_thread(profiler):
            run()
        print(f"===== {rel}: {phase} =====")
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        html = outdir / f"{Path(rel).stem}-{phase.split()[-1]}.html"
        html.write_text(profiler.output_html(), encoding="utf-8")
        print(f"(HTML: {html})")


def static_only(settings: Settings, env: dict[str, str]) -> int:
    """The static edition's rows alone (a quick look during development; writes no results file)."""
    load = [round(x, 2) for x in os.getloadavg()]
    with offline_browser() as ob:
        results = {"new_visitor": attempt("new visitor", lambda: static_bench.new_visitor_section(
            ob, settings.cold_runs, settings.changes, env, ROOT, APP.script, FLOOR_SCRIPT,
            APP.url_path(COLD_PAGE), summary))}
        blocked = sorted(set(ob.blocked))
    print(render_table([Check(**row) for row in static_bench.checks(results)]))
    print(json.dumps(results["new_visitor"], indent=1)[:3000])
    print(f"load average before: {load}, after: {[round(x, 2) for x in os.getloadavg()]}; blocked: {blocked}")
    return 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="fewer repetitions (development)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"JSON results (default {DEFAULT_OUT})")
    p.add_argument("--data-dir", type=Path, help="CBE_DASH_DATA_DIR for the app (default: the project's data/)")
    p.add_argument("--profile", metavar="PAGE", help="profile one script (e.g. pages/1_Policy.py) and exit")
    p.add_argument("--static-only", action="store_true",
                   help="only the static edition beside the floor and the app (new visitor, bytes, year step)")
    p.add_argument("--app-dir", type=Path, default=REPO, help="the app to measure (default: this repo)")
    p.add_argument("--apptest-worker", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--warm-runs", type=int, default=Settings.warm_runs, help=argparse.SUPPRESS)
    p.add_argument("--year-changes", type=int, default=Settings.changes, help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    global ROOT
    ROOT = args.app_dir.resolve()
    if args.apptest_worker:
        sys.path.insert(0, str(ROOT))  # as `streamlit run` does for the entry script's folder
        result = attempt("apptest",
                         lambda: apptest_worker(args.apptest_worker, args.warm_runs, args.year_changes))
        print(RESULT_MARK + json.dumps(result), flush=True)
        return 0
    env = {"CBE_DASH_DATA_DIR": str(args.data_dir.resolve())} if args.data_dir else {}
    if args.profile:
        os.environ.update(env)
        profile_page(args.profile, Settings.warm_runs)
        return 0
    settings = QUICK if args.quick else Settings()
    if args.static_only:
        return static_only(settings, env)
    try:
        results = run_benchmark(settings, env)
    except Exception:  # noqa: BLE001 - still say what happened
        traceback.print_exc()
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # Written before printing: a closed stdout (`| head`) must not lose the results.
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(render_table([Check(**{k: v for k, v in c.items() if k != "ratio"}) for c in results["checks"]]))
    print(f"\n{results['elapsed_s']} s {results['section_s']}; machine: {results['machine']}")
    load = results["load_avg_before"][0]  # "after" counts this run's own chromium and servers too
    if load > 1.0:
        print(f"WARNING: load average {load:.1f} on {os.cpu_count()} cores when the run started: other work "
              "competed for the CPU; timings are noisy (ratios to the floor, measured interleaved, less so).")
    if results.get("blocked_requests"):
        print(f"requests blocked (tried to leave the machine): {results['blocked_requests']}")
    print(f"results: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""One app server for all the xdist workers of a test run, instead of one per worker.

Why: each server pays its own cold start (imports, data) and its own first build of each page's figures.
Measured on 2 cores, where the suite is CPU-bound: three servers, one per worker, took ~41-46 CPU-s of a
run; one shared server ~34. The tests on it only read it through fresh browser pages (their own Streamlit
sessions), so one server serves them as it serves many visitors.

Lifecycle: the run's controller makes a folder and hands it to each worker (tests/conftest.py). The first
worker whose test needs the app starts the server under a file lock and records it in that folder; the
others find the record and use the same server. The server outlives the worker that started it (its own
process group); the controller stops it when the run ends (`stop_shared_app`).
"""
from __future__ import annotations

import fcntl
import json
import os
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.server import AppServer, process_alive, start_app, wait_healthy

RECORD = "app.json"
LOCK = "app.lock"
#: How long a worker waits for the shared server's health before failing its tests: busy serving other
#: workers' pages on a loaded machine, it may be slow to answer, which is not dead (a server whose process
#: is gone fails at once).
ATTACH_TIMEOUT_S = 60.0


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def shared_app(folder: Path, app_dir: Path) -> AppServer:
    """The run's app server: started here if no worker has yet, else the one another worker started."""
    with _locked(folder / LOCK):
        record = folder / RECORD
        if record.exists():
            info = json.loads(record.read_text(encoding="utf-8"))
            server = AppServer(f"http://127.0.0.1:{info['port']}", info["port"], info["pid"], Path(info["log"]), 0.0)
            wait_healthy(server, ATTACH_TIMEOUT_S, poll_s=0.2)
            return server
        server = start_app(app_dir)
        record.write_text(json.dumps({"port": server.port, "pid": server.pid, "log": str(server.log_path)}),
                          encoding="utf-8")
        return server


def stop_shared_app(folder: Path, grace_s: float = 5.0) -> None:
    """Stop the run's server, if a worker started one: TERM its process group, KILL what is left."""
    record = folder / RECORD
    if not record.exists():
        return
    pid = int(json.loads(record.read_text(encoding="utf-8"))["pid"])
    record.unlink()
    if not _signal_group(pid, signal.SIGTERM):
        return
    deadline = time.monotonic() + grace_s
    while time.monotonic() < deadline and process_alive(pid):
        time.sleep(0.05)
    _signal_group(pid, signal.SIGKILL)


def _signal_group(pid: int, sig: signal.Signals) -> bool:
    try:
        os.killpg(pid, sig)
        return True
    except ProcessLookupError:
        return False

"""Run the real app (or any Streamlit script) as a server on a loopback port, for tests and the benchmark.

`running_app` starts `streamlit run` on a free loopback port in its own process group, waits for
`/_stcore/health`, and always kills the whole group on exit (a stray server would hold the port and skew
the next measurement). No Streamlit import here: the server runs in a subprocess.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def free_port() -> int:
    """A loopback port free right now (the OS picks it; a tiny race with other starters is accepted)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class AppServer:
    """A running `streamlit run`: where it listens, its process, and when it was launched and ready.

    `process` is None for a server another process launched (tests.support.shared_app): this one may use it
    but neither waits for nor stops it."""

    url: str
    port: int
    pid: int  # the server's process, leader of its own process group
    log_path: Path
    started_at: float  # time.perf_counter() just before the process was launched (0.0: not by this process)
    ready_at: float = 0.0  # time.perf_counter() when /_stcore/health first answered ok
    process: subprocess.Popen[bytes] | None = None

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of the server's stdout+stderr (for failure messages)."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def streamlit_command(script: str, port: int, extra_args: Sequence[str] = ()) -> list[str]:
    """The exact command line: headless, loopback only, no usage stats (which would call a metrics host)."""
    return [
        sys.executable, "-m", "streamlit", "run", script,
        "--server.headless=true",
        "--server.address=127.0.0.1",
        f"--server.port={port}",
        "--browser.gatherUsageStats=false",
        *extra_args,
    ]


def health_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
            return resp.read().strip() == b"ok"
    except (urllib.error.URLError, OSError, ValueError):
        return False


def process_alive(pid: int) -> bool:
    """Running, not merely a zombie waiting for its (new) parent to reap it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _exited(server: AppServer) -> str:
    """How the server's process ended ("" while it runs): from its Popen if this process launched it, else
    from /proc (a server another test worker launched, tests.support.shared_app)."""
    if server.process is not None:
        code = server.process.poll()
        return "" if code is None else f"exited with code {code}"
    return "" if process_alive(server.pid) else "has exited"


def wait_healthy(server: AppServer, timeout_s: float, poll_s: float = 0.05) -> None:
    """Poll health until it answers ok (often by default: the benchmark's cold start includes this wait);
    a server whose process is gone fails at once, with its log's tail."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if ended := _exited(server):
            raise RuntimeError(f"streamlit (pid {server.pid}) {ended} before answering health:\n"
                               f"{server.log_tail()}")
        if health_ok(server.url):
            server.ready_at = time.perf_counter()
            return
        time.sleep(poll_s)
    raise TimeoutError(f"streamlit did not answer {server.url}/_stcore/health within {timeout_s}s:\n"
                       f"{server.log_tail()}")


def _kill_group(process: subprocess.Popen[bytes], grace_s: float = 5.0) -> None:
    """TERM then KILL the server's whole process group (it was started as a session leader)."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            pass
        except ProcessLookupError:
            return
    try:  # children may outlive a leader that exited on TERM
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def start_app(
    app_dir: Path,
    *,
    script: str = "app.py",
    port: int | None = None,
    env: Mapping[str, str] | None = None,
    extra_args: Sequence[str] = (),
    timeout_s: float = 60.0,
) -> AppServer:
    """Launch `streamlit run <script>` from `app_dir` (so its .streamlit/config.toml applies) and wait until
    it answers health. The caller stops it (`stop_app`); on failure it is killed here, with its log tail
    in the error. `env` is merged onto os.environ (e.g. CBE_DASH_DATA_DIR)."""
    port = port or free_port()
    logdir = Path(tempfile.mkdtemp(prefix="cbe-dash-server-"))
    log_path = logdir / "server.log"
    full_env = {**os.environ, **(env or {})}
    with log_path.open("wb") as log:
        started = time.perf_counter()
        process = subprocess.Popen(
            streamlit_command(script, port, extra_args),
            cwd=str(app_dir),
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = AppServer(f"http://127.0.0.1:{port}", port, process.pid, log_path, started, process=process)
    try:
        wait_healthy(server, timeout_s)
    except BaseException:
        _kill_group(process)
        raise
    return server


def stop_app(server: AppServer) -> None:
    """Kill the server's whole process group (it was started as a session leader)."""
    if server.process is None:
        raise ValueError(f"the server on port {server.port} belongs to another process")
    _kill_group(server.process)


@contextmanager
def running_app(app_dir: Path, **options: Any) -> Iterator[AppServer]:
    """`start_app(app_dir, **options)` until exit; the process group is killed on exit whatever happened."""
    server = start_app(app_dir, **options)
    try:
        yield server
    finally:
        stop_app(server)

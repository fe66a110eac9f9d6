"""Server CPU of one year step on a map page: the app's own process time, read from /proc, per step.

Why: a year step (slider, Previous/Next, Play tick) should cost the server only the map and what depends
on the year. Usage: python benchmarks/step_cpu.py [PAGE] [--steps N]  (Linux; needs Debian chromium).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.support.browser import offline_browser, slider, wait_for_idle, wait_for_title  # noqa: E402
from tests.support.server import running_app  # noqa: E402

TITLES = {"Policy": "CBE credit policy", "League": "Fall", "Connectivity": ""}


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process (not its children), from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("page", nargs="?", default="Policy")
    p.add_argument("--steps", type=int, default=12)
    p.add_argument("--passes", type=int, default=3)
    args = p.parse_args()
    with running_app(REPO) as server, offline_browser() as ob:
        page = ob.new_context(viewport={"width": 1280, "height": 800}).new_page()
        page.goto(f"{server.url}/{args.page}")
        wait_for_idle(page, 60_000)
        thumb = slider(page)
        for n in range(args.passes):
            key = "ArrowLeft" if n % 2 == 0 else "ArrowRight"
            before, started = cpu_seconds(server.pid), time.monotonic()
            for _ in range(args.steps):
                thumb.focus()
                page.keyboard.press(key)
                value = thumb.get_attribute("aria-valuetext") or ""
                wait_for_title(page, value.strip())
                wait_for_idle(page)
            spent = cpu_seconds(server.pid) - before
            wall = time.monotonic() - started
            idle_before = cpu_seconds(server.pid)
            page.wait_for_timeout(wall * 1000)  # the same time with no step: what the server spends anyway
            idle = cpu_seconds(server.pid) - idle_before
            print(f"pass {n + 1}: idle for the same {wall:.1f} s: {idle / args.steps * 1000:.1f} ms per step-time; "
                  f"stepping minus idle: {(spent - idle) / args.steps * 1000:.1f} ms per step")
            print(f"pass {n + 1} ({key}): {spent / args.steps * 1000:.1f} ms server CPU per step "
                  f"over {args.steps} steps")


if __name__ == "__main__":
    main()

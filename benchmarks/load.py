"""Can a class share one server? Year-step latency with 1, 10, 25 and 50 viewers stepping at once.

Run from the repository root: `python benchmarks/load.py` (about 2-3 minutes on 2 cores; `--quick` for a
short run). Each level starts a fresh app server on loopback, opens the page in N websocket clients
(benchmarks/ws_client.py), lets every client step the year back and forth with a human pause between
steps, and reports p50/p95 latency from the click to the server's `script_finished`, plus the server CPU
time per step. Every loop is bounded in count and time; nothing leaves 127.0.0.1.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.server import running_app  # noqa: E402
from tests.support.ws_client import PageClient  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "load.json"


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _cpu_seconds(pid: int) -> float:
    proc = psutil.Process(pid)
    total = proc.cpu_times().user + proc.cpu_times().system
    for child in proc.children(recursive=True):
        times = child.cpu_times()
        total += times.user + times.system
    return total


async def _viewer(url: str, args: argparse.Namespace, latencies: list[float], deadline: float,
                  rng: random.Random) -> None:
    client = PageClient(url, args.page)
    await client.open()
    try:
        await asyncio.sleep(rng.uniform(0, args.think))  # viewers do not click in lockstep
        for i in range(args.steps):
            if time.perf_counter() > deadline:
                break
            latencies.append(await client.press(args.prev_label if i % 2 == 0 else args.next_label))
            await asyncio.sleep(args.think * rng.uniform(0.5, 1.5))
    finally:
        await client.close()


async def _level(url: str, pid: int, clients: int, args: argparse.Namespace) -> dict[str, float]:
    latencies: list[float] = []
    rng = random.Random(clients)
    deadline = time.perf_counter() + args.seconds
    cpu_before = _cpu_seconds(pid)
    await asyncio.wait_for(asyncio.gather(*(_viewer(url, args, latencies, deadline, rng) for _ in range(clients))),
                           timeout=args.seconds + 60)
    cpu = _cpu_seconds(pid) - cpu_before
    return {"clients": clients, "steps": len(latencies),
            "p50_ms": round(1000 * statistics.median(latencies), 1),
            "p95_ms": round(1000 * _percentile(latencies, 0.95), 1),
            "max_ms": round(1000 * max(latencies), 1),
            # CPU over the whole level (page opens included) divided by steps: an upper bound per step.
            "server_cpu_per_step_ms": round(1000 * cpu / max(1, len(latencies)), 1)}


async def _step_cpu(url: str, pid: int, args: argparse.Namespace) -> float:
    """Server CPU of one year step, one viewer, warm caches: the cost a class multiplies."""
    client = PageClient(url, args.page)
    await client.open()
    for i in range(6):  # warm: every year the loop visits is built once
        await client.press(args.prev_label if i % 2 == 0 else args.next_label)
    before = _cpu_seconds(pid)
    steps = 20
    for i in range(steps):
        await client.press(args.prev_label if i % 2 == 0 else args.next_label)
    cpu = _cpu_seconds(pid) - before
    await client.close()
    return round(1000 * cpu / steps, 1)


def run(args: argparse.Namespace) -> dict[str, object]:
    load = os.getloadavg()[0]
    if load > 1.0:
        print(f"warning: load average {load:.2f} at start; latencies will be inflated", file=sys.stderr)
    rows = []
    step_cpu = None
    for clients in args.clients:
        with running_app(ROOT) as server:
            if step_cpu is None:
                step_cpu = asyncio.run(_step_cpu(server.url, server.pid, args))
            rows.append(asyncio.run(_level(server.url, server.pid, clients, args)))
            print(rows[-1], flush=True)
    return {"page": args.page, "think_s": args.think, "steps_per_client": args.steps,
            "load_average_at_start": round(load, 2), "cores": os.cpu_count(),
            "server_cpu_per_step_ms_single_viewer": step_cpu, "levels": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=lambda s: [int(x) for x in s.split(",")], default=[1, 10, 25, 50])
    parser.add_argument("--steps", type=int, default=8, help="steps per client")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between a client's steps (s)")
    parser.add_argument("--seconds", type=float, default=60.0, help="time bound per level")
    parser.add_argument("--page", default="Policy", help="page name as in the URL path")
    parser.add_argument("--prev-label", default="Previous year")
    parser.add_argument("--next-label", default="Next year")
    parser.add_argument("--quick", action="store_true", help="4 steps per client, 1, 10 and 25 clients")
    args = parser.parse_args()
    if args.quick:
        args.steps, args.clients = 4, [1, 10, 25]
    result = run(args)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print("| clients | steps | p50 | p95 | max | server CPU per step |")
    print("|---|---|---|---|---|---|")
    for row in result["levels"]:  # type: ignore[union-attr]
        print(f"| {row['clients']} | {row['steps']} | {row['p50_ms']:.0f} ms | {row['p95_ms']:.0f} ms | "
              f"{row['max_ms']:.0f} ms | {row['server_cpu_per_step_ms']:.0f} ms |")
    print(f"server CPU per step, one viewer, warm: {result['server_cpu_per_step_ms_single_viewer']} ms")


if __name__ == "__main__":
    main()

"""A crowd arriving at once (a keynote link, a newsletter): every viewer of a cold server gets the page."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import ROOT
from tests.support.server import running_app
from tests.support.ws_client import PageClient

pytestmark = pytest.mark.browser  # starts a server: grouped with the slower tests

VIEWERS = 6


async def _open_all(url: str) -> list[PageClient]:
    clients = [PageClient(url, "Policy") for _ in range(VIEWERS)]
    await asyncio.gather(*(c.open(timeout_s=120) for c in clients))
    for c in clients:
        await c.close()
    return clients


def test_viewers_opening_a_cold_server_together_all_get_a_working_page():
    with running_app(ROOT) as server:
        # a thread of its own: the browser tests' driver may already run an event loop in this one
        with ThreadPoolExecutor(1) as pool:
            clients = pool.submit(asyncio.run, _open_all(server.url)).result()
        log = server.log_tail(400)
    assert [c.exceptions for c in clients] == [[]] * VIEWERS
    assert all(c.last_status == 0 for c in clients)
    assert all("Next year" in c.widgets for c in clients), "each viewer got the year control"
    assert "partially initialized module" not in log

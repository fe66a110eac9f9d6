"""Bytes a browser page actually received over the wire (compressed sizes and headers, websocket frames
included), read from Chromium's DevTools protocol: for the benchmark and the deploy test."""
from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Page


@dataclass
class TransferMeter:
    """Attach before `page.goto`; `.total` is bytes received so far, `.urls` the HTTP(S) responses."""

    http_bytes: int = 0
    websocket_bytes: int = 0
    urls: list[str] = field(default_factory=list)
    _requests: dict[str, str] = field(default_factory=dict)

    @classmethod
    def attach(cls, page: Page) -> TransferMeter:
        meter = cls()
        session = page.context.new_cdp_session(page)
        session.on("Network.requestWillBeSent", meter._on_request)
        session.on("Network.loadingFinished", meter._on_finished)
        session.on("Network.webSocketFrameReceived", meter._on_frame)
        session.send("Network.enable")
        return meter

    @property
    def total(self) -> int:
        return self.http_bytes + self.websocket_bytes

    def _on_request(self, event: dict[str, Any]) -> None:
        self._requests[event["requestId"]] = event["request"]["url"]

    def _on_finished(self, event: dict[str, Any]) -> None:
        self.http_bytes += int(event.get("encodedDataLength", 0))
        url = self._requests.get(event["requestId"], "")
        if url.startswith(("http://", "https://")):
            self.urls.append(url)

    def _on_frame(self, event: dict[str, Any]) -> None:
        response = event.get("response", {})
        data = response.get("payloadData", "")
        binary = response.get("opcode") == 2
        self.websocket_bytes += len(base64.b64decode(data)) if binary else len(data.encode())

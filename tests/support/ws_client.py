"""A minimal Streamlit websocket client: opens a page and presses its buttons as a browser would.

Why not a browser: 50 headless Chromiums do not fit on 2 cores, and the measure wanted is the server's
answer to a year step, not the browser's drawing. The client speaks Streamlit's own protocol (protobuf
BackMsg / ForwardMsg over /_stcore/stream), sends the same rerun request a browser sends when a button is
clicked (with the fragment id when the button lives in a fragment) and times it to `script_finished`.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

_WIDGETS = ("button", "slider", "button_group", "selectbox", "multiselect")


@dataclass
class Widget:
    label: str
    id: str
    fragment_id: str


@dataclass
class PageClient:
    """One viewer's session on one page."""

    url: str
    page_name: str
    query_string: str = ""
    widgets: dict[str, Widget] = field(default_factory=dict)
    last_status: int = -1  # the last run's ForwardMsg.ScriptFinishedStatus (0: finished successfully)
    exceptions: list[str] = field(default_factory=list)  # messages of exception elements the page showed
    #: What the last run sent, in order: each element's kind, with a heading's text ("heading: Title").
    last_run: list[str] = field(default_factory=list)
    #: Hashes of the messages the server marked cacheable; declared with each rerun, as a browser declares
    #: what its message cache holds.
    cached_hashes: set[str] = field(default_factory=set)
    #: Messages the server sent only as a reference to that cache (a browser must have kept them to draw).
    references: list[str] = field(default_factory=list)
    _ws: object = None

    async def open(self, timeout_s: float = 60.0) -> float:
        """Connect and run the page once; returns the seconds until the run finished."""
        ws_url = self.url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self._ws = await websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None,
                                            open_timeout=timeout_s)
        return await self._run(BackMsg(), "", timeout_s)

    async def press(self, label: str, timeout_s: float = 60.0) -> float:
        """Click the button with this label; returns the seconds until the server finished the rerun."""
        widget = self.widgets[label]
        msg = BackMsg()
        state = msg.rerun_script.widget_states.widgets.add()
        state.id = widget.id
        state.trigger_value = True
        return await self._run(msg, widget.fragment_id, timeout_s)

    async def _run(self, msg: BackMsg, fragment_id: str, timeout_s: float) -> float:
        msg.rerun_script.query_string = self.query_string
        msg.rerun_script.page_name = self.page_name
        msg.rerun_script.cached_message_hashes.extend(sorted(self.cached_hashes))
        if fragment_id:
            msg.rerun_script.fragment_id = fragment_id
        self.last_run = []
        started = time.perf_counter()
        await self._ws.send(msg.SerializeToString())  # type: ignore[attr-defined]
        while True:
            if time.perf_counter() - started > timeout_s:
                raise TimeoutError(f"no script_finished within {timeout_s} s")
            reply = ForwardMsg()
            reply.ParseFromString(await self._ws.recv())  # type: ignore[attr-defined]
            kind = reply.WhichOneof("type")
            if reply.metadata.cacheable:
                self.cached_hashes.add(reply.hash)
            if kind == "ref_hash":
                self.references.append(reply.ref_hash)
            if kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
                self._note_element(reply)
            elif kind == "script_finished":
                self.last_status = reply.script_finished
                return time.perf_counter() - started

    def _note_element(self, reply: ForwardMsg) -> None:
        element = reply.delta.new_element
        kind = element.WhichOneof("type")
        self.last_run.append(f"heading: {element.heading.body}" if kind == "heading" else str(kind))
        if kind == "exception":
            self.exceptions.append(f"{element.exception.type}: {element.exception.message}")
        if kind in _WIDGETS:
            proto = getattr(element, kind)
            label = getattr(proto, "label", "")
            if label and getattr(proto, "id", ""):
                self.widgets[label] = Widget(label, proto.id, reply.delta.fragment_id)

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()  # type: ignore[attr-defined]

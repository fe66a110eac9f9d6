"""Serve a built site on loopback, for the browser tests and the benchmark (a stand-in for a static host).

With `gzip=True` it compresses text responses for clients that accept it, as nginx or any CDN would;
without, it sends files as they are (like `python -m http.server`), so both sides can be measured.
"""
from __future__ import annotations

import gzip as gzip_module
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

_COMPRESSIBLE = (".html", ".js", ".css", ".json", ".csv", ".txt", ".svg")


class _Handler(SimpleHTTPRequestHandler):
    gzip_enabled = False
    _cache: dict[Path, bytes] = {}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet in tests
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        path = Path(self.translate_path(self.path))
        wants = "gzip" in (self.headers.get("Accept-Encoding") or "")
        if not (self.gzip_enabled and wants and path.is_file() and path.suffix in _COMPRESSIBLE):
            super().do_GET()
            return
        body = self._cache.get(path)
        if body is None:
            body = self._cache[path] = gzip_module.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve_directory(root: Path, *, gzip: bool = False) -> Iterator[str]:
    """Serve `root` at http://127.0.0.1:<free port>/ in a thread; yields the base URL (with a slash)."""
    handler = type("Handler", (_Handler,), {"gzip_enabled": gzip, "_cache": {}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()

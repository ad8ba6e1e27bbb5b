"""A real HTTP server on 127.0.0.1 for fetch tests: files with validators, scripted replies.

Runs ``ThreadingHTTPServer`` in a thread. Every path answers 404 unless told otherwise:

- ``serve(path, body, ...)`` serves a file with an ETag and Last-Modified and answers
  conditional requests with 304, as a well-behaved news site does;
- ``script(path, Reply(...), ...)`` answers with the given replies in turn (the last one
  repeats): errors, redirects, Retry-After, a server that never answers, ...

Every request is recorded (path with query, headers) for the tests to inspect.
"""

from __future__ import annotations

import email.utils
import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    # Seconds to wait before answering; hang=True waits until the server stops.
    delay: float = 0.0
    hang: bool = False
    # Send no Content-Length and close the connection after the body (read to EOF).
    unsized: bool = False


@dataclass(frozen=True)
class Recorded:
    path: str
    headers: dict[str, str]
    at: float  # time.monotonic() when the request arrived


@dataclass
class _File:
    body: bytes
    content_type: str
    etag: str
    last_modified: str
    with_validators: bool


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # Clients hanging up mid-body (size limits, timeouts) are what the tests provoke.
        pass


class LocalServer:
    def __init__(self) -> None:
        self._files: dict[str, _File] = {}
        self._scripts: dict[str, list[Reply]] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self.requests: list[Recorded] = []
        # Seconds every answer waits before it is sent (to widen windows in crash tests).
        self.delay = 0.0
        self._httpd = _QuietServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def serve(
        self,
        path: str,
        body: bytes | str,
        content_type: str = "text/html; charset=utf-8",
        *,
        validators: bool = True,
    ) -> None:
        """Serve (or replace) a file; a new body gets a new ETag and Last-Modified."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        with self._lock:
            self._scripts.pop(path, None)
            self._files[path] = _File(
                body=data,
                content_type=content_type,
                etag='"' + hashlib.sha256(data).hexdigest()[:16] + '"',
                last_modified=email.utils.formatdate(time.time(), usegmt=True),
                with_validators=validators,
            )

    def script(self, path: str, *replies: Reply) -> None:
        with self._lock:
            self._files.pop(path, None)
            self._scripts[path] = list(replies)

    def requests_for(self, path: str) -> list[Recorded]:
        with self._lock:
            return [request for request in self.requests if request.path == path]

    def _answer(self, path: str, headers: dict[str, str]) -> Reply:
        with self._lock:
            self.requests.append(Recorded(path, headers, time.monotonic()))
            script = self._scripts.get(path)
            if script is not None:
                return script.pop(0) if len(script) > 1 else script[0]
            served = self._files.get(path)
        if served is None:
            return Reply(404, b"not found", {"Content-Type": "text/plain"})
        validators = (
            {"ETag": served.etag, "Last-Modified": served.last_modified}
            if served.with_validators
            else {}
        )
        # RFC 9110: If-None-Match, when sent, decides; If-Modified-Since only without it.
        if "if-none-match" in headers:
            not_modified = headers["if-none-match"] == served.etag
        else:
            not_modified = headers.get("if-modified-since") == served.last_modified
        if served.with_validators and not_modified:
            return Reply(304, b"", validators)
        return Reply(200, served.body, {"Content-Type": served.content_type, **validators})

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                headers = {key.lower(): value for key, value in self.headers.items()}
                reply = server._answer(self.path, headers)
                if reply.hang:
                    server._stopping.wait(30)
                    return
                if reply.delay or server.delay:
                    time.sleep(reply.delay + server.delay)
                self.send_response(reply.status)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                if reply.unsized:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                elif "content-length" not in {key.lower() for key in reply.headers}:
                    self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                if reply.status != 304:
                    self.wfile.write(reply.body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler

    def start(self) -> LocalServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()


@contextmanager
def local_server() -> Iterator[LocalServer]:
    server = LocalServer().start()
    try:
        yield server
    finally:
        server.stop()


def refused_url() -> str:
    """A URL on 127.0.0.1 where nothing listens (the port was just released)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/feed"

"""The preview server's HTTP side: a threading server answering from the current build.

``respond()`` is the whole decision for a page request and needs no socket (the tests
call it directly); ``Handler`` only parses the request, checks ``Host`` and writes the
answer, or streams the reload events. ``bind()`` opens the listening socket, taking the
next free port when asked to.
"""

from __future__ import annotations

import contextlib
import errno
import mimetypes
import socket
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import cast

from sitegen.errors import SitegenError
from sitegen.server import livereload, paths
from sitegen.server.hosts import host_allowed
from sitegen.server.state import SiteState, Snapshot

FIRST_BUILD_WAIT = 120.0
TYPES = {".html": "text/html", ".htm": "text/html", ".css": "text/css",
         ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json",
         ".xml": "application/xml", ".txt": "text/plain", ".svg": "image/svg+xml",
         ".woff2": "font/woff2", ".webmanifest": "application/manifest+json"}
TEXT_TYPES = ("text/", "application/json", "application/xml", "image/svg+xml")


@dataclass(frozen=True)
class Response:
    """An answer to send: status, headers and the whole body."""

    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    location: str = ""


def respond(state: SiteState, target: str) -> Response:
    """The answer to ``GET target`` (a page, a file, a redirect or the 404 page)."""
    state.wait_for_build(0, FIRST_BUILD_WAIT)
    snapshot = state.current()
    if snapshot.folder is None:
        return no_site(snapshot, state.instance)
    found = paths.resolve(snapshot.folder, target, snapshot.baseurl)
    if isinstance(found, paths.Redirect):
        return Response(HTTPStatus.MOVED_PERMANENTLY, location=found.location)
    if isinstance(found, paths.Found):
        return file_response(HTTPStatus.OK, found.file, snapshot, state.instance)
    return not_found(snapshot, state.instance)


def no_site(snapshot: Snapshot, instance: str) -> Response:
    """Before the first good build: the build's errors, or a notice that it is running."""
    status = HTTPStatus.INTERNAL_SERVER_ERROR if snapshot.failed else HTTPStatus.SERVICE_UNAVAILABLE
    return Response(status, livereload.no_site_page(snapshot, instance), content_type("x.html"))


def file_response(status: int, file: Path, snapshot: Snapshot, instance: str) -> Response:
    """A file of the build, with the reload script when it is a page."""
    kind = content_type(file.name)
    body = file.read_bytes()
    if kind.startswith("text/html"):
        body = livereload.inject(body, livereload.script(snapshot, instance))
    return Response(status, body, kind)


def not_found(snapshot: Snapshot, instance: str) -> Response:
    """The site's own 404 page when it has one."""
    assert snapshot.folder is not None
    page = snapshot.folder / "404.html"
    if page.is_file():
        return file_response(HTTPStatus.NOT_FOUND, page, snapshot, instance)
    return Response(HTTPStatus.NOT_FOUND, b"Not found\n")


def content_type(name: str) -> str:
    """The Content-Type for a file name; text types say they are UTF-8."""
    suffix = Path(name).suffix.lower()
    kind = TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith(TEXT_TYPES) else kind


class PreviewServer(ThreadingHTTPServer):
    """A threading HTTP server that knows the site state and its own names."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], state: SiteState) -> None:
        self.state = state
        self.host = address[0]
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])


class Handler(BaseHTTPRequestHandler):
    """Checks ``Host``, then serves a file or the reload events."""

    server_version = "sitegen"
    protocol_version = "HTTP/1.1"

    @property
    def preview(self) -> PreviewServer:
        return cast(PreviewServer, self.server)

    def do_GET(self) -> None:
        self._handle(head=False)

    def do_HEAD(self) -> None:
        self._handle(head=True)

    def _handle(self, head: bool) -> None:
        server = self.preview
        if not host_allowed(self.headers.get("Host"), server.host, server.port):
            self._send(Response(HTTPStatus.FORBIDDEN, b"Forbidden: unknown Host header\n"), head)
        elif paths.request_path(self.path) == livereload.EVENTS_PATH and not head:
            self._events()
        else:
            self._send(respond(server.state, self.path), head)

    def _send(self, response: Response, head: bool) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if response.location:
            self.send_header("Location", response.location)
        self.end_headers()
        if not head:
            self.wfile.write(response.body)

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            livereload.stream(self.preview.state, self.headers.get("Last-Event-ID"), self._push)

    def _push(self, data: bytes) -> None:
        self.wfile.write(data)
        self.wfile.flush()

    def log_message(self, format: str, *args: object) -> None:
        """Requests are not logged: the terminal shows builds only."""


def bind(host: str, port: int, state: SiteState, tries: int = 1) -> PreviewServer:
    """Listen on `host`:`port`, or on one of the next `tries` - 1 ports if it is taken."""
    for candidate in range(port, port + max(tries, 1)):
        try:
            return PreviewServer((host, candidate), state)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE or port == 0:
                raise SitegenError(f"cannot listen on {host}:{candidate}: {exc.strerror}",
                                   hint="check --host") from None
    last = port + max(tries, 1) - 1
    span = f"port {port} is" if last == port else f"ports {port}-{last} are"
    raise SitegenError(f"{span} already in use (is another server running?)",
                       hint=f"stop it, or choose another port with --port {last + 1}")

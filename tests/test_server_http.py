"""The preview server on a real socket on 127.0.0.1, over hand-written build folders."""

from __future__ import annotations

import http.client
import json
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import write_tree

from sitegen.errors import SitegenError
from sitegen.server.http import PreviewServer, bind
from sitegen.server.state import BuildOutcome, SiteState

SECRET = "TOP SECRET, outside the site"
SITE = {
    "index.html": "<!DOCTYPE html><html><body><h1>Home</h1></body></html>\n",
    "about.html": "<html><body>About</body></html>\n",
    "docs/index.html": "<html><body>Docs</body></html>\n",
    "css/site.css": "body { color: black }\n",
    "404.html": "<html><body>Custom not found</body></html>\n",
}
TRAVERSALS = [
    "/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "%2e%2e%2fsecret.txt",
    "/%2e%2e%2f%2e%2e%2fsecret.txt", "/css/../../secret.txt", "/..%5csecret.txt",
    "//secret.txt", "/%2f..%2fsecret.txt", "http://127.0.0.1/../secret.txt",
    "/" + "/".join([".."] * 12) + "/etc/passwd", "/link-out", "/dir-out/secret.txt",
]


def raw_get(port: int, target: str, host: str | None = None,
            method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """Send exactly this request line (no client-side clean-up of the path)."""
    host = host if host is not None else f"127.0.0.1:{port}"
    request = f"{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request.encode("latin-1"))
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, body


@pytest.fixture
def site(tmp_path: Path) -> Path:
    write_tree(tmp_path, {"secret.txt": SECRET})
    folder = write_tree(tmp_path / "site", SITE)
    (folder / "link-out").symlink_to(tmp_path / "secret.txt")
    (folder / "dir-out").symlink_to(tmp_path)
    return folder


@contextmanager
def running(state: SiteState) -> Iterator[PreviewServer]:
    server = bind("127.0.0.1", 0, state)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        state.close()
        server.shutdown()
        server.server_close()


@pytest.fixture
def server(site: Path) -> Iterator[PreviewServer]:
    state = SiteState()
    state.publish_good(site, BuildOutcome(True, 0.1))
    with running(state) as preview:
        yield preview


@pytest.mark.parametrize("target", TRAVERSALS)
def test_traversal_attempts_get_404_and_nothing_outside(server: PreviewServer,
                                                        target: str) -> None:
    status, _, body = raw_get(server.port, target)
    assert status == 404
    assert SECRET.encode() not in body


def test_pages_files_redirects_and_the_404_page(server: PreviewServer) -> None:
    status, headers, body = raw_get(server.port, "/")
    assert status == 200 and body.startswith(b"<!DOCTYPE html><html><body><h1>Home</h1>")
    assert b"/__sitegen/events" in body and headers["Content-Length"] == str(len(body))
    assert headers["Cache-Control"] == "no-store"
    assert raw_get(server.port, "/about")[2].startswith(b"<html><body>About")
    status, headers, _ = raw_get(server.port, "/docs")
    assert (status, headers["Location"]) == (301, "/docs/")
    status, headers, body = raw_get(server.port, "/css/site.css")
    assert (status, body) == (200, SITE["css/site.css"].encode())
    assert headers["Content-Type"] == "text/css; charset=utf-8"
    status, _, body = raw_get(server.port, "/nope/")
    assert status == 404 and b"Custom not found" in body


def test_head_sends_headers_only(server: PreviewServer) -> None:
    status, headers, body = raw_get(server.port, "/about", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


@pytest.mark.parametrize("host", ["evil.example:{port}", "evil.example", "127.0.0.1:1",
                                  "localhost.evil.example:{port}", ""])
def test_a_foreign_host_gets_403(server: PreviewServer, host: str) -> None:
    status, _, body = raw_get(server.port, "/", host=host.format(port=server.port))
    assert status == 403 and b"Home" not in body


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}"])
def test_the_servers_own_names_are_answered(server: PreviewServer, host: str) -> None:
    assert raw_get(server.port, "/", host=host.format(port=server.port))[0] == 200


def test_baseurl_while_serving(site: Path) -> None:
    state = SiteState()
    state.publish_good(site, BuildOutcome(True, 0.1, baseurl="/repo"))
    with running(state) as server:
        assert raw_get(server.port, "/repo/")[2].startswith(b"<!DOCTYPE html>")
        assert raw_get(server.port, "/repo/about")[0] == 200
        status, headers, _ = raw_get(server.port, "/")
        assert (status, headers["Location"]) == (301, "/repo/")
        assert raw_get(server.port, "/about")[0] == 404


def test_events_arrive_on_the_socket(server: PreviewServer, site: Path) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", "/__sitegen/events")
    response = connection.getresponse()
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/event-stream"
    assert next_event(response)["site"] == 1
    server.state.publish_failed(BuildOutcome(False, 0.1, ("_drafts/a.md:2: invalid YAML",)))
    assert next_event(response)["problems"] == ["_drafts/a.md:2: invalid YAML"]
    server.state.publish_good(site, BuildOutcome(True, 0.1))
    event = next_event(response)
    assert (event["site"], event["problems"]) == (2, [])
    connection.close()


def next_event(response: http.client.HTTPResponse) -> dict[str, object]:
    while True:
        line = response.fp.readline().decode()
        if line.startswith("data: "):
            return dict(json.loads(line.removeprefix("data: ")))


def test_requests_during_rebuilds_always_see_whole_pages(tmp_path: Path) -> None:
    """Builds replace the served files one by one, each in one step, while pages are read."""
    folder = write_tree(tmp_path / "site", {f"p{n}.html": "<body>build 0</body>"
                                            for n in range(20)})
    state = SiteState()
    state.publish_good(folder, BuildOutcome(True, 0.1))
    failures: list[str] = []
    with running(state) as server:
        def read(port: int) -> None:
            for n in range(60):
                status, _, body = raw_get(port, f"/p{n % 20}")
                if status != 200 or not body.startswith(b"<body>build "):
                    failures.append(f"{status} {body[:40]!r}")

        readers = [threading.Thread(target=read, args=(server.port,)) for _ in range(4)]
        for reader in readers:
            reader.start()
        for number in range(1, 30):
            for n in range(20):  # as the build's last step does: a whole new file, renamed
                temporary = folder / f".p{n}.html.new"
                temporary.write_text(f"<body>build {number}</body>")
                os.replace(temporary, folder / f"p{n}.html")
            state.publish_good(folder, BuildOutcome(True, 0.1))
        for reader in readers:
            reader.join(60)
    assert failures == []


def test_a_port_in_use_is_a_clear_error_or_the_next_port(site: Path) -> None:
    state = SiteState()
    with running(state) as first:
        with pytest.raises(SitegenError) as caught:
            bind("127.0.0.1", first.port, SiteState())
        assert f"port {first.port} is already in use" in str(caught.value)
        assert f"--port {first.port + 1}" in str(caught.value)
        second = bind("127.0.0.1", first.port, SiteState(), tries=20)
        try:
            assert first.port < second.port < first.port + 20
        finally:
            second.server_close()

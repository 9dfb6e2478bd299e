"""`sitegen serve` as a user runs it: a subprocess on a temporary site, read over HTTP.

The reload events are read the way the injected script reads them, so these tests see
what a browser would be told; the browser itself is in test_serve_browser.py.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from conftest import run_sitegen, write_tree
from running import Running

DRAFT = "_drafts/my-draft.md"
DRAFT_TEXT = "---\ntitle: My draft\n---\n\nMe: What is a draft?\n\nChatGPT: {answer}\n"
BROKEN_DRAFT = "---\ntitle: \"My draft\ntags: [a]\n---\n\nMe: What is a draft?\n"
SITE = {
    "_config.yml": "title: Serve test\npermalink: /:title/\n",
    "_posts/2024-01-02-first.md": "---\ntitle: First\n---\n\nMe: Why?\n\nChatGPT: Because.\n",
    "_posts/2024-01-03-second.md": "---\ntitle: Second\n---\n\nMe: How?\n\nChatGPT: Thus.\n",
    DRAFT: DRAFT_TEXT.format(answer="A post not yet published."),
    "static/css/extra.css": "p { color: teal }\n",
}
INJECTED = re.compile(rb"<script>\n\(\(\) => \{\n  const config = .*?</script>\n", re.S)


class Serve(Running):
    """A running ``sitegen serve`` on a free port, with its output lines in a queue."""

    def __init__(self, site: Path, *args: str, env: Mapping[str, str] | None = None) -> None:
        super().__init__("serve", "--source", site, "--port", "0", *args, env=env)
        line = self.wait_for_line("Serving at ")
        self.url = line.split("Serving at ", 1)[1].split()[0]
        self.port = int(self.url.split(":")[2].split("/")[0])

    def get(self, path: str) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def events(self) -> Iterator[dict[str, Any]]:
        """Build events as the injected script receives them."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request("GET", "/__sitegen/events")
        response = connection.getresponse()
        assert response.status == 200
        while line := response.fp.readline():
            if line.startswith(b"data: "):
                yield json.loads(line.removeprefix(b"data: "))
        connection.close()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "site", SITE)


@pytest.fixture
def temp(tmp_path: Path) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    return folder


@pytest.fixture
def serve(site: Path, temp: Path) -> Iterator[Serve]:
    server = Serve(site, env={"TMPDIR": str(temp)})
    yield server
    server.stop()


def test_save_rebuilds_failures_show_errors_fix_clears_them(serve: Serve, site: Path,
                                                             temp: Path) -> None:
    status, page = serve.get("/my-draft/")
    assert status == 200 and b"A post not yet published." in page and b"draft-banner" in page
    events = serve.events()
    assert next(events)["site"] == 1

    (site / DRAFT).write_text(DRAFT_TEXT.format(answer="Edited on disk."), encoding="utf-8")
    assert next(events)["site"] == 2
    assert serve.wait_for_line("Rebuilt in ").endswith("(1 file changed)")
    assert b"Edited on disk." in serve.get("/my-draft/")[1]

    (site / DRAFT).write_text(BROKEN_DRAFT, encoding="utf-8")
    event = next(events)
    assert event["site"] == 2 and event["problems"][0].startswith(f"{DRAFT}:2: invalid YAML")
    assert serve.wait_for_line("Build failed: ") == "Build failed: 1 error"
    assert serve.wait_for_line(f"{DRAFT}:2: ")
    assert b"Edited on disk." in serve.get("/my-draft/")[1]

    (site / DRAFT).write_text(DRAFT_TEXT.format(answer="Fixed."), encoding="utf-8")
    event = next(events)
    assert (event["site"], event["problems"]) == (3, [])
    assert b"Fixed." in serve.get("/my-draft/")[1]

    status, errors = serve.stop()
    assert status == 0, errors
    assert serve.wait_for_line("Stopped.")
    assert list(temp.iterdir()) == []
    assert not (site / "_site").exists()


def test_config_templates_and_static_files_rebuild_too(serve: Serve, site: Path) -> None:
    events = serve.events()
    next(events)
    write_tree(site, {"_config.yml": "title: Renamed blog\npermalink: /:title/\n"})
    next(events)
    assert b"Renamed blog" in serve.get("/")[1]
    write_tree(site, {"static/css/extra.css": "p { color: navy }\n"})
    next(events)
    assert serve.get("/css/extra.css") == (200, b"p { color: navy }\n")
    write_tree(site, {"templates/404.html": "<html><body>Lost here</body></html>\n"})
    next(events)
    status, page = serve.get("/no/such/page/")
    assert status == 404 and page.startswith(b"<html><body>Lost here")


def test_serve_and_build_write_the_same_files(site: Path, tmp_path: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "1735689600"}
    # The preview leaves out the search index (it would slow every save down).
    built = run_sitegen("build", "--drafts", "--no-search", "--source", site, "--destination",
                        tmp_path / "out", env={**os.environ, **env})
    assert built.returncode == 0, built.stderr
    server = Serve(site, env=env)
    try:
        files = [p for p in sorted((tmp_path / "out").rglob("*")) if p.is_file()]
        assert len(files) > 10
        for path in files:
            rel = path.relative_to(tmp_path / "out").as_posix()
            status, body = server.get(f"/{rel}")
            assert status == 200, rel
            if rel.endswith(".html"):
                assert len(INJECTED.findall(body)) == 1, rel
                body = INJECTED.sub(b"", body)
            assert body == path.read_bytes(), rel
    finally:
        server.stop()


def test_follow_names_the_post_just_edited(site: Path) -> None:
    server = Serve(site, "--follow")
    try:
        events = server.events()
        next(events)
        write_tree(site, {"_posts/2024-01-02-first.md": "---\ntitle: First\n---\n\nMe: Why not?\n"})
        assert next(events)["follow"] == "/first/"
        write_tree(site, {"static/css/extra.css": "p {}\n"})
        assert next(events)["follow"] == ""
    finally:
        server.stop()


def test_baseurl_option(site: Path) -> None:
    server = Serve(site, "--baseurl", "repo")
    try:
        assert server.url.endswith("/repo/")
        assert b"/repo/css/site.css" in server.get("/repo/")[1]
        assert server.get("/")[0] == 301
    finally:
        server.stop()


def test_a_port_in_use_is_a_clear_error(site: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = run_sitegen("serve", "--source", site, "--port", str(port))
    assert run.returncode == 1
    assert f"port {port} is already in use" in run.stderr
    assert f"--port {port + 1}" in run.stderr


def test_listening_beyond_this_computer_warns(site: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = run_sitegen("serve", "--source", site, "--host", "0.0.0.0", "--port", str(port))
    assert run.returncode == 1
    assert run.stderr.startswith("warning: listening on 0.0.0.0: other computers can read")


def test_the_next_session_starts_from_the_last_ones_pages(site: Path) -> None:
    server = Serve(site)
    assert server.stop()[0] == 0
    preview = site / ".sitegen-cache/preview"
    pages = {p: p.stat().st_mtime_ns for p in preview.rglob("*.html")}
    assert len(pages) > 3 and list((site / ".sitegen-cache").glob("state-*.pickle"))
    post = site / "_posts/2024-01-03-second.md"
    post.write_text(post.read_text(encoding="utf-8").replace("Thus.", "Like so."), "utf-8")
    server = Serve(site)
    try:
        assert b"Like so." in server.get("/second/")[1]
        again = {p: p.stat().st_mtime_ns for p in preview.rglob("*.html")}
        rewritten = {p.relative_to(preview).as_posix() for p in pages if again[p] != pages[p]}
        assert rewritten == {"second/index.html"}, "only the edited post is built again"
    finally:
        server.stop()


def test_a_second_session_on_the_site_previews_from_its_own_folder(site: Path,
                                                                  temp: Path) -> None:
    first = Serve(site, env={"TMPDIR": str(temp)})
    second = Serve(site, "--no-drafts", env={"TMPDIR": str(temp)})
    try:
        assert b"A post not yet published." in first.get("/my-draft/")[1]
        assert second.get("/my-draft/")[0] == 404, "each session keeps its own options"
        post = site / "_posts/2024-01-03-second.md"
        post.write_text(post.read_text(encoding="utf-8").replace("Thus.", "Like so."), "utf-8")
        for server in (first, second):
            server.wait_for_line("Rebuilt in ")
            assert b"Like so." in server.get("/second/")[1]
        assert first.stop()[0] == 0
        assert b"Like so." in second.get("/second/")[1]
    finally:
        first.stop()
        status, errors = second.stop()
    assert status == 0
    assert "another sitegen serve is previewing this site" in errors
    assert not list(temp.iterdir()), "the second session's temporary folder is removed"
    assert (site / ".sitegen-cache/preview/my-draft/index.html").is_file(), "the first's"

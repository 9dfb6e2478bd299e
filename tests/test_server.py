"""The preview server's decisions without sockets: URL -> file, Host check, injected
script, reload events and the switch from one build folder to the next."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import write_tree

from sitegen.server import livereload, paths
from sitegen.server.hosts import host_allowed
from sitegen.server.http import respond
from sitegen.server.loop import Builder
from sitegen.server.state import BuildOutcome, SiteState
from sitegen.watch import ChangeKind, ChangeSet

SECRET = "TOP SECRET, outside the site"
SITE = {
    "index.html": "<html><body><h1>Home</h1></body></html>\n",
    "about.html": "<html><body>About</body></html>\n",
    "2024/01/hello/index.html": "<html><BODY>Hello</BODY></html>\n",
    "notes/index.html": "<html><body>Notes</body></html>\n",
    "css/site.css": "body { color: black }\n</body>\n",
    "feed.xml": "<feed/>\n",
    "404.html": "<html><body>Custom not found</body></html>\n",
    "v1.2.html": "<html><body>Version</body></html>\n",
}
# (request target, what it serves: a file of SITE, "redirect:<location>" or 404)
ROUTES = [
    ("/", "index.html"), ("/index.html", "index.html"), ("/?utm=1", "index.html"),
    ("/about", "about.html"), ("/about.html", "about.html"), ("/v1.2", "v1.2.html"),
    ("/2024/01/hello/", "2024/01/hello/index.html"),
    ("/2024/01/hello", "redirect:/2024/01/hello/"), ("/2024", "redirect:/2024/"),
    ("/notes/", "notes/index.html"), ("/notes/index", "notes/index.html"),
    ("/css/site.css", "css/site.css"), ("/%63ss/site.css", "css/site.css"),
    ("/feed.xml", "feed.xml"), ("/missing", 404), ("/about/", 404), ("/index.html/", 404),
    ("//about", "about.html"), ("/%ff", 404), ("http://127.0.0.1:4000/about", "about.html"),
]
TRAVERSALS = [
    "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/..%2fsecret.txt",
    "%2e%2e%2fsecret.txt", "/..%2Fsecret.txt", "/%2e%2e%2fsecret.txt", "/.%2e/secret.txt",
    "/css/../../secret.txt", "/css/%2e%2e/%2e%2e/secret.txt", "/..\\secret.txt",
    "/..%5csecret.txt", "/%00/../secret.txt", "http://127.0.0.1/../secret.txt",
    "/%2fetc%2fpasswd", "//etc/passwd", "/etc/passwd", "/" + "/".join([".."] * 12) + "/etc/passwd",
    "/link-out", "/link-out.txt", "/dir-out/secret.txt", "/dir-out/",
]
# (Host header, bound host, port, allowed)
HOSTS = [
    ("127.0.0.1:4000", "127.0.0.1", 4000, True), ("localhost:4000", "127.0.0.1", 4000, True),
    ("LOCALHOST:4000", "127.0.0.1", 4000, True), ("[::1]:4000", "127.0.0.1", 4000, True),
    ("127.0.0.1:4001", "127.0.0.1", 4000, False), ("127.0.0.1", "127.0.0.1", 4000, False),
    ("127.0.0.1", "127.0.0.1", 80, True), ("evil.example:4000", "127.0.0.1", 4000, False),
    ("localhost.evil.example:4000", "127.0.0.1", 4000, False), (None, "127.0.0.1", 4000, False),
    ("", "127.0.0.1", 4000, False), ("evil.example@127.0.0.1:4000", "127.0.0.1", 4000, False),
    ("127.0.0.1:4000/x", "127.0.0.1", 4000, False), ("127.0.0.1:99999", "127.0.0.1", 4000, False),
    ("192.168.1.20:4000", "127.0.0.1", 4000, False), ("192.168.1.20:4000", "0.0.0.0", 4000, True),
    ("[fe80::1]:4000", "::", 4000, True), ("evil.example:4000", "0.0.0.0", 4000, False),
    ("myhost.lan:4000", "myhost.lan", 4000, True),
]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    write_tree(tmp_path, {"secret.txt": SECRET})
    site = write_tree(tmp_path / "site", SITE)
    (site / "link-out").symlink_to(tmp_path / "secret.txt")
    (site / "link-out.txt").symlink_to("../secret.txt")
    (site / "dir-out").symlink_to(tmp_path)
    return site


def published(folder: Path, baseurl: str = "") -> SiteState:
    state = SiteState()
    state.publish_good(folder, BuildOutcome(True, 0.1, baseurl=baseurl))
    return state


@pytest.mark.parametrize(("target", "expected"), ROUTES)
def test_routes_like_github_pages(root: Path, target: str, expected: str | int) -> None:
    found = paths.resolve(root, target)
    if expected == 404:
        assert isinstance(found, paths.NotFound)
    elif str(expected).startswith("redirect:"):
        assert found == paths.Redirect(str(expected).removeprefix("redirect:"))
    else:
        assert found == paths.Found(root.resolve() / str(expected))


@pytest.fixture
def opened() -> Iterator[list[str]]:
    """Every file opened by this process during the test (an audit hook)."""
    files: list[str] = []
    recording.append(files)
    yield files
    recording.remove(files)


recording: list[list[str]] = []


def _audit(event: str, args: tuple[object, ...]) -> None:
    if event == "open" and recording and isinstance(args[0], str | Path):
        recording[-1].append(str(args[0]))


sys.addaudithook(_audit)


@pytest.mark.parametrize("target", TRAVERSALS)
def test_traversal_gets_404_and_opens_nothing_outside(
        root: Path, target: str, opened: list[str]) -> None:
    assert isinstance(paths.resolve(root, target), paths.NotFound)
    response = respond(published(root), target)
    assert response.status == 404
    assert SECRET.encode() not in response.body
    assert b"Custom not found" in response.body
    assert opened and all(Path(f).resolve().is_relative_to(root.resolve()) for f in opened)


def test_a_symlink_inside_the_folder_is_served(root: Path) -> None:
    (root / "alias.html").symlink_to("about.html")
    assert paths.resolve(root, "/alias") == paths.Found(root.resolve() / "alias.html")


@pytest.mark.parametrize(("header", "bound", "port", "allowed"), HOSTS)
def test_host_header(header: str | None, bound: str, port: int, allowed: bool) -> None:
    assert host_allowed(header, bound, port) is allowed


def test_baseurl_serves_under_its_path_only(root: Path) -> None:
    state = published(root, "/repo")
    assert respond(state, "/repo/").body.startswith(b"<html><body><h1>Home")
    assert respond(state, "/repo/about").status == 200
    assert respond(state, "/repo/2024/01/hello").location == "/repo/2024/01/hello/"
    for target in ("/", "/repo"):
        response = respond(state, target)
        assert (response.status, response.location) == (301, "/repo/")
    assert respond(state, "/about").status == 404
    assert respond(state, "/repository/").status == 404


def test_pages_get_the_script_and_other_files_stay_as_built(root: Path) -> None:
    state = published(root)
    page = respond(state, "/2024/01/hello/")
    assert page.content_type == "text/html; charset=utf-8"
    before, _, after = page.body.partition(b"<script>")
    assert before == b"<html><BODY>Hello"
    assert after.endswith(b"</script>\n</BODY></html>\n")
    assert livereload.EVENTS_PATH.encode() in after
    css = respond(state, "/css/site.css")
    assert (css.body, css.content_type) == ((root / "css/site.css").read_bytes(),
                                            "text/css; charset=utf-8")
    assert respond(state, "/feed.xml").body == b"<feed/>\n"


def test_missing_page_gets_the_sites_404_page_with_the_script(root: Path) -> None:
    response = respond(published(root), "/no/such/page")
    assert response.status == 404
    assert b"Custom not found" in response.body and b"EventSource" in response.body
    (root / "404.html").unlink()
    assert respond(published(root), "/no/such/page").body == b"Not found\n"


def test_before_a_good_build_every_url_shows_the_errors_escaped(root: Path) -> None:
    state = SiteState()
    state.publish_failed(BuildOutcome(False, 0.1, ("_posts/x.md:3: bad <b>tag</b> & more",)))
    response = respond(state, "/anything")
    assert response.status == 500
    assert b"_posts/x.md:3: bad &lt;b&gt;tag&lt;/b&gt; &amp; more" in response.body
    assert b"<b>tag</b>" not in response.body and b"EventSource" in response.body


def test_script_config_cannot_close_the_script_element() -> None:
    state = SiteState()
    state.instance = "</script><script>alert(1)</script>"
    text = livereload.script(state.current(), state.instance)
    assert text.count("</script>") == 1


def test_failed_build_keeps_the_site_and_a_good_one_clears_the_problems(root: Path) -> None:
    state = published(root)
    state.publish_failed(BuildOutcome(False, 0.1, ("_drafts/a.md:2: invalid YAML",)))
    now = state.current()
    assert (now.folder, now.site_version, now.version, now.failed) == (root, 1, 2, True)
    state.publish_good(root, BuildOutcome(True, 0.1))
    now = state.current()
    assert (now.site_version, now.version, now.problems) == (2, 3, ())


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_events_send_the_state_at_once_then_one_event_per_build(root: Path) -> None:
    state = published(root)
    sent: list[bytes] = []
    stream = threading.Thread(target=livereload.stream, args=(state, None, sent.append))
    stream.start()

    def events() -> list[str]:
        return [m.decode() for m in list(sent) if m.startswith(b"id:")]

    wait_until(lambda: len(events()) == 1)
    state.publish_failed(BuildOutcome(False, 0.1, ("_drafts/a.md:2: invalid YAML",)))
    wait_until(lambda: len(events()) == 2)
    state.publish_good(root, BuildOutcome(True, 0.1), follow="/2024/01/hello/")
    wait_until(lambda: len(events()) == 3)
    state.close()
    stream.join(10)
    assert not stream.is_alive()
    first, failed, good = events()
    assert first.startswith(f"id: {state.instance}.1\nevent: build\n") and '"site": 1' in first
    assert '"problems": ["_drafts/a.md:2: invalid YAML"]' in failed and '"site": 1' in failed
    assert '"follow": "/2024/01/hello/"' in good and '"site": 2' in good
    assert '"problems": []' in good


def test_a_reconnecting_browser_resumes_where_it_was() -> None:
    assert livereload.resume_from("abc.7", "abc") == 7
    assert livereload.resume_from("old.7", "abc") == -1
    assert livereload.resume_from(None, "abc") == -1
    assert livereload.resume_from("abc.x", "abc") == -1


def test_the_server_and_watcher_never_import_the_build() -> None:
    """Layers: the preview server calls the build through a callback only."""
    import ast

    import sitegen.server

    allowed = {"sitegen.errors", "sitegen.watch", "sitegen.server"}
    folder = Path(sitegen.server.__file__).parent
    for path in [*folder.glob("*.py"), folder.parent / "watch.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {node.module for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
        names |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                  for alias in node.names}
        ours = {n for n in names if n.startswith("sitegen")}
        assert {n for n in ours if not n.startswith(tuple(allowed))} == set(), path.name


def test_builds_go_to_one_folder_which_is_served(tmp_path: Path) -> None:
    pages = {"index.html": "home", "a/index.html": "a, first", "b.html": "b"}
    destinations: list[Path] = []

    def rebuild(changes: ChangeSet, destination: Path) -> BuildOutcome:
        """Writes the way sitegen's build does: changed files are replaced, never rewritten."""
        destinations.append(destination)
        if "broken" in pages:
            return BuildOutcome(False, 0.01, ("_posts/a.md:1: broken",))
        for rel, text in pages.items():
            target = destination / rel
            if not target.is_file() or target.read_text() != text:
                replace_file(target, text)
        return BuildOutcome(True, 0.01, urls={"_posts/a.md": "/a/"}, baseurl="/repo")

    said: list[str] = []
    state = SiteState()
    builder = Builder(rebuild, state, tmp_path / "build", said.append, follow=True)
    builder.build(ChangeSet(full=True))
    first = state.current()
    assert first.folder == tmp_path / "build"
    assert (first.folder / "a/index.html").read_text() == "a, first"

    pages["a/index.html"] = "a, second"
    builder.build(ChangeSet(frozenset({(ChangeKind.CONTENT, "_posts/a.md")})))
    second = state.current()
    assert second.folder == first.folder
    assert (second.folder / "a/index.html").read_text() == "a, second"
    assert (second.follow, second.site_version) == ("/repo/a/", 2)

    pages["broken"] = ""
    builder.build(ChangeSet(frozenset({(ChangeKind.TEMPLATES, "templates/post.html")})))
    assert state.current().folder == second.folder and state.current().failed
    assert (second.folder / "a/index.html").read_text() == "a, second"
    assert set(destinations) == {tmp_path / "build"}
    assert said == ["Built in 0.01 s", "Rebuilt in 0.01 s (1 file changed)",
                    "Build failed: 1 error\n_posts/a.md:1: broken"]


def replace_file(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.new")
    temporary.write_text(text)
    os.replace(temporary, target)

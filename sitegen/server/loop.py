"""The preview loop: build, serve, wait for changes, rebuild, until Ctrl-C.

The build itself is a callback (``rebuild(changes, folder)``), so the server never
imports the build; it gets the change set, sorted by kind. Every build goes into the
same folder, which is the one served: the build prepares its files aside and replaces
the changed ones at its very end, each in one step, so requests see the old site or the
new one, file by file, and nothing is copied per build (a large site's copy would take
longer than the build of one edit). A failed build leaves the last good site in place,
with its errors shown over every page. The folder is kept for the next session when the
caller names it (the site's cache folder), else it is a temporary one, removed when the
loop ends, however it ends.
"""

from __future__ import annotations

import gc
import shutil
import signal
import tempfile
import threading
import webbrowser
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sitegen.server.http import PreviewServer, bind
from sitegen.server.state import BuildOutcome, SiteState
from sitegen.watch import ChangeKind, ChangeSet, Watcher

Rebuild = Callable[[ChangeSet, Path], BuildOutcome]
"""Build the whole site (or what `ChangeSet` needs) into the given folder, the one served:
changed files are replaced one by one when the build is done."""
Say = Callable[[str], None]


@dataclass(frozen=True)
class ServeOptions:
    """How to serve."""

    host: str = "127.0.0.1"
    port: int = 4000
    port_tries: int = 1
    """How many ports to try, from `port` up, before giving up."""
    follow: bool = False
    """Send the browser to the post that was just edited."""
    open_browser: bool = False
    folder: Path | None = None
    """Where builds go and are served from, kept for the next session; None for a
    temporary folder, removed when the server stops."""


@dataclass
class Builder:
    """Runs the builds and publishes each outcome to the request threads."""

    rebuild: Rebuild
    state: SiteState
    folder: Path
    """Where every build goes, and what is served."""
    say: Say = print
    follow: bool = False
    builds: int = 0

    def build(self, changes: ChangeSet) -> BuildOutcome:
        """Build, then publish the result (or the errors)."""
        self.builds += 1
        outcome = self.rebuild(changes, self.folder)
        # What a build leaves (the kept cache: thousands of posts' records) lives on; the
        # cycle collector need not go over it again at every later build.
        gc.freeze()
        if outcome.ok:
            self.state.publish_good(self.folder, outcome, self._follow(changes, outcome))
        else:
            self.state.publish_failed(outcome)
        self.say(report(changes, outcome))
        return outcome

    def _follow(self, changes: ChangeSet, outcome: BuildOutcome) -> str:
        urls = {outcome.urls[rel] for rel in changes.of_kind(ChangeKind.CONTENT)
                if rel in outcome.urls}
        return outcome.baseurl + urls.pop() if self.follow and len(urls) == 1 else ""


def serve(rebuild: Rebuild, watcher: Watcher, options: ServeOptions, say: Say = print) -> None:
    """Serve the site built by `rebuild` and rebuild it on changes, until interrupted."""
    server = bind(options.host, options.port, SiteState(), options.port_tries)
    temporary = None if options.folder else Path(tempfile.mkdtemp(prefix="sitegen-serve-"))
    folder = options.folder or (temporary or Path()) / "build"
    builder = Builder(rebuild, server.state, folder, say, options.follow)
    thread = threading.Thread(target=server.serve_forever, name="sitegen-http", daemon=True)
    try:
        watcher.start()
        thread.start()
        if options.port and server.port != options.port:
            say(f"Port {options.port} is in use; using {server.port} instead.")
        builder.build(ChangeSet(full=True))
        address = site_address(server, server.state.current().baseurl)
        say(f"Serving at {address} (Ctrl-C to stop)")
        if options.open_browser:
            threading.Thread(target=webbrowser.open, args=(address,), daemon=True).start()
        while True:
            changes = watcher.next_changes()
            if changes is not None:
                builder.build(changes)
    finally:
        with _ignoring_interrupts():
            stop(server, thread, watcher, temporary)


def stop(server: PreviewServer, thread: threading.Thread, watcher: Watcher,
         temporary: Path | None) -> None:
    """Stop watching and serving, wake the waiting requests, remove a temporary folder."""
    server.state.close()
    if thread.is_alive():
        server.shutdown()
    server.server_close()
    watcher.stop()
    if temporary is not None:
        shutil.rmtree(temporary, ignore_errors=True)


@contextmanager
def _ignoring_interrupts() -> Iterator[None]:
    """A second Ctrl-C must not leave build folders behind half deleted."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def site_address(server: PreviewServer, baseurl: str) -> str:
    """The URL to open in a browser."""
    host = server.host
    if host in ("", "0.0.0.0", "::"):
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{server.port}{baseurl}/"


def report(changes: ChangeSet, outcome: BuildOutcome) -> str:
    """The one terminal line for a build."""
    if not outcome.ok:
        count = outcome.errors
        lines = [f"Build failed: {count} error{'s' if count != 1 else ''}", *outcome.problems]
        return "\n".join(lines)
    if changes.full:
        return "\n".join([*outcome.problems, f"Built in {outcome.seconds:.2f} s"])
    files = len(changes)
    warnings = f", {len(outcome.problems)} warnings" if outcome.problems else ""
    return (f"Rebuilt in {outcome.seconds:.2f} s "
            f"({files} file{'s' if files != 1 else ''} changed{warnings})")

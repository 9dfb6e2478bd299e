"""The preview loop: build, serve, wait for changes, rebuild, until Ctrl-C.

The build itself is a callback (``rebuild(changes, folder)``), so the server never
imports the build and a later incremental build can use the change set. Each build
writes a fresh folder inside one temporary working folder; a good one is published to
the request threads in one step and the folder it replaces is deleted; a failed one
leaves the last good site in place, with its errors shown over every page. The working
folder is removed when the loop ends, however it ends.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sitegen.server.http import PreviewServer, bind
from sitegen.server.state import BuildOutcome, SiteState
from sitegen.watch import ChangeKind, ChangeSet, Watcher

Rebuild = Callable[[ChangeSet, Path], BuildOutcome]
"""Build the whole site (or what `ChangeSet` needs) into the given, not yet existing folder."""
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


@dataclass
class Loop:
    """One run of the preview server."""

    rebuild: Rebuild
    watcher: Watcher
    server: PreviewServer
    workdir: Path
    say: Say
    follow: bool = False
    builds: int = 0

    @property
    def state(self) -> SiteState:
        return self.server.state

    def build(self, changes: ChangeSet) -> BuildOutcome:
        """Build into a fresh folder and publish the outcome."""
        self.builds += 1
        folder = self.workdir / f"site-{self.builds}"
        outcome = self.rebuild(changes, folder)
        if outcome.ok:
            old = self.state.publish_good(folder, outcome, self._follow(changes, outcome))
            if old is not None:
                self.state.retire(old)
        else:
            shutil.rmtree(folder, ignore_errors=True)
            self.state.publish_failed(outcome)
        self.say(report(changes, outcome))
        return outcome

    def _follow(self, changes: ChangeSet, outcome: BuildOutcome) -> str:
        urls = {outcome.urls[rel] for rel in changes.of_kind(ChangeKind.CONTENT)
                if rel in outcome.urls}
        return outcome.baseurl + urls.pop() if self.follow and len(urls) == 1 else ""

    def run_forever(self) -> None:
        """Rebuild after every burst of changes (blocks until interrupted)."""
        while True:
            changes = self.watcher.next_changes()
            if changes is not None:
                self.build(changes)


def serve(rebuild: Rebuild, watcher: Watcher, options: ServeOptions, say: Say = print) -> None:
    """Serve the site built by `rebuild` and rebuild it on changes, until interrupted."""
    server = bind(options.host, options.port, SiteState(), options.port_tries)
    workdir = Path(tempfile.mkdtemp(prefix="sitegen-serve-"))
    loop = Loop(rebuild, watcher, server, workdir, say, options.follow)
    thread = threading.Thread(target=server.serve_forever, name="sitegen-http", daemon=True)
    try:
        watcher.start()
        thread.start()
        if options.port and server.port != options.port:
            say(f"Port {options.port} is in use; using {server.port} instead.")
        loop.build(ChangeSet(full=True))
        address = site_address(server, loop.state.current().baseurl)
        say(f"Serving at {address} (Ctrl-C to stop)")
        if options.open_browser:
            threading.Thread(target=webbrowser.open, args=(address,), daemon=True).start()
        loop.run_forever()
    finally:
        stop(loop, thread)


def stop(loop: Loop, thread: threading.Thread) -> None:
    """Stop watching and serving, wake the waiting requests, remove every build folder."""
    loop.state.close()
    if thread.is_alive():
        loop.server.shutdown()
    loop.server.server_close()
    loop.watcher.stop()
    shutil.rmtree(loop.workdir, ignore_errors=True)


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

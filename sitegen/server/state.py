"""What the preview server shows, and what the browsers are told after each build.

``publish_good`` records a good build (its folder, its base URL) and ``publish_failed``
a failed one, under a condition variable that wakes the live-reload streams. Two counters
tell the browsers what happened: ``version`` counts finished builds (good or failed) and
``site_version`` counts good ones, the ones that change the pages.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path


@dataclass(frozen=True)
class BuildOutcome:
    """What one build did, as the server needs to know it."""

    ok: bool
    """The site was written (into the folder the server asked for)."""
    seconds: float
    problems: tuple[str, ...] = ()
    """``path:line: message (hint)`` lines: the errors when the build failed, else warnings."""
    baseurl: str = ""
    """The site's base path ('' or '/repo'), as the build used it."""
    urls: Mapping[str, str] = field(default_factory=dict)
    """Source path (relative to the site's folder) -> URL of its page, without the baseurl."""

    @property
    def errors(self) -> int:
        return 0 if self.ok else len(self.problems)


@dataclass(frozen=True)
class Snapshot:
    """The server's state at one moment."""

    folder: Path | None = None
    """The last good build, or None before the first one."""
    baseurl: str = ""
    site_version: int = 0
    """Good builds so far: pages served from an older one need reloading."""
    version: int = 0
    """Finished builds so far, good or failed."""
    problems: tuple[str, ...] = ()
    """Errors of the last build when it failed (shown as an overlay), else empty."""
    follow: str = ""
    """URL of the page the last build changed, for browsers that follow edits."""

    @property
    def failed(self) -> bool:
        return bool(self.problems)


class SiteState:
    """The current snapshot, shared by the build loop and the request threads."""

    def __init__(self) -> None:
        self.instance = secrets.token_hex(6)
        """Differs in every run of the server, so pages from an earlier run reload."""
        self._cond = threading.Condition()
        self._snapshot = Snapshot()
        self.closed = False

    def current(self) -> Snapshot:
        with self._cond:
            return self._snapshot

    def publish_good(self, folder: Path, outcome: BuildOutcome, follow: str = "") -> Path | None:
        """Serve `folder` from now on; returns the folder it replaces."""
        with self._cond:
            old = self._snapshot
            self._snapshot = Snapshot(folder, outcome.baseurl, old.site_version + 1,
                                      old.version + 1, (), follow)
            self._cond.notify_all()
            return old.folder

    def publish_failed(self, outcome: BuildOutcome) -> None:
        """Keep serving the last good site, with the build's errors on top."""
        with self._cond:
            old = self._snapshot
            self._snapshot = replace(old, version=old.version + 1,
                                     problems=outcome.problems or ("build failed",), follow="")
            self._cond.notify_all()

    def wait_for_build(self, since: int, timeout: float) -> Snapshot | None:
        """The snapshot once more than `since` builds have finished; None on timeout or
        when the server closes."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._snapshot.version <= since and not self.closed:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._cond.wait(left)
            return None if self.closed else self._snapshot

    def close(self) -> None:
        """Wake every waiting request so that it ends."""
        with self._cond:
            self.closed = True
            self._cond.notify_all()

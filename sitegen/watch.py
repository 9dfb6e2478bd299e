"""Watch a site's folder: file-system events -> debounced change sets, sorted by kind.

Editors save in many ways (write in place, write a temporary file and rename it, vim's
``x.md~`` and ``4913``, JetBrains' ``___jb_tmp___``, emacs' ``#x#``); all of them end with
the real file changed, so only real site files are recorded and the helper files are
ignored. Events are collected until the folder has been quiet for a moment, and then
handed out as one ``ChangeSet``: one rebuild per burst. Events that arrive while a
rebuild runs wait in the collector, so one more rebuild follows and nothing is lost.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
import time
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path, PurePosixPath
from types import TracebackType

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

from sitegen.errors import SitegenError

POLL_INTERVAL = 0.5
"""Seconds between two scans of the folders with ``--poll``."""
CACHE_FOLDER = ".sitegen-cache"
CONFIG_FILE = "_config.yml"
COUNTED_EVENTS = frozenset({"created", "modified", "deleted", "moved", "closed", "attrib"})
_EDITOR_SUFFIXES = ("~", ".swp", ".swo", ".swx", ".tmp", ".kate-swp",
                    "___jb_tmp___", "___jb_old___")
_EMACS_AUTOSAVE = re.compile(r"^#.*#$")


class ChangeKind(Enum):
    """What a changed file is, which decides how much has to be rebuilt."""

    CONTENT = "content"
    """Posts, drafts and pages."""
    TEMPLATES = "templates"
    STATIC = "static"
    CONFIG = "config"


@dataclass(frozen=True)
class ChangeSet:
    """The files that changed in one burst of events, by kind."""

    paths: frozenset[tuple[ChangeKind, str]] = frozenset()
    """(kind, path relative to the site's folder with '/' separators); a folder's path
    stands for everything below it."""
    full: bool = False
    """Everything must be built (the first build)."""

    def of_kind(self, kind: ChangeKind) -> frozenset[str]:
        """The changed paths of one kind."""
        return frozenset(rel for k, rel in self.paths if k is kind)

    @property
    def kinds(self) -> frozenset[ChangeKind]:
        return frozenset(k for k, _ in self.paths)

    @property
    def files(self) -> tuple[str, ...]:
        """Every changed path, sorted."""
        return tuple(sorted({rel for _, rel in self.paths}))

    def __len__(self) -> int:
        return len(self.files)


def is_editor_file(name: str) -> bool:
    """Temporary and backup files editors write next to the file being saved."""
    return (name.endswith(_EDITOR_SUFFIXES) or bool(_EMACS_AUTOSAVE.match(name))
            or _is_vim_probe(name))


def _is_vim_probe(name: str) -> bool:
    """vim creates ``4913`` (or 4913 + 123·n) to test whether it may write a folder."""
    return name.isdigit() and int(name) >= 4913 and (int(name) - 4913) % 123 == 0


def classify(rel: str, ignored_folders: frozenset[str] = frozenset()) -> ChangeKind | None:
    """The kind of a path relative to the site's folder, or None when it is ignored."""
    parts = PurePosixPath(rel).parts
    if not parts or parts[0] in ignored_folders or parts[0] == CACHE_FOLDER:
        return None
    if any(part.startswith(".") for part in parts) or is_editor_file(parts[-1]):
        return None
    if parts == (CONFIG_FILE,):
        return ChangeKind.CONFIG
    if parts[0] == "templates":
        return ChangeKind.TEMPLATES
    if parts[0] == "static":
        return ChangeKind.STATIC
    return ChangeKind.CONTENT


class Collector:
    """Changes waiting for a rebuild; hands them out once the folder has been quiet."""

    def __init__(self, quiet: float = 0.2, longest: float = 2.0) -> None:
        self.quiet = quiet
        self.longest = longest
        self._cond = threading.Condition()
        self._pending: set[tuple[ChangeKind, str]] = set()
        self._first = self._last = 0.0

    def add(self, kind: ChangeKind, rel: str) -> None:
        """Record one changed file."""
        with self._cond:
            now = time.monotonic()
            if not self._pending:
                self._first = now
            self._pending.add((kind, rel))
            self._last = now
            self._cond.notify_all()

    def take(self, timeout: float | None = None) -> ChangeSet | None:
        """Wait for changes and a quiet moment; None if nothing changed within `timeout`."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while not self._ready():
                wait = self._wait_time(deadline)
                if wait is not None and wait <= 0:
                    return None
                self._cond.wait(wait)
            changes = ChangeSet(frozenset(self._pending))
            self._pending.clear()
            return changes

    def _ready(self) -> bool:
        now = time.monotonic()
        return bool(self._pending) and (now - self._last >= self.quiet
                                        or now - self._first >= self.longest)

    def _wait_time(self, deadline: float | None) -> float | None:
        now = time.monotonic()
        left = None if deadline is None else deadline - now
        if not self._pending:
            return left
        settle = min(self._last + self.quiet, self._first + self.longest) - now
        return max(settle, 0.001) if left is None else min(max(settle, 0.001), left)


@dataclass
class Watcher:
    """Watches a site's folder with watchdog and collects its changes.

    The top-level folders are watched one by one, so ``.git``, the output folder and
    others that are ignored (``node_modules``) cost no watches at all.
    """

    root: Path
    ignored_folders: frozenset[str] = frozenset()
    poll: bool = False
    collector: Collector = field(default_factory=Collector)

    def __post_init__(self) -> None:
        self.root = self.root.resolve()
        self._observer: BaseObserver = Observer()
        if self.poll:
            self._observer = PollingObserver(timeout=POLL_INTERVAL)
            # One burst may straddle two scans: wait longer than a scan before building.
            self.collector.quiet = max(self.collector.quiet, POLL_INTERVAL * 1.5)
        self._handler = _Handler(self)
        self._folders: dict[str, ObservedWatch] = {}

    def start(self) -> None:
        """Begin watching (events from now on are collected)."""
        try:
            self._observer.schedule(self._handler, str(self.root), recursive=False)
            for entry in sorted(self.root.iterdir()):
                if entry.is_dir() and self.kind_of(entry.name) is not None:
                    self.watch_folder(entry.name)
            self._observer.start()
        except OSError as exc:
            raise SitegenError(f"cannot watch {self.root} for changes: {exc.strerror or exc}",
                               hint="try --poll") from None

    def stop(self) -> None:
        """Stop watching and wait for watchdog's threads."""
        if self._observer.is_alive():
            self._observer.stop()
            self._observer.join(timeout=5)

    def __enter__(self) -> Watcher:
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def next_changes(self, timeout: float | None = None) -> ChangeSet | None:
        """The next burst of changes (blocking), or None after `timeout` seconds."""
        return self.collector.take(timeout)

    def kind_of(self, rel: str) -> ChangeKind | None:
        return classify(rel, self.ignored_folders)

    def watch_folder(self, name: str) -> None:
        """Watch a top-level folder (again: a re-created folder needs a new watch)."""
        self.forget_folder(name)
        path = self.root / name
        if path.is_dir() and not path.is_symlink():
            self._folders[name] = self._observer.schedule(self._handler, str(path),
                                                          recursive=True)

    def forget_folder(self, name: str) -> None:
        watch = self._folders.pop(name, None)
        if watch is not None:
            with contextlib.suppress(KeyError):
                self._observer.unschedule(watch)

    def relative(self, path: bytes | str) -> str | None:
        """`path` relative to the root with '/' separators, or None when outside it."""
        try:
            return Path(os.fsdecode(path)).relative_to(self.root).as_posix()
        except ValueError:
            return None


class _Handler(FileSystemEventHandler):
    """Turns watchdog events into recorded changes (runs on watchdog's thread)."""

    def __init__(self, watcher: Watcher) -> None:
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in COUNTED_EVENTS:
            return
        if event.is_directory and event.event_type in ("modified", "closed", "attrib"):
            return
        src_state = {"moved": "moved away", "deleted": "deleted"}.get(event.event_type, "here")
        for path, state in ((event.src_path, src_state), (event.dest_path, "here")):
            rel = self.watcher.relative(path) if path else None
            if rel:
                self._record(rel, state, event.is_directory)

    def _record(self, rel: str, state: str, is_directory: bool) -> None:
        kind = self.watcher.kind_of(rel)
        if kind is None:
            return
        if is_directory and "/" not in rel:
            self._top_folder_changed(rel, state)
        self.watcher.collector.add(kind, rel)

    def _top_folder_changed(self, name: str, state: str) -> None:
        """Keep one watch per top-level folder. A deleted folder's watch ends by itself
        once its last events are in; a moved one would go on reporting the old name."""
        if state == "here":
            self.watcher.watch_folder(name)
            self._record_files_in(name)
        elif state == "moved away":
            self.watcher.forget_folder(name)

    def _record_files_in(self, folder: str) -> None:
        """Files written into a new folder before its watch began."""
        for top, _, names in os.walk(self.watcher.root / folder):
            for name in names:
                rel = self.watcher.relative(os.path.join(top, name))
                kind = self.watcher.kind_of(rel) if rel else None
                if rel and kind:
                    self.watcher.collector.add(kind, rel)

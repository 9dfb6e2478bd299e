"""Builds in a process that keeps running: ``sitegen serve`` and ``sitegen build --watch``.

Such a process keeps the cache in memory and hands each build the files its watcher saw
change, so a saved post is rebuilt without reading the others again. A build that fails
becomes an outcome to report, never the end of the process; the last good site stays.
"""

from __future__ import annotations

import gc
import importlib
import signal
import threading
import time
import traceback
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from types import FrameType

from sitegen import config as config_mod
from sitegen.build import BuildOptions, build
from sitegen.cache import Cache, cache_folder
from sitegen.errors import BuildFailed, SitegenError
from sitegen.server.loop import report
from sitegen.server.state import BuildOutcome
from sitegen.watch import CACHE_FOLDER, ChangeSet, Watcher
from sitegen.workers import PRELOAD

Say = Callable[[str], None]
_READ_ANYWAY = frozenset({"templates", "static", "_posts", "_drafts"})
"""Folders the build reads although the configuration excludes them from pages."""


def build_outcome(options: BuildOptions, debug: bool = False, memory: Cache | None = None,
                  changed: Collection[str] | None = None) -> BuildOutcome:
    """Build once; every failure becomes an outcome with the lines to show."""
    started = time.perf_counter()
    try:
        result = build(options, memory=memory, changed=changed)
    except BuildFailed as exc:
        errors = dict.fromkeys(str(p) for p in exc.problems if p.is_error)
        return BuildOutcome(False, time.perf_counter() - started, tuple(errors))
    except SitegenError as exc:
        return BuildOutcome(False, time.perf_counter() - started, (str(exc),))
    except Exception as exc:  # a bug in the build must not stop the process
        if debug:
            traceback.print_exc()
        line = f"internal error: {exc!r} (run with --debug for the traceback)"
        return BuildOutcome(False, time.perf_counter() - started, (line,))
    return BuildOutcome(True, result.seconds, tuple(dict.fromkeys(map(str, result.problems))),
                        result.baseurl, result.urls)


def watch(options: BuildOptions, say: Say, poll: bool = False, debug: bool = False) -> None:
    """Build into the destination, then again after every change, until interrupted.

    The cache is saved after the first build and when the loop stops. Builds after the
    first update the destination file by file (never swapping the folder), so whatever
    serves it keeps serving. With `poll`, changes are found by scanning the folders."""
    destination = destination_of(options)
    options = replace(options, destination=destination)
    watcher = Watcher(options.source, ignored_names(options.source, destination), poll=poll)
    memory = Cache.load(cache_folder(options.source, options.cache), destination)
    threading.Thread(target=warm_up, name="sitegen-warm-up", daemon=True).start()
    with terminate_as_interrupt(), watcher:
        try:
            first = _build(options, debug, memory, None)
            if first.ok:  # as a plain build would: the next one starts from here
                memory.save(destination)
            say(report(ChangeSet(full=True), first))
            say("Watching for changes (Ctrl-C to stop)")
            options = replace(options, in_place=True)
            while True:
                changes = watcher.next_changes()
                if changes is not None:
                    say(report(changes, _build(options, debug, memory, changes.files)))
        except KeyboardInterrupt:
            memory.save(destination)
            say("Stopped.")


def _build(options: BuildOptions, debug: bool, memory: Cache,
           changed: Collection[str] | None) -> BuildOutcome:
    outcome = build_outcome(options, debug, memory, changed)
    # What a build leaves (the kept cache: thousands of posts' records) lives on; the
    # cycle collector need not go over it again at every later build.
    gc.freeze()
    return outcome


def destination_of(options: BuildOptions) -> Path:
    """The folder a build with `options` writes (``_site`` while the config is broken)."""
    if options.destination is not None:
        return options.destination
    try:
        config, _ = config_mod.load(options.source)
    except SitegenError:
        return options.source / "_site"
    return options.source / config.destination


def ignored_names(source: Path, destination: Path | None = None) -> frozenset[str]:
    """Top-level names whose changes never need a rebuild: the output folder (the
    configured one, and `destination` when it is inside the site), the cache and what the
    configuration excludes."""
    outputs = {CACHE_FOLDER}
    if destination is not None and destination.is_relative_to(source) \
            and destination != source:
        outputs.add(destination.relative_to(source).parts[0])
    try:
        config, _ = config_mod.load(source)
    except SitegenError:
        return frozenset(outputs | {"_site"})
    plain = {name.strip("/") for name in config.exclude if not set("*?[") & set(name)}
    configured = Path(config.destination).parts[:1] or ("_site",)
    return frozenset(plain - _READ_ANYWAY | outputs | {configured[0]})


def warm_up() -> None:
    """Import what rendering a post takes (Markdown, Pygments, Jinja) while the first build
    runs in worker processes, so that the first save is rendered as fast as the later ones."""
    for name in PRELOAD:
        importlib.import_module(name)


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Let SIGTERM stop the process as cleanly as Ctrl-C does."""
    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)

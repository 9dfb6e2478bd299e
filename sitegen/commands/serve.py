"""``sitegen serve``: build the site, serve it on 127.0.0.1, rebuild and reload on change.

This module joins the pieces: the build (``sitegen.build``) becomes the rebuild callback
of the preview server (``sitegen.server``), which never imports the build itself.
"""

from __future__ import annotations

import argparse
import fcntl
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sitegen.build import BuildOptions
from sitegen.cache import Cache, cache_folder
from sitegen.commands.build import add_site_arguments
from sitegen.errors import SitegenError
from sitegen.rebuilding import build_outcome, ignored_names, terminate_as_interrupt, warm_up
from sitegen.server import BuildOutcome, Rebuild, ServeOptions, serve
from sitegen.server.hosts import LOOPBACK_NAMES
from sitegen.watch import ChangeSet, Watcher

NAME = "serve"
HELP = "preview the site: serve it locally and rebuild it on every change"
DESCRIPTION = (
    "Build the site (drafts included) into a temporary folder, serve it on "
    "http://127.0.0.1:4000/ and rebuild it whenever a post, template, static file or "
    "_config.yml changes; open pages reload by themselves and show build errors over the "
    "page until they are fixed. Nothing is written into _site/."
)
DEFAULT_PORT = 4000
PORT_TRIES = 10


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The site options (drafts on by default) and the server's own."""
    add_site_arguments(parser, drafts_default=True)
    parser.add_argument("--no-drafts", dest="drafts", action="store_false",
                        help="leave out the drafts in _drafts/ (shown by default here)")
    parser.add_argument("--baseurl", metavar="PATH",
                        help="serve under this path instead of baseurl in _config.yml")
    parser.add_argument("-H", "--host", default="127.0.0.1",
                        help="address to listen on (default: 127.0.0.1, this computer only)")
    parser.add_argument("-P", "--port", type=int, metavar="N",
                        help=f"port to listen on (default: {DEFAULT_PORT}, or the next free "
                             "one; 0 takes any free port)")
    parser.add_argument("-o", "--open", action="store_true",
                        help="open the site in the web browser once it is built")
    parser.add_argument("--poll", action="store_true",
                        help="notice changes by scanning the folder twice a second (for "
                             "network drives, containers and WSL, where file events are lost)")
    parser.add_argument("--follow", action="store_true",
                        help="when a post is saved, send the browser to it, even from another page")


PREVIEW_FOLDER = "preview"
"""The preview server's site, inside the build cache folder (kept between sessions)."""


def run(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C."""
    source = args.source.resolve()
    if not source.is_dir():
        raise SitegenError(f"{args.source} is not a folder", hint="give the site's folder")
    if args.host not in LOOPBACK_NAMES:
        print(f"warning: listening on {args.host}: other computers can read this preview, "
              "drafts included", file=sys.stderr)
    explicit = args.port is not None
    folder = cache_folder(source, True)
    with _preview_folder(folder) as preview:
        memory = Cache.load(folder, preview) if preview else Cache(folder)
        options = ServeOptions(host=args.host, port=args.port if explicit else DEFAULT_PORT,
                               port_tries=1 if explicit else PORT_TRIES, follow=args.follow,
                               open_browser=args.open, folder=preview)
        watcher = Watcher(source, ignored_names(source), poll=args.poll)
        threading.Thread(target=warm_up, name="sitegen-warm-up", daemon=True).start()
        with terminate_as_interrupt():
            try:
                serve(make_rebuild(args, source, memory), watcher, options, say=_say)
            except KeyboardInterrupt:
                if preview:  # the next session starts from this one's pages and cache
                    memory.save(preview)
                _say("Stopped.")
    return 0


@contextmanager
def _preview_folder(folder: Path | None) -> Iterator[Path | None]:
    """The preview folder kept in the cache folder, held by this session while it runs;
    None (a temporary folder) when there is no cache folder or another session holds it."""
    if folder is None:
        yield None
        return
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{PREVIEW_FOLDER}.lock", "a+b") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("another sitegen serve is previewing this site: this one builds into a "
                  "temporary folder", file=sys.stderr)
            yield None
            return
        yield folder / PREVIEW_FOLDER


def make_rebuild(args: argparse.Namespace, source: Path, memory: Cache) -> Rebuild:
    """The build, as the preview server calls it: without the search index, into the
    folder being served (file by file), with the cache kept in `memory` between builds."""
    def rebuild(changes: ChangeSet, destination: Path) -> BuildOutcome:
        options = BuildOptions(source=source, destination=destination, drafts=args.drafts,
                               future=args.future, unpublished=args.unpublished,
                               baseurl=args.baseurl, search=False, in_place=True)
        return build_outcome(options, debug=getattr(args, "debug", False), memory=memory,
                             changed=None if changes.full else changes.files)
    return rebuild


def _say(line: str) -> None:
    print(line, flush=True)

"""``sitegen build``: build the site into ``_site/``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sitegen.build import BuildOptions, BuildResult, build
from sitegen.errors import SitegenError

NAME = "build"
HELP = "build the site into _site/"
DESCRIPTION = (
    "Render every post, the index, tag and archive pages, the feed and the sitemap into the "
    "destination folder. Nothing is written unless the whole build succeeds. With --watch "
    "the command keeps running and rebuilds on every change, reading only what changed."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options shared by every command that builds."""
    add_site_arguments(parser)
    parser.add_argument("-d", "--destination", type=Path, metavar="DIR",
                        help="output folder (default: _site inside the source folder)")
    parser.add_argument("--baseurl", metavar="PATH",
                        help="the path the site is served under, overriding baseurl in "
                             "_config.yml (e.g. /repo for a GitHub Pages project site)")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                        help="worker processes for post pages (default: one per CPU core)")
    parser.add_argument("--no-cache", action="store_true",
                        help="ignore and do not update the build cache in .sitegen-cache/")
    parser.add_argument("--no-search", action="store_true",
                        help="do not write the search index (pagefind/) this time")
    parser.add_argument("-V", "--verbose", action="store_true",
                        help="say which posts were skipped and why, and show every warning")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="print only errors (no summary, no warnings)")
    parser.add_argument("-w", "--watch", action="store_true",
                        help="keep running: rebuild whenever a post, template, static file or "
                             "_config.yml changes, until Ctrl-C (one line per build)")
    parser.add_argument("--poll", action="store_true",
                        help="with --watch: notice changes by scanning the folder twice a "
                             "second (for network drives, containers and WSL)")


def add_site_arguments(parser: argparse.ArgumentParser, drafts_default: bool = False) -> None:
    """The options that choose the site and which posts it includes."""
    parser.add_argument("-s", "--source", type=Path, default=Path("."), metavar="DIR",
                        help="the site's folder, holding _config.yml and _posts/ (default: .)")
    parser.add_argument("-D", "--drafts", action="store_true", default=drafts_default,
                        help="include the drafts in _drafts/")
    parser.add_argument("--future", action="store_true", help="include posts dated in the future")
    parser.add_argument("--unpublished", action="store_true",
                        help="include posts marked 'published: false'")


def run(args: argparse.Namespace) -> int:
    """Build once and report."""
    options = BuildOptions(source=args.source.resolve(), destination=_dest(args.destination),
                           drafts=args.drafts, future=args.future,
                           unpublished=args.unpublished, strict=args.strict,
                           baseurl=args.baseurl, jobs=args.jobs, cache=not args.no_cache,
                           search=not args.no_search)
    if args.watch:
        return _watch(options, args.poll, getattr(args, "debug", False))
    progress = Progress() if sys.stderr.isatty() and not args.quiet else None
    try:
        result = build(options, progress)
    finally:
        if progress:
            progress.clear()
    report(result, verbose=args.verbose, quiet=args.quiet)
    return 0


def _watch(options: BuildOptions, poll: bool, debug: bool) -> int:
    """Build, then rebuild on every change until Ctrl-C."""
    from sitegen.rebuilding import watch

    if not options.source.is_dir():
        raise SitegenError(f"{options.source} is not a folder", hint="give the site's folder")
    watch(options, say=lambda line: print(line, flush=True), poll=poll, debug=debug)
    return 0


def _dest(path: Path | None) -> Path | None:
    return path.resolve() if path else None


def report(result: BuildResult, *, verbose: bool, quiet: bool) -> None:
    """Warnings, skipped posts (verbose) and the one-line summary."""
    if quiet:
        return
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if verbose:
        for rel, reason in result.skipped:
            print(f"skipped {rel}: {reason}", file=sys.stderr)
    print(summary(result))


def summary(result: BuildResult) -> str:
    """``Built 128 posts, 131 pages in 1.4 s`` and what was left out."""
    posts = f"{result.posts} post{'s' if result.posts != 1 else ''}"
    line = f"Built {posts}, {result.pages} pages in {result.seconds:.1f} s"
    extras = []
    if result.skipped:
        extras.append(f"{len(result.skipped)} skipped (--verbose says why)")
    warnings = sum(1 for p in result.problems if not p.is_error)
    if warnings:
        extras.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return line + (f" ({', '.join(extras)})" if extras else "")


class Progress:
    """A one-line progress display on a terminal, shown only for builds over a second."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if time.monotonic() - self.started < 1.0 or (done % 25 and done != total):
            return
        sys.stderr.write(f"\r{stage} {done}/{total} posts")
        sys.stderr.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


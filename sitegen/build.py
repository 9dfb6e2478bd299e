"""The build, start to finish; reads like a table of contents.

config -> sources -> selected posts -> post pages (in worker processes) -> listing pages
-> static files -> the destination swapped or updated in place -> the cache saved.
Every problem is collected across all posts; if any is an error (or a warning under
``--strict``) the destination is left exactly as it was and ``BuildFailed`` carries the list.
"""

from __future__ import annotations

import dataclasses
import fcntl
import os
import sys
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from sitegen import config as config_mod
from sitegen import linkcheck, output, pages_source, sources, theme, translations
from sitegen.cache import (
    SEARCH_SKIPPED,
    Cache,
    PostRecord,
    SourceEntry,
    cache_folder,
    compact,
    digest,
)
from sitegen.config import SiteConfig
from sitegen.errors import BuildFailed, Problem, SitegenError, error, warning
from sitegen.model import Kind, Post, SourceFile
from sitegen.pages import ListingResult, render_listing
from sitegen.selection import Selection, post_urls, select
from sitegen.views import PostView
from sitegen.workers import PostTask, render_all

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class BuildOptions:
    """What the user asked for on the command line."""

    source: Path
    destination: Path | None = None
    drafts: bool = False
    future: bool = False
    unpublished: bool = False
    strict: bool = False
    baseurl: str | None = None
    """Overrides ``baseurl`` of _config.yml (e.g. the base path GitHub Pages gives)."""
    public: bool = False
    """Only what may go public: ``show_drafts``, ``future`` and ``unpublished`` of the config
    are ignored (``sitegen publish``)."""
    jobs: int = 0
    """Worker processes for post pages; 0 means one per CPU core."""
    cache: bool = True
    """Use and update the cache in ``.sitegen-cache/`` (when the site's folder is writable)."""
    search: bool = True
    """Write the search index when the site wants one (the preview server does not)."""
    in_place: bool = False
    """Update an existing destination file by file, never by swapping in a new folder
    (the preview server serves the destination while it builds)."""


@dataclass(frozen=True)
class BuildResult:
    """What a successful build did."""

    posts: int
    pages: int
    written: int
    seconds: float
    destination: Path
    problems: tuple[Problem, ...] = ()
    skipped: tuple[tuple[str, str], ...] = field(default=())
    """(source path, reason) of every post left out."""
    urls: Mapping[str, str] = field(default_factory=dict)
    """Source path of every post built -> its URL, without the baseurl."""
    baseurl: str = ""
    rendered: int = 0
    """Post pages rendered (the others were unchanged and reused)."""


def build(options: BuildOptions, progress: Progress | None = None,
          memory: Cache | None = None, changed: Collection[str] | None = None) -> BuildResult:
    """Build the site; raise BuildFailed (leaving the destination as it was) on errors.

    A long-running caller (the preview server) may keep the cache in `memory`: it is used
    instead of the saved one, updated only when the build succeeds, and not saved. If it
    also knows every path (relative to the site) that `changed` since that cache's last
    build, the posts' folders are not searched again, nor their files looked at, unless
    those changes can have added, removed or altered them.
    """
    started = time.perf_counter()
    config, problems = config_mod.load(options.source)
    config = with_options(config, options)
    destination = options.destination or options.source / config.destination
    output.check_destination(destination, options.source)
    folder = cache_folder(options.source, options.cache)
    lock = folder / "lock" if folder else destination.with_name(f".{destination.name}.lock")
    with build_lock(lock):
        cache = memory if memory is not None and memory.folder == folder \
            else Cache.load(folder, destination)
        result = _build(options, config, destination, cache, problems, progress, changed)
        if cache is not memory:
            cache.save(destination)
    return replace(result, seconds=time.perf_counter() - started)


def _build(options: BuildOptions, config: SiteConfig, destination: Path, cache: Cache,
           problems: list[Problem], progress: Progress | None,
           changed: Collection[str] | None = None) -> BuildResult:
    found, trusted = _sources(options, config, cache, changed)
    site_files = pages_source.discover_pages(config, destination)
    selection = select([*found.files, *site_files.pages], config, cache,
                       future=options.future or config.future,
                       unpublished=options.unpublished or config.unpublished,
                       jobs=_jobs(options), trusted=trusted)
    problems += [*found.problems, *site_files.problems, *selection.problems]
    fingerprint = site_fingerprint(config, options)
    staging = output.new_staging(destination)
    try:
        records, failures, written = post_pages(selection, config, cache, fingerprint,
                                                 staging, destination, options, progress)
        problems += [p for r in records.values() for p in r.problems] + failures
        listing = listing_pages(selection, records, config, cache, fingerprint, staging,
                                destination, _jobs(options))
        problems += listing.problems
        index, indexed, search_state = search_index(config, records, cache, staging,
                                                    destination) \
            if options.search else ({}, set(), cache.search)
        outputs = {r.output: r.output_hash for r in records.values()} | listing.outputs | index
        copies = {rel: path for rel, path in
                  {**theme.static_files(config.source), **site_files.static}.items()
                  if rel not in outputs}
        problems += broken_links(records, set(outputs) | set(copies), config)
        stop_on_errors(problems, options.strict)
        stamps, folders = output.finish(staging, destination, outputs,
                                        written | listing.written | indexed, copies,
                                        options.in_place, cache.manifest.keys(), cache.folders)
    except OSError as exc:
        output.remove(staging)
        where = f" {exc.filename}" if exc.filename else ""
        raise SitegenError(f"cannot write the site:{where}: {exc.strerror}",
                           hint="check the free disk space and the destination's permissions"
                           ) from None
    except BaseException:
        output.remove(staging)
        raise
    remember(cache, selection, records, stamps, listing.keys, options.search)
    cache.folders = folders
    cache.discovery = found
    cache.reads = listing.reads
    cache.listing = listing.stage_key
    cache.search = search_state
    posts_built = sum(1 for e in selection.entries
                      if e.post.source.kind is not Kind.PAGE and e.post.source.rel in records)
    return BuildResult(posts_built, len(outputs), len(written | listing.written), 0.0,
                       destination, tuple(problems), selection.skipped,
                       {e.post.source.rel: e.post.url for e in selection.entries},
                       config.baseurl, rendered=len(written))


def _sources(options: BuildOptions, config: SiteConfig, cache: Cache,
             changed: Collection[str] | None) -> tuple[sources.Discovery, frozenset[str]]:
    """The posts and drafts on disk, and those known to be unchanged since the cache's
    last build (when the `changed` paths are known and leave them where they were)."""
    drafts = _wants_drafts(options, config)
    previous, cache.discovery = cache.discovery, None  # kept again if this build succeeds
    if previous is not None and changed is not None and previous.drafts == drafts \
            and sources.still_found(previous, changed, config):
        return previous, frozenset(f.rel for f in previous.files).difference(changed)
    files, problems = sources.discover(config, drafts)
    return sources.Discovery(drafts, tuple(files), tuple(problems)), frozenset()


def select_posts(found: Sequence[SourceFile], config: SiteConfig,
                 options: BuildOptions) -> tuple[list[Post], list[tuple[str, str]], list[Problem]]:
    """The posts a build with `options` includes, read afresh (bodies left out)."""
    chosen = select(found, config, Cache(None), future=options.future or config.future,
                    unpublished=options.unpublished or config.unpublished)
    return list(chosen.posts), list(chosen.skipped), list(chosen.problems)


def _wants_drafts(options: BuildOptions, config: SiteConfig) -> bool:
    return options.drafts or config.show_drafts


def with_options(config: SiteConfig, options: BuildOptions) -> SiteConfig:
    """The configuration with the command line's overrides applied."""
    if options.baseurl is not None:
        base = options.baseurl.strip().strip("/")
        baseurl = f"/{base}" if base else ""
        config = replace(config, baseurl=baseurl, raw={**config.raw, "baseurl": baseurl})
    if options.public:
        config = replace(config, show_drafts=False, future=False, unpublished=False)
    return config


def site_fingerprint(config: SiteConfig, options: BuildOptions) -> str:
    """Everything every page depends on besides its own sources: config and templates."""
    templates = []
    for folder in theme.template_dirs(config.source):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                templates.append((path.relative_to(folder).as_posix(), path.read_bytes()))
    return digest(sorted(config.raw.items(), key=lambda kv: kv[0]), config.baseurl, templates,
                  dataclasses.astuple(config)[1:], options.drafts, options.public)


def post_pages(selection: Selection, config: SiteConfig, cache: Cache, fingerprint: str,
               staging: Path, destination: Path, options: BuildOptions,
               progress: Progress | None) -> tuple[dict[str, PostRecord], list[Problem], set[str]]:
    """Reuse every unchanged post page, render the others; records by source path."""
    urls = post_urls(selection.posts)
    urls_digest = digest(sorted(urls.items()))
    feed = feed_sources(selection.entries, config.feed_limit)
    versions, problems = translations.links(selection.posts, config.languages)
    records: dict[str, PostRecord] = {}
    tasks = []
    stored = _stored_search_keys(cache) if options.search else frozenset()
    for entry in selection.entries:
        rel = entry.post.source.rel
        others = versions.get(rel, ())
        key = digest(fingerprint, rel, entry.content, urls_digest if entry.uses_liquid else "",
                     others)
        old = cache.records.get(rel)
        stamp = cache.manifest.get(old.output) if old else None
        if old and old.key == key and (rel not in feed or old.content_html) \
                and not (options.search and _lacks_search_records(old, stored)) \
                and output.intact(destination, old.output, stamp):
            records[rel] = old
        else:
            previous = stamp[0] if old and output.intact(destination, old.output, stamp) \
                and stamp else None
            tasks.append(PostTask(entry.post.source, key, previous, rel in feed, others,
                                  entry.post if entry.post.body else None))
    failures, written = _run(tasks, records, config, urls, staging, options, cache, progress)
    _compact(records, [t.source.rel for t in tasks if t.source.rel in records],
             selection.entries)
    return records, problems + failures, written


def _stored_search_keys(cache: Cache) -> frozenset[str]:
    """The keys of the posts' search records this build can read: those in the cache
    folder and those kept in memory."""
    from sitegen.search import store

    return store.keys(cache.folder) | cache.fresh_search.keys()


def _lacks_search_records(record: PostRecord, stored: frozenset[str]) -> bool:
    """Whether the post's search records were not made, or are gone from the cache folder
    (a build into another destination, with other records, may have removed them)."""
    key = record.search_key
    return key == SEARCH_SKIPPED or (bool(key) and key not in stored)


def _compact(records: dict[str, PostRecord], rendered: Collection[str],
             entries: Sequence[SourceEntry]) -> None:
    """The records just rendered share their front matter with the posts read."""
    metas = {e.post.source.rel: e.post.meta for e in entries}
    pool: dict[object, object] = {}
    for rel in rendered:
        records[rel] = compact(records[rel], metas[rel], pool)


def _run(tasks: Sequence[PostTask], records: dict[str, PostRecord], config: SiteConfig,
         urls: Mapping[str, str], staging: Path, options: BuildOptions, cache: Cache,
         progress: Progress | None) -> tuple[list[Problem], set[str]]:
    jobs = _jobs(options)
    report = (lambda n: progress("Rendering", n, len(tasks))) if progress else None
    problems: list[Problem] = []
    written: set[str] = set()
    for outcome in render_all(tasks, config, urls, staging, jobs, cache.folder, report,
                              options.search):
        if outcome.record is None:
            problems += outcome.problems
            continue
        records[outcome.rel] = outcome.record
        if outcome.search is not None:
            cache.fresh_search[outcome.record.search_key] = outcome.search
        if outcome.written:
            written.add(outcome.record.output)
    return problems, written


def _jobs(options: BuildOptions) -> int:
    return options.jobs or os.cpu_count() or 1


def feed_sources(entries: Sequence[SourceEntry], limit: int) -> set[str]:
    """Source paths of the posts the feed shows in full (the newest `limit`)."""
    newest = sorted((e for e in entries if e.post.source.kind is not Kind.PAGE),
                    key=lambda e: e.post.source.rel)
    newest.sort(key=lambda e: e.post.date, reverse=True)
    return {e.post.source.rel for e in newest[:limit]}


def listing_pages(selection: Selection, records: Mapping[str, PostRecord], config: SiteConfig,
                  cache: Cache, fingerprint: str, staging: Path,
                  destination: Path, jobs: int = 1) -> ListingResult:
    """Home, tags, archive, feed, sitemap...: from the summaries of the posts built."""
    built = [e.post for e in selection.entries if e.post.source.rel in records]
    built.sort(key=lambda p: p.source.rel)
    built.sort(key=lambda p: p.date, reverse=True)
    summaries: list[PostView] = []
    pages: list[PostView] = []
    keys: dict[int, str] = {}
    for post in built:
        record = records[post.source.rel]
        view = record.summary
        if record.content_html:
            view = replace(view, content_html=record.content_html)
        keys[id(view)] = record.summary_key
        (pages if post.source.kind is Kind.PAGE else summaries).append(view)
    return render_listing(config, summaries, cache, destination, staging, fingerprint, pages,
                          keys, jobs)


def search_index(config: SiteConfig, records: Mapping[str, PostRecord], cache: Cache,
                 staging: Path, destination: Path
                 ) -> tuple[dict[str, str], set[str], tuple[str, dict[str, str]]]:
    """The site's search index (``pagefind/``), rebuilt only when a record changed: its
    files (path -> hash), those written, and what the cache keeps of it."""
    from sitegen import search

    if not search.enabled(config):
        return {}, set(), ("", {})
    keys = [records[rel].search_key for rel in sorted(records) if records[rel].search_key]
    key = digest(keys, config.raw.get("languages"), config.baseurl)
    old_key, old_outputs = cache.search
    if key == old_key and all(output.intact(destination, rel, cache.manifest.get(rel))
                              for rel in old_outputs):
        return dict(old_outputs), set(), cache.search
    found = [search.store.load(cache.folder, k, cache.fresh_search) for k in keys]
    index = search.write_index(found, config, staging, destination)
    return dict(index.outputs), set(index.written), (key, dict(index.outputs))


def broken_links(records: Mapping[str, PostRecord], files: set[str],
                 config: SiteConfig) -> list[Problem]:
    """A warning for every link in a post's content that leads to no file of the site.

    Only what authors write is checked here; ``sitegen publish`` checks every page.
    """
    known = frozenset(files)
    base = "/" + config.baseurl.strip("/") if config.baseurl.strip("/") else ""
    problems = []
    for rel, record in sorted(records.items()):
        for url in record.links:
            why = linkcheck.broken(url, record.output, known, base, config.url)
            if why:
                problems.append(warning(rel, None, f"broken link to {url}", why))
    return problems


def remember(cache: Cache, selection: Selection, records: Mapping[str, PostRecord],
             stamps: Mapping[str, output.Stamp], pages: Mapping[str, str],
             search: bool = True) -> None:
    """Update the cache with what this build read and wrote. A build that writes the
    search index removes the stored search records no post of it refers to; others (the
    preview server's) leave them to it."""
    cache.sources = {rel: entry.without_body() for rel, entry in selection.read.items()}
    if search and cache.folder and (cache.records.keys() != records.keys() or any(
            cache.records[rel] is not record for rel, record in records.items())):
        from sitegen.search import store

        store.prune(cache.folder, {r.search_key for r in records.values()})
    cache.records = dict(records)
    cache.manifest = dict(stamps)
    cache.pages = dict(pages)


@contextmanager
def build_lock(lock_path: Path) -> Iterator[None]:
    """One build of a site at a time; a second one waits for the first."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+b") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("waiting for another build of this site to finish...", file=sys.stderr)
            fcntl.flock(fh, fcntl.LOCK_EX)
        yield


def stop_on_errors(problems: Sequence[Problem], strict: bool) -> None:
    """Raise BuildFailed if anything stops the build."""
    if any(p.is_error for p in problems) or (strict and problems):
        if strict:
            problems = [error(p.path, p.line, p.message, p.hint) for p in problems]
        raise BuildFailed(sorted(problems, key=_problem_order))


def _problem_order(problem: Problem) -> tuple[str, int]:
    return problem.path, problem.line or 0

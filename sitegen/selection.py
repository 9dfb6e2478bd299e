"""Which posts a build includes: read every source (or take it from the cache when the file
is unchanged), skip future and unpublished ones, and catch two posts writing one file."""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sitegen import posts
from sitegen.cache import Cache, SourceEntry, digest, file_status
from sitegen.config import SiteConfig
from sitegen.errors import Problem, error, warning
from sitegen.model import Post, SourceFile
from sitegen.parallel import fork_map


@dataclass(frozen=True)
class Selection:
    """The posts in this build (with their cache entries) and why others are not."""

    entries: tuple[SourceEntry, ...]
    skipped: tuple[tuple[str, str], ...]
    problems: tuple[Problem, ...]
    read: dict[str, SourceEntry]
    """Every source read (included or not), by path: what the cache keeps."""

    @property
    def posts(self) -> tuple[Post, ...]:
        return tuple(e.post for e in self.entries)


def select(found: Sequence[SourceFile], config: SiteConfig, cache: Cache, *,
           future: bool, unpublished: bool, jobs: int = 1,
           trusted: Collection[str] = frozenset()) -> Selection:
    """Read what changed (in `jobs` processes when there is much of it), reuse what did not,
    keep the posts this build includes. The cached entries of `trusted` sources (known
    to be unchanged since the cache's build) are taken without looking at their files."""
    now = build_time()
    entries, skipped, problems, read = [], [], [], {}
    known = [cache.sources.get(source.rel) if source.rel in trusted
             else cached_entry(source, config, cache) for source in found]
    unknown = [source for source, entry in zip(found, known, strict=True) if entry is None]
    fresh = iter(fork_map(functools.partial(read_entry, config=config), unknown, jobs))
    for source, cached in zip(found, known, strict=True):
        entry = next(fresh) if cached is None else cached
        if isinstance(entry, Problem):
            problems.append(entry)
            continue
        read[source.rel] = entry
        reason = posts.skip_reason(entry.post, future=future, unpublished=unpublished, now=now)
        if reason:
            skipped.append((source.rel, reason))
        else:
            entries.append(entry)
    problems += check_collisions([e.post for e in entries])
    return Selection(tuple(entries), tuple(skipped), tuple(problems), read)


MAX_POST_SIZE = 10_000_000
"""Posts larger than this many bytes are refused (``max_post_size`` in _config.yml)."""


def cached_entry(source: SourceFile, config: SiteConfig, cache: Cache) -> SourceEntry | None:
    """The cached entry of a file whose status is unchanged (and that is read as before)."""
    known = cache.sources.get(source.rel)
    if known is None or known.post.source != source:
        return None
    try:
        status = file_status(source.path)
    except OSError:
        return None
    fits = status[1] <= (config.raw.get("max_post_size") or MAX_POST_SIZE)
    return known if known.status == status and fits and not _outside_link(source, config) \
        else None


def read_entry(source: SourceFile, config: SiteConfig) -> SourceEntry | Problem:
    """The entry of a file read afresh, or why it cannot be read."""
    outside = _outside_link(source, config)
    if outside:
        return warning(source.rel, None, outside, "the file is skipped")
    try:
        status = file_status(source.path)
    except OSError as exc:
        return error(source.rel, None, f"cannot read file: {exc.strerror}")
    limit = config.raw.get("max_post_size") or MAX_POST_SIZE
    if status[1] > limit:
        return error(source.rel, None, f"the file is {status[1] / 1e6:.1f} MB, over "
                     f"max_post_size ({limit / 1e6:.1f} MB)",
                     "split the post, or raise max_post_size in _config.yml")
    try:
        data = source.path.read_bytes()
    except OSError as exc:
        return error(source.rel, None, f"cannot read file: {exc.strerror}")
    post = posts.read_or_problem(source, config, data)
    if isinstance(post, Problem):
        return post
    content = digest(data)
    uses_liquid = "{%" in post.body or "{{" in post.body
    return SourceEntry(status, content, post, uses_liquid)


def _outside_link(source: SourceFile, config: SiteConfig) -> str:
    """Why a symlinked source is not read: broken, or leading out of the site."""
    if not source.path.is_symlink():
        return ""
    try:
        target = source.path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "the symbolic link is broken or loops"
    if not target.is_relative_to(config.source.resolve()):
        return f"the symbolic link leads out of the site (to {target})"
    return ""


def build_time() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)


def check_collisions(selected: Sequence[Post]) -> list[Problem]:
    """Two posts writing the same file (also when only the case differs) is an error."""
    seen: dict[str, Post] = {}
    problems = []
    for post in selected:
        key = post.output.casefold()
        if key in seen:
            other = seen[key]
            case = " (the names differ only in case)" if post.output != other.output else ""
            problems.append(error(post.source.rel, None,
                                  f"writes {post.output}, as {other.source.rel} does{case}",
                                  "give one of them another slug or permalink"))
        else:
            seen[key] = post
    return problems


def post_urls(selected: Sequence[Post]) -> dict[str, str]:
    """Jekyll post names (and source paths) -> URLs, for ``{% post_url %}`` and ``{% link %}``."""
    urls = {}
    for post in selected:
        rel = post.source.rel
        stem = rel.rsplit(".", 1)[0]
        urls[stem.split("/")[-1]] = post.url
        urls[stem.removeprefix("_posts/")] = post.url
        urls[rel] = post.url
    return urls

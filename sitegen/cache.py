"""The persistent build cache in ``.sitegen-cache/``: what the last build read and wrote.

It remembers, for every source, its file status and content hash with the post read from
it; for every post page, the key of everything the page depended on and the hash of the
bytes written; for every other page, its key. A build reuses what it can prove unchanged
and redoes the rest, so an incremental build writes the same bytes a clean build would.
A cache written by another version of sitegen or Python is ignored, never trusted.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import os
import pickle
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitegen import __version__
from sitegen.errors import Problem
from sitegen.model import Post
from sitegen.output import Stamp
from sitegen.views import PostView

if TYPE_CHECKING:
    from sitegen.search import SearchPost
    from sitegen.sources import Discovery

CACHE_DIR = ".sitegen-cache"
SEARCH_SKIPPED = "-"
"""The search key of a post whose records were not made: a build with the index renders
it again."""
_FORMAT = f"sitegen {__version__}; python {sys.version_info[:3]}; format 4"


def digest(*parts: object) -> str:
    """A short, stable hash of values (their repr), for cache keys."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part if isinstance(part, bytes) else repr(part).encode("utf-8", "replace"))
        h.update(b"\x00")
    return h.hexdigest()


def file_status(path: Path) -> tuple[int, int, int]:
    """(mtime in ns, size, inode): a file whose status is unchanged is taken as unchanged."""
    st = path.stat()
    return st.st_mtime_ns, st.st_size, st.st_ino


@dataclass(frozen=True)
class SourceEntry:
    """A source as last read: its status, content hash and the post read from it."""

    status: tuple[int, int, int]
    content: str
    post: Post
    """The post; its body only while the build that read it runs (the cache keeps none:
    a post whose page must be rendered again is read again)."""
    uses_liquid: bool

    def without_body(self) -> SourceEntry:
        """The entry as the cache keeps it."""
        return dataclasses.replace(self, post=dataclasses.replace(self.post, body="")) \
            if self.post.body else self


@dataclass(frozen=True)
class PostRecord:
    """A post page as last built."""

    key: str
    summary: PostView
    """The post's view without its rendered parts (what listing pages show)."""
    output: str
    output_hash: str
    problems: tuple[Problem, ...]
    content_html: str = ""
    """The full HTML, kept only for posts the feed shows."""
    links: tuple[str, ...] = ()
    """Every link and image source in the post's own content (for the link check)."""
    search_key: str = ""
    """Digest of the post's search records ("" for drafts, or when the site has no search;
    ``SEARCH_SKIPPED`` when the build that rendered it wrote no index). The records are
    kept apart (``sitegen.search.store``): only re-indexing reads them."""
    summary_key: str = ""
    """Digest of the summary and the kept HTML: what listing pages can show of the post."""


@dataclass
class Cache:
    """What the previous build knew; updated by this build and saved when it succeeds."""

    folder: Path | None
    sources: dict[str, SourceEntry] = field(default_factory=dict)
    records: dict[str, PostRecord] = field(default_factory=dict)
    manifest: dict[str, Stamp] = field(default_factory=dict)
    """Output path -> (hash, size, mtime) of the file the last build left there."""
    pages: dict[str, str] = field(default_factory=dict)
    """Output path of a non-post page -> the key it was rendered with."""
    reads: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Output path of a non-post page -> the attributes of ``site`` it read."""
    listing: str = ""
    """The key all those pages were last built with (``ListingResult.stage_key``)."""
    search: tuple[str, dict[str, str]] = ("", {})
    """The key of the last search index and its files (path -> hash)."""
    fresh_search: dict[str, SearchPost] = field(default_factory=dict)
    """Search records this build made and could not store (no cache folder), by key;
    never saved."""
    discovery: Discovery | None = None
    """The sources the last successful build found, for a caller that knows which files
    changed since (the preview server); never saved."""
    loaded: tuple[Any, ...] = ()
    """What was read from disk, to tell whether there is anything new to save."""

    @classmethod
    def load(cls, folder: Path | None, destination: Path) -> Cache:
        """The cache in `folder` for builds into `destination`, or an empty one."""
        if folder is None:
            return cls(None)
        try:
            with open(folder / _state_name(destination), "rb") as fh, _collector_paused():
                header, state = pickle.load(fh)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError,
                AttributeError, ImportError):
            return cls(folder)
        if header != (_FORMAT, str(destination)):
            return cls(folder)
        cache = cls(folder, **state)
        if any(r.search_key not in ("", SEARCH_SKIPPED) for r in cache.records.values()) \
                and not (folder / "search").is_dir():
            return cls(folder)  # the posts' search records are gone: start afresh
        cache.loaded = cache._contents()
        return cache

    def _contents(self) -> tuple[Any, ...]:
        return (dict(self.sources), dict(self.records), dict(self.manifest), dict(self.pages),
                dict(self.reads), self.listing, self.search)

    def unchanged(self) -> bool:
        """Whether this is what was loaded: the same entries (by identity) and stamps."""
        if not self.loaded:
            return False
        now = self._contents()
        return all(_same_objects(a, b) for a, b in zip(now[:2], self.loaded[:2], strict=True)) \
            and now[2:] == self.loaded[2:]

    def save(self, destination: Path) -> None:
        """Write the cache atomically (a crash leaves the old one or the new one)."""
        if self.folder is None or self.unchanged():
            return
        state: dict[str, Any] = {"sources": self.sources, "records": self.records,
                                 "manifest": self.manifest, "pages": self.pages,
                                 "reads": self.reads,
                                 "listing": self.listing, "search": self.search}
        self.folder.mkdir(parents=True, exist_ok=True)
        name = _state_name(destination)
        temp = self.folder / f"{name}.{os.getpid()}"
        with open(temp, "wb") as fh, _collector_paused():
            pickle.dump(((_FORMAT, str(destination)), state), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, self.folder / name)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused: reading the cache makes hundreds of thousands of
    objects, all kept, which it would otherwise go over again and again as they come."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _same_objects(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return len(a) == len(b) and all(b.get(key) is value for key, value in a.items())


def _state_name(destination: Path) -> str:
    """One state file per destination, so that builds into other folders (the preview
    server's, a publish's) do not invalidate each other."""
    return f"state-{digest(str(destination))[:16]}.pickle"


def cache_folder(source: Path, enabled: bool) -> Path | None:
    """Where the cache lives: inside the site, when the site's folder is writable."""
    if not enabled or not _writable(source):
        return None
    return source / CACHE_DIR


def _writable(folder: Path) -> bool:
    """Writable, and not marked read-only (root may write anywhere, but should not here)."""
    try:
        return os.access(folder, os.W_OK) and bool(folder.stat().st_mode & 0o222)
    except OSError:
        return False

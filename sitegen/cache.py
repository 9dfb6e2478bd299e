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
import zlib
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
_FORMAT = f"sitegen {__version__}; python {sys.version_info[:3]}; format 6"
PARTS = 32
"""The sources and records are saved in this many files."""


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


def compact(record: PostRecord, meta: dict[str, Any], pool: dict[Any, Any]) -> PostRecord:
    """The record with what it has in common with others made one object: the post's
    front matter (equal to `meta`, the post's own), its tags and its asker (one per
    value in `pool`). The saved cache then holds each once, and reads faster."""
    view = record.summary
    summary = dataclasses.replace(
        view, meta=meta if view.meta == meta else view.meta,
        tags=tuple(pool.setdefault(tag, tag) for tag in view.tags),
        categories=tuple(pool.setdefault(tag, tag) for tag in view.categories),
        asker=pool.setdefault(view.asker, view.asker))
    return dataclasses.replace(record, summary=summary)


@dataclass
class Cache:
    """What the previous build knew; updated by this build and saved when it succeeds."""

    folder: Path | None
    sources: dict[str, SourceEntry] = field(default_factory=dict)
    records: dict[str, PostRecord] = field(default_factory=dict)
    manifest: dict[str, Stamp] = field(default_factory=dict)
    """Output path -> (hash, size, mtime) of the file the last build left there."""
    folders: dict[str, int] = field(default_factory=dict)
    """The destination's folders and their times, as the last build left them."""
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
    saved_parts: dict[int, tuple[str, dict[str, SourceEntry], dict[str, PostRecord]]] = \
        field(default_factory=dict)
    """Part number -> its file's name and entries, as last read or written."""

    @classmethod
    def load(cls, folder: Path | None, destination: Path) -> Cache:
        """The cache in `folder` for builds into `destination`, or an empty one."""
        if folder is None:
            return cls(None)
        try:
            with _collector_paused():
                cache = cls._read(folder, destination)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError,
                AttributeError, ImportError, KeyError):
            return cls(folder)
        if any(r.search_key not in ("", SEARCH_SKIPPED) for r in cache.records.values()) \
                and not (folder / "search").is_dir():
            return cls(folder)  # the posts' search records are gone: start afresh
        cache.loaded = cache._contents()
        return cache

    @classmethod
    def _read(cls, folder: Path, destination: Path) -> Cache:
        """The state file and the parts it names; ValueError when it is not this one's."""
        index = folder / _state_name(destination)
        with open(index, "rb") as fh:
            header, state, names = pickle.load(fh)
        if header != (_FORMAT, str(destination)):
            raise ValueError("a cache of another version or destination")
        cache = cls(folder, **state)
        for number, name in enumerate(names):
            with open(_parts_folder(index) / name, "rb") as fh:
                sources, records = pickle.load(fh)
            cache.sources.update(sources)
            cache.records.update(records)
            cache.saved_parts[number] = (name, sources, records)
        return cache

    def _contents(self) -> tuple[Any, ...]:
        return (dict(self.sources), dict(self.records), dict(self.manifest), dict(self.pages),
                dict(self.reads), self.listing, self.search, dict(self.folders))

    def unchanged(self) -> bool:
        """Whether this is what was loaded: the same entries (by identity) and stamps."""
        if not self.loaded:
            return False
        now = self._contents()
        return all(_same_objects(a, b) for a, b in zip(now[:2], self.loaded[:2], strict=True)) \
            and now[2:] == self.loaded[2:]

    def save(self, destination: Path) -> None:
        """Write the cache atomically (a crash leaves the old one or the new one).

        Sources and records are kept in parts (by a hash of their path): a part whose
        entries are those it was read with is not written again, so saving after one
        edit writes one part and the state file that names them."""
        if self.folder is None or self.unchanged():
            return
        index = self.folder / _state_name(destination)
        parts = _parts_folder(index)
        parts.mkdir(parents=True, exist_ok=True)
        with _collector_paused():
            names = [self._save_part(parts, number, sources, records)
                     for number, (sources, records) in enumerate(self._split())]
            state: dict[str, Any] = {"manifest": self.manifest, "folders": self.folders,
                                     "pages": self.pages,
                                     "reads": self.reads, "listing": self.listing,
                                     "search": self.search}
            _write_atomically(index, pickle.dumps(((_FORMAT, str(destination)), state, names),
                                                  protocol=pickle.HIGHEST_PROTOCOL))
        for stale in {p.name for p in parts.iterdir()} - set(names):
            (parts / stale).unlink(missing_ok=True)

    def _split(self) -> list[tuple[dict[str, SourceEntry], dict[str, PostRecord]]]:
        parts: list[tuple[dict[str, SourceEntry], dict[str, PostRecord]]] = \
            [({}, {}) for _ in range(PARTS)]
        for rel, entry in self.sources.items():
            parts[_part_of(rel)][0][rel] = entry
        for rel, record in self.records.items():
            parts[_part_of(rel)][1][rel] = record
        return parts

    def _save_part(self, folder: Path, number: int, sources: dict[str, SourceEntry],
                   records: dict[str, PostRecord]) -> str:
        """The file name of the part: the one it was read from, or a new file."""
        saved = self.saved_parts.get(number)
        if saved and _same_objects(sources, saved[1]) and _same_objects(records, saved[2]):
            return saved[0]
        data = pickle.dumps((sources, records), protocol=pickle.HIGHEST_PROTOCOL)
        name = f"{number:02d}-{digest(data)}.pickle"
        if not (folder / name).is_file():
            _write_atomically(folder / name, data)
        self.saved_parts[number] = (name, sources, records)
        return name


def _write_atomically(path: Path, data: bytes) -> None:
    temp = path.with_name(f"{path.name}.{os.getpid()}")
    temp.write_bytes(data)
    os.replace(temp, path)


def _part_of(rel: str) -> int:
    return zlib.crc32(rel.encode("utf-8", "surrogateescape")) % PARTS


def _parts_folder(index: Path) -> Path:
    return index.with_suffix(".parts")


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

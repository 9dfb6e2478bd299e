"""The search records of every post, kept beside the build cache until the index needs them.

A post's records are most of what a build knows about it (all its text), yet only a
build that re-indexes reads them. So they are not part of the cache's state file: each
post's records are a file in ``.sitegen-cache/search/`` named by their digest, written by
the process that rendered the post, and read back only to index. A build without a cache
keeps them in memory instead.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterable
from pathlib import Path

from sitegen.cache import digest
from sitegen.errors import SitegenError
from sitegen.search.records import SearchPost

FOLDER = "search"


def key_of(post: SearchPost) -> str:
    """The digest that names a post's records."""
    return digest(post)


def store(folder: Path, key: str, post: SearchPost) -> None:
    """Write a post's records under their key (atomically; a file already there is kept)."""
    target = folder / FOLDER / f"{key}.pickle"
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f"{key}.{os.getpid()}.tmp")
    temp.write_bytes(pickle.dumps(post, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(temp, target)


def keys(folder: Path | None) -> frozenset[str]:
    """The keys of the records stored in `folder` (one listing, not a look per post)."""
    try:
        entries = list(os.scandir(folder / FOLDER)) if folder is not None else []
    except OSError:
        return frozenset()
    return frozenset(e.name.removesuffix(".pickle") for e in entries
                     if e.name.endswith(".pickle"))


def load(folder: Path | None, key: str, fresh: dict[str, SearchPost]) -> SearchPost:
    """A post's records: made by this build (`fresh`), or stored by an earlier one."""
    if key in fresh:
        return fresh[key]
    path = (folder or Path()) / FOLDER / f"{key}.pickle"
    try:
        post = pickle.loads(path.read_bytes())
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError) as exc:
        raise SitegenError(f"the build cache lacks search records ({path}: {exc})",
                           hint="run 'sitegen clean', then build again") from None
    if not isinstance(post, SearchPost):
        raise SitegenError(f"the build cache holds damaged search records ({path})",
                           hint="run 'sitegen clean', then build again")
    return post


def prune(folder: Path, keep: Iterable[str]) -> None:
    """Delete the stored records no post refers to any more."""
    wanted = {f"{key}.pickle" for key in keep}
    try:
        entries = list(os.scandir(folder / FOLDER))
    except OSError:
        return
    for entry in entries:
        if entry.name not in wanted:
            Path(entry.path).unlink(missing_ok=True)

"""Write a built site: into a staging folder first, then swap it into place.

The previous output stays untouched until the whole site is written, so a failed or
interrupted build never leaves a half-written ``_site/``. Files the site no longer
produces disappear; dotfiles (``.git``, ``.nojekyll``) and ``CNAME`` already in the
destination are carried over.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sitegen.errors import SitegenError

KEPT_NAMES = ("CNAME",)


@dataclass(frozen=True)
class WriteStats:
    """What a write did."""

    files: int
    written: int
    """Files whose bytes differ from the previous output (or are new)."""


def check_destination(destination: Path, source: Path) -> None:
    """Refuse destinations whose replacement would delete sources or a home folder."""
    dest = destination.resolve()
    src = source.resolve()
    forbidden = {Path("/"), Path.home().resolve(), src, *src.parents}
    if dest in forbidden or dest == Path(dest.anchor):
        raise SitegenError(f"refusing to write the site into {destination}",
                           hint="choose an empty folder such as _site")
    if _has_sources(dest) and dest != src / "_site":
        raise SitegenError(f"{destination} looks like a site's source folder",
                           hint="choose an empty folder such as _site")


def _has_sources(folder: Path) -> bool:
    return (folder / "_posts").is_dir() or (folder / "_config.yml").is_file()


def write(destination: Path, files: Mapping[str, bytes], copies: Mapping[str, Path]) -> WriteStats:
    """Write `files` (bytes) and `copies` (paths to copy) as the new `destination`."""
    staging = destination.with_name(f".{destination.name}.staging-{os.getpid()}")
    _remove(staging)
    moved: list[str] = []
    try:
        written = _fill(staging, destination, files, copies)
        moved = _carry_over(destination, staging, set(files) | set(copies))
        _swap(staging, destination)
    except BaseException:
        _put_back(staging, destination, moved)
        _remove(staging)
        raise
    return WriteStats(files=len(files) + len(copies), written=written)


def _fill(staging: Path, previous: Path, files: Mapping[str, bytes],
          copies: Mapping[str, Path]) -> int:
    written = 0
    for rel, data in sorted(files.items()):
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        old = previous / rel
        if not (_same_bytes(old, data) and _link(old, target)):
            target.write_bytes(data)
            written += 1
    for rel, path in sorted(copies.items()):
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return written


def _link(old: Path, target: Path) -> bool:
    try:
        os.link(old, target)
    except OSError:
        return False
    return True


def _same_bytes(old: Path, data: bytes) -> bool:
    try:
        return old.is_file() and not old.is_symlink() and old.stat().st_size == len(data) \
            and old.read_bytes() == data
    except OSError:
        return False


def _carry_over(previous: Path, staging: Path, produced: set[str]) -> list[str]:
    moved: list[str] = []
    if not previous.is_dir():
        return moved
    for entry in sorted(previous.iterdir()):
        keep = entry.name.startswith(".") or entry.name in KEPT_NAMES
        if keep and entry.name not in produced and not (staging / entry.name).exists():
            os.rename(entry, staging / entry.name)
            moved.append(entry.name)
    return moved


def _put_back(staging: Path, destination: Path, moved: list[str]) -> None:
    """Return carried-over entries to the previous output after a failure."""
    for name in moved:
        if (staging / name).exists() and destination.is_dir():
            os.rename(staging / name, destination / name)


def _swap(staging: Path, destination: Path) -> None:
    old = destination.with_name(f".{destination.name}.old-{os.getpid()}")
    if destination.exists():
        os.rename(destination, old)
    try:
        os.rename(staging, destination)
    except OSError:
        if old.exists():
            os.rename(old, destination)
        raise
    _remove(old)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()

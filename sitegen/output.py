"""Write a built site: new bytes go to a staging folder, then into place all at once.

Pages are written into a private staging folder while the build runs; nothing in the
destination changes until the whole build has succeeded. Then either the staging folder
becomes the destination (unchanged files hard-linked over, dotfiles such as ``.git`` and
``CNAME`` carried over) or, when only a few files changed, those files are moved into the
destination one by one with Ctrl-C held back until the last one is in place. Files the site
no longer produces disappear; files whose bytes did not change are not rewritten.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from sitegen.errors import SitegenError

KEPT_NAMES = ("CNAME",)
IN_PLACE_LIMIT = 200
"""At most this many changed files are moved into place one by one; more means a swap."""

Stamp = tuple[str, int, int]
"""(content hash, size, mtime in ns) of an output file as the build left it."""


@dataclass(frozen=True)
class WriteStats:
    """What finishing a build did to the destination."""

    files: int
    written: int
    removed: int


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


def content_hash(data: bytes) -> str:
    """The hash recorded for an output file's bytes."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def intact(destination: Path, rel: str, stamp: Stamp | None) -> bool:
    """Whether the destination still holds exactly what the last build wrote at `rel`."""
    if stamp is None:
        return False
    try:
        st = os.stat(f"{destination}/{rel}")
    except OSError:
        return False
    return (st.st_size, st.st_mtime_ns) == stamp[1:]


def write_file(staging: Path, rel: str, data: bytes) -> None:
    """Put one output file into the staging folder."""
    target = staging / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def new_staging(destination: Path) -> Path:
    """A fresh, empty staging folder beside the destination."""
    staging = destination.with_name(f".{destination.name}.staging-{os.getpid()}")
    remove(staging)
    staging.mkdir(parents=True)
    return staging


def finish(staging: Path, destination: Path, outputs: Mapping[str, str],
           written: set[str], copies: Mapping[str, Path],
           in_place: bool = False, previous: Collection[str] = (),
           folders: Mapping[str, int] | None = None) -> tuple[dict[str, Stamp], Folders]:
    """Make the destination hold `outputs` (path -> hash); return the new stamps and
    folders.

    `written` are the paths whose bytes are in the staging folder; every other output is
    already in the destination. `copies` are static files to copy (when they differ).
    With `in_place`, an existing destination is always updated file by file (each file
    replaced atomically), never swapped with a new folder; it is a folder only sitegen
    writes (the preview server's), so when it produces the same files as the `previous`
    build there is nothing stale to look for. `folders` are those the previous build
    left (``Folders``): a folder whose time is unchanged is not listed again.
    """
    copied = _copy_static(staging, destination, copies)
    changed = written | copied
    produced = set(outputs) | set(copies)
    known = dict(folders or {})
    if in_place and produced == set(previous):
        stale: list[str] = []
    else:
        stale, known = _stale(destination, produced, previous, known)
    with _hold_interrupts():
        if destination.is_dir() and (in_place or len(changed) + len(stale) <= IN_PLACE_LIMIT):
            _move_in(staging, destination, changed, stale)
            remove(staging)
            known = _touched(destination, known, changed | set(stale))
        else:
            _swap(staging, destination, produced - changed)
            known = _touched(destination, {}, produced)  # all new, and all the site's
    return _stamps(destination, outputs, copies), known


Folders = dict[str, int]
"""Every folder of the destination ('' is the destination itself) -> its modification
time in ns, as the last build left it. A folder whose time is the same holds what that
build left there: the files it wrote and these folders (a file added or removed since
would have changed the time)."""


def _copy_static(staging: Path, destination: Path, copies: Mapping[str, Path]) -> set[str]:
    copied = set()
    for rel, source in sorted(copies.items()):
        old = destination / rel
        if old.is_file() and _same_file(source, old):
            continue
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        copied.add(rel)
    return copied


def _same_file(source: Path, old: Path) -> bool:
    """Same bytes (small files), or same size and copied after the source last changed."""
    new, copy = source.stat(), old.stat()
    if new.st_size != copy.st_size:
        return False
    if new.st_size < 4 << 20:
        return source.read_bytes() == old.read_bytes()
    return new.st_mtime_ns <= copy.st_mtime_ns


def _stale(destination: Path, produced: set[str], previous: Collection[str],
           folders: Folders) -> tuple[list[str], Folders]:
    """Files in the destination the site no longer produces (dotfiles and CNAME stay),
    and its folders now. Folders unchanged since `folders` were taken are not listed."""
    root = str(destination)
    files, children = _by_folder(previous, folders)
    stale: list[str] = []
    seen: Folders = {}
    todo = [""]
    while todo:
        rel = todo.pop()
        try:
            mtime = os.stat(f"{root}/{rel}" if rel else root).st_mtime_ns
        except OSError:
            continue
        if folders.get(rel) == mtime:
            names, subfolders = files.get(rel, []), children.get(rel, [])
        else:
            names, subfolders = _listing(f"{root}/{rel}" if rel else root, rel)
        if not rel:
            names = [n for n in names if not n.startswith(".") and n not in KEPT_NAMES]
        seen[rel] = mtime
        stale += [path for name in names if (path := f"{rel}/{name}" if rel else name)
                  not in produced]
        todo += [f"{rel}/{sub}" if rel else sub for sub in subfolders]
    return sorted(stale), seen


def _by_folder(paths: Collection[str], folders: Folders
               ) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The file names in each folder, and the folders in each."""
    files: dict[str, list[str]] = {}
    for path in paths:
        folder, _, name = path.rpartition("/")
        files.setdefault(folder, []).append(name)
    children: dict[str, list[str]] = {}
    for folder in folders:
        if folder:
            parent, _, name = folder.rpartition("/")
            children.setdefault(parent, []).append(name)
    return files, children


def _listing(path: str, rel: str) -> tuple[list[str], list[str]]:
    """The file names and the folder names in a folder (dot folders at the top left out)."""
    names, subfolders = [], []
    try:
        entries = list(os.scandir(path))
    except OSError:
        return [], []
    for entry in entries:
        if not entry.is_dir():
            names.append(entry.name)
        elif not entry.is_symlink() and (rel or not entry.name.startswith(".")):
            subfolders.append(entry.name)
    return names, subfolders


def _touched(destination: Path, folders: Folders, paths: set[str]) -> Folders:
    """`folders` with the times of those holding `paths` (and their parents) taken again,
    after files were moved in or removed; folders that are gone are left out."""
    changed = set()
    for path in paths:
        folder = path.rpartition("/")[0]
        while folder not in changed:
            changed.add(folder)
            if not folder:
                break
            folder = folder.rpartition("/")[0]
    known = dict(folders)
    for folder in changed:
        try:
            known[folder] = os.stat(destination / folder).st_mtime_ns
        except OSError:
            known.pop(folder, None)
    return known


def _move_in(staging: Path, destination: Path, changed: set[str], stale: list[str]) -> None:
    for rel in sorted(changed):
        target = destination / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / rel, target)
    for rel in stale:
        (destination / rel).unlink(missing_ok=True)
        _prune(destination, (destination / rel).parent)


def _prune(root: Path, folder: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _swap(staging: Path, destination: Path, kept: set[str]) -> None:
    for rel in sorted(kept):
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(destination / rel, target)
    _carry_over(destination, staging)
    old = destination.with_name(f".{destination.name}.old-{os.getpid()}")
    if destination.exists():
        os.rename(destination, old)
    try:
        os.rename(staging, destination)
    except OSError:
        if old.exists():
            os.rename(old, destination)
        raise
    remove(old)


def _carry_over(previous: Path, staging: Path) -> None:
    if not previous.is_dir():
        return
    for entry in sorted(previous.iterdir()):
        keep = entry.name.startswith(".") or entry.name in KEPT_NAMES
        if keep and not (staging / entry.name).exists():
            os.rename(entry, staging / entry.name)


def _stamps(destination: Path, outputs: Mapping[str, str],
            copies: Mapping[str, Path]) -> dict[str, Stamp]:
    stamps = {}
    for rel, digest in outputs.items():
        st = os.stat(f"{destination}/{rel}")
        stamps[rel] = (digest, st.st_size, st.st_mtime_ns)
    for rel in copies:
        st = (destination / rel).stat()
        stamps[rel] = ("static", st.st_size, st.st_mtime_ns)
    return stamps


@contextmanager
def _hold_interrupts() -> Iterator[None]:
    """Defer Ctrl-C until the destination is consistent again."""
    caught: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        caught.append(signum)

    try:
        previous = signal.signal(signal.SIGINT, hold)
    except ValueError:  # not the main thread: signals cannot be handled here anyway
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:
            raise KeyboardInterrupt


def remove(path: Path) -> None:
    """Delete a file or folder if it exists."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink(missing_ok=True)

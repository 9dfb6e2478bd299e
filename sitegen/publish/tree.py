"""A folder -> git objects (blobs, trees, a commit) without touching the user's checkout.

Blobs are written with ``git hash-object -w --no-filters`` (bytes as they are: no
line-ending or clean filters), trees through a temporary index named by
``GIT_INDEX_FILE`` and filled with ``update-index --index-info`` (no working tree is
read, no ignore rules apply), the commit with ``commit-tree``. The user's working tree,
index, stash and branches are never read or written here.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sitegen.publish.git import Git, GitError

FILE_MODE = "100644"
KEPT_DOTFILES = frozenset({".nojekyll"})
"""Hidden files that may go public; every other name starting with '.' stays out."""


@dataclass(frozen=True)
class Entry:
    """One file of a tree: its git mode and object id."""

    mode: str
    oid: str


Listing = Mapping[str, Entry]
"""Path (with '/' separators) -> entry, for every file of a tree."""


@dataclass(frozen=True)
class Folder:
    """The files of a built site that may go public, and what was left out."""

    root: Path
    files: Mapping[str, Path]
    left_out: tuple[tuple[str, str], ...]
    """(path, reason) of every entry that will not be published."""


def collect(root: Path) -> Folder:
    """Regular files below `root`; symlinks, hidden and special files are left out."""
    files: dict[str, Path] = {}
    left_out: list[tuple[str, str]] = []
    for folder, dirs, names in os.walk(root):
        base = Path(folder)
        for name in sorted(dirs):
            reason = _reason_to_leave_out(base / name, name)
            if reason:
                dirs.remove(name)
                left_out.append((_rel(base / name, root) + "/", reason))
        for name in sorted(names):
            path = base / name
            reason = _reason_to_leave_out(path, name)
            if reason:
                left_out.append((_rel(path, root), reason))
            else:
                files[_rel(path, root)] = path
    return Folder(root, dict(sorted(files.items())), tuple(sorted(left_out)))


def _reason_to_leave_out(path: Path, name: str) -> str:
    if path.is_symlink():
        return "symbolic link"
    if name.startswith(".") and name not in KEPT_DOTFILES:
        return "hidden file"
    if "\n" in name or "\r" in name:
        return "line break in the name"
    if not (path.is_dir() or path.is_file()):
        return "not a regular file"
    return ""


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def blob_id(data: bytes, fmt: str = "sha1") -> str:
    """The id git gives a blob with these bytes (``git hash-object``)."""
    digest = hashlib.new(fmt)
    digest.update(b"blob %d\0" % len(data))
    digest.update(data)
    return digest.hexdigest()


def listing_of(folder: Folder, fmt: str) -> dict[str, Entry]:
    """The tree entries the folder's files would become."""
    return {rel: Entry(FILE_MODE, blob_id(path.read_bytes(), fmt))
            for rel, path in folder.files.items()}


def read_tree(git: Git, commit: str | None) -> dict[str, Entry]:
    """Every file of a commit's tree (an empty listing for no commit)."""
    if commit is None:
        return {}
    raw = git.run_bytes("ls-tree", "-r", "-z", "--full-tree", commit, what="reading the branch")
    listing = {}
    for record in raw.split(b"\0"):
        if not record:
            continue
        meta, _, path = record.partition(b"\t")
        mode, _kind, oid = meta.decode().split(" ")
        listing[path.decode("utf-8", "surrogateescape")] = Entry(mode, oid)
    return listing


def read_blob(git: Git, oid: str) -> bytes:
    """The bytes of a blob."""
    return git.run_bytes("cat-file", "blob", oid, what="reading a file of the branch")


def write_blobs(git: Git, folder: Folder, listing: Listing, present: Iterable[str]) -> None:
    """Store the folder's files whose blobs are not `present` yet; check their ids."""
    known = set(present)
    wanted = [rel for rel, entry in listing.items() if entry.oid not in known]
    if not wanted:
        return
    paths = "".join(f"{folder.files[rel]}\n" for rel in wanted).encode("utf-8", "surrogateescape")
    out = git.run("hash-object", "-w", "--no-filters", "--stdin-paths", stdin=paths,
                  what="storing the site's files")
    for rel, oid in zip(wanted, out.split(), strict=True):
        if oid != listing[rel].oid:
            raise GitError(f"git stored {rel} with another id than expected ({oid})")


def write_tree(git: Git, listing: Listing) -> str:
    """The id of a tree holding exactly `listing`, built in a temporary index."""
    records = b"".join(f"{e.mode} {e.oid}\t{rel}\0".encode("utf-8", "surrogateescape")
                       for rel, e in sorted(listing.items()))
    with tempfile.TemporaryDirectory(prefix="sitegen-index-") as tmp:
        private = git.with_env(GIT_INDEX_FILE=str(Path(tmp) / "index"))
        private.run("update-index", "-z", "--index-info", stdin=records, what="building the tree")
        return private.run("write-tree", what="building the tree").strip()


def commit_tree(git: Git, tree: str, parents: Iterable[str], message: str) -> str:
    """A new commit of `tree` on `parents`; no ref is moved."""
    args = ["commit-tree", tree]
    for parent in parents:
        args += ["-p", parent]
    return git.run(*args, "-F", "-", stdin=message.encode("utf-8"),
                   what="making the commit").strip()

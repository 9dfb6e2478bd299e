"""Read a data export safely: a zip, a folder, a ``conversations.json`` or split files.

Nothing is ever extracted to disk: conversation files are read into memory and images are
copied one by one, under size limits. A zip with an entry that is absolute, climbs out with
``..`` or is a symbolic link is refused as a whole, and so is one whose sizes look like a
zip bomb (too large, too many entries, or compressed far too well).
"""

from __future__ import annotations

import re
import stat
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

from sitegen.errors import SitegenError

_SPLIT = re.compile(r"conversations-(\d+)\.json$")
_ASSET_CUT = re.compile(r"[-_.]")
_UNSAFE_HINT = "the archive may be unsafe; unpack and check it yourself"
_MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Size limits that stop a hostile or broken archive early."""

    max_entries: int = 100_000
    max_member_bytes: int = 2048 * _MIB
    """The largest single file read (conversations.json of a long history is large)."""
    max_total_bytes: int = 8192 * _MIB
    max_ratio: int = 200
    """Largest uncompressed/compressed ratio accepted for members over 1 MiB."""


class Export(Protocol):
    """An opened export: where its conversation files and images are."""

    label: str

    def conversation_files(self) -> list[str]:
        """Names of the conversation JSON files, in order."""
        ...

    def read(self, name: str) -> bytes:
        """The bytes of one file of the export."""
        ...

    def find_asset(self, pointer: str) -> str | None:
        """The file an image pointer (``file-service://file-abc``) refers to, if present."""
        ...


def is_conversation_file(name: str) -> bool:
    """True for ``conversations.json`` and split ``conversations-000.json`` files."""
    base = PurePosixPath(name).name
    return base == "conversations.json" or _SPLIT.match(base) is not None


def order_conversation_files(names: Iterable[str]) -> list[str]:
    """The conversation files of the shallowest folder that has any, split files by number."""
    found = [n for n in names if is_conversation_file(n)]
    if not found:
        return []
    depth = min(len(PurePosixPath(n).parts) for n in found)
    top = [n for n in found if len(PurePosixPath(n).parts) == depth]
    return sorted(top, key=_split_number)


def _split_number(name: str) -> tuple[int, str]:
    match = _SPLIT.match(PurePosixPath(name).name)
    return (int(match.group(1)) if match else -1, name)


def pointer_id(pointer: str) -> str:
    """``file-service://file-abc`` and ``sediment://file_0a`` to ``file-abc`` and ``file_0a``."""
    return pointer.rsplit("://", 1)[-1].rsplit("/", 1)[-1]


class AssetIndex:
    """Finds export files by the id they start with (``file-abc`` in ``file-abc-cat.png``)."""

    def __init__(self, names: Iterable[str]):
        self._by_key: dict[str, str] = {}
        for name in sorted(names, key=lambda n: (len(PurePosixPath(n).parts), n)):
            base = PurePosixPath(name).name
            self._by_key.setdefault(base, name)
            for cut in _ASSET_CUT.finditer(base):
                self._by_key.setdefault(base[: cut.start()], name)

    def find(self, pointer: str) -> str | None:
        key = pointer_id(pointer)
        return self._by_key.get(key) if key else None


class ZipExport:
    """An export zip, checked entry by entry before anything is read."""

    def __init__(self, path: Path, limits: Limits):
        self.label = str(path)
        self._limits = limits
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise SitegenError(f"cannot open the export as a zip: {exc}", str(path)) from None
        self._infos = {info.filename: info for info in self._zip.infolist()}
        try:
            check_entries(self._zip.infolist(), limits, self.label)
        except SitegenError:
            self._zip.close()
            raise
        files = [i.filename for i in self._zip.infolist() if not i.is_dir()]
        self._assets = AssetIndex(n for n in files if not n.endswith(".json"))
        self._conversations = order_conversation_files(files)

    def conversation_files(self) -> list[str]:
        return list(self._conversations)

    def find_asset(self, pointer: str) -> str | None:
        return self._assets.find(pointer)

    def read(self, name: str) -> bytes:
        try:
            return self._read(self._infos[name])
        except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, OSError) as exc:
            raise SitegenError(f"entry '{name}' cannot be read: {exc}", self.label,
                               hint="the archive may be damaged or encrypted") from None

    def _read(self, info: zipfile.ZipInfo) -> bytes:
        cap = min(info.file_size, self._limits.max_member_bytes)
        chunks, size = [], 0
        with self._zip.open(info) as stream:
            while chunk := stream.read(_MIB):
                size += len(chunk)
                if size > cap:
                    raise SitegenError(f"entry '{info.filename}' is larger than it claims",
                                       self.label, hint=_UNSAFE_HINT)
                chunks.append(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        self._zip.close()


def check_entries(infos: list[zipfile.ZipInfo], limits: Limits, label: str) -> None:
    """Refuse the archive if any entry is unsafe or the sizes look like a zip bomb."""
    if len(infos) > limits.max_entries:
        raise SitegenError(f"the archive has {len(infos)} entries, more than "
                           f"{limits.max_entries}", label, hint=_UNSAFE_HINT)
    total = 0
    for info in infos:
        _check_name(info, label)
        _check_size(info, limits, label)
        total += info.file_size
    if total > limits.max_total_bytes:
        raise SitegenError(f"the archive unpacks to {total // _MIB} MiB, more than "
                           f"{limits.max_total_bytes // _MIB} MiB", label, hint=_UNSAFE_HINT)


def _check_name(info: zipfile.ZipInfo, label: str) -> None:
    name = info.filename.replace("\\", "/")
    reason = ""
    if name.startswith("/") or re.match(r"[A-Za-z]:", name):
        reason = "has an absolute path"
    elif ".." in PurePosixPath(name).parts:
        reason = "climbs out of the archive with '..'"
    elif stat.S_ISLNK(info.external_attr >> 16):
        reason = "is a symbolic link"
    if reason:
        raise SitegenError(f"refusing the archive: entry '{info.filename}' {reason}", label,
                           hint=_UNSAFE_HINT)


def _check_size(info: zipfile.ZipInfo, limits: Limits, label: str) -> None:
    if info.file_size > limits.max_member_bytes:
        raise SitegenError(f"refusing the archive: entry '{info.filename}' unpacks to "
                           f"{info.file_size // _MIB} MiB", label, hint=_UNSAFE_HINT)
    packed = max(info.compress_size, 1)
    if info.file_size > _MIB and info.file_size / packed > limits.max_ratio:
        raise SitegenError(f"refusing the archive: entry '{info.filename}' is compressed "
                           f"{info.file_size // packed}:1, like a zip bomb", label,
                           hint=_UNSAFE_HINT)


class FolderExport:
    """An unpacked export: a folder, or the folder of a given conversations file."""

    def __init__(self, root: Path, conversations: list[str], limits: Limits):
        self.label = str(root)
        self._root = root.resolve()
        self._limits = limits
        self._conversations = conversations
        self._assets: AssetIndex | None = None

    def conversation_files(self) -> list[str]:
        return list(self._conversations)

    def find_asset(self, pointer: str) -> str | None:
        if self._assets is None:
            self._assets = AssetIndex(self._asset_names())
        return self._assets.find(pointer)

    def _asset_names(self) -> Iterator[str]:
        for count, path in enumerate(self._root.rglob("*")):
            if count >= self._limits.max_entries:
                return
            if path.is_file() and not path.is_symlink() and path.suffix != ".json":
                yield path.relative_to(self._root).as_posix()

    def read(self, name: str) -> bytes:
        path = (self._root / name).resolve()
        if not path.is_relative_to(self._root):
            raise SitegenError(f"'{name}' is outside the export folder", self.label)
        if path.stat().st_size > self._limits.max_member_bytes:
            raise SitegenError(f"'{name}' is larger than the import limit", self.label)
        return path.read_bytes()

    def close(self) -> None:
        return None


@contextmanager
def open_export(path: Path, limits: Limits | None = None) -> Iterator[ZipExport | FolderExport]:
    """Open an export given as a zip, a folder, or one of its conversation JSON files."""
    limits = limits or Limits()
    export = _open(path, limits)
    try:
        yield export
    finally:
        export.close()


def _open(path: Path, limits: Limits) -> ZipExport | FolderExport:
    if not path.exists():
        raise SitegenError("no such export file or folder", str(path))
    if path.is_dir():
        names = [p.relative_to(path).as_posix() for p in path.rglob("*.json")]
        return FolderExport(path, order_conversation_files(names), limits)
    if zipfile.is_zipfile(path):
        return ZipExport(path, limits)
    if _SPLIT.match(path.name):
        siblings = [p.name for p in path.parent.iterdir() if _SPLIT.match(p.name)]
        return FolderExport(path.parent, order_conversation_files(siblings), limits)
    return FolderExport(path.parent, [path.name], limits)

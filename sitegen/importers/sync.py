"""Match imported conversations to posts already in the site, and protect edited ones.

Every imported post carries ``import_hash:`` in its front matter: the SHA-256 of the file
as written, without that line. On a later import the file found by ``conversation_id`` is
rewritten only if it still hashes to that value (the author has not touched it), or with
``--force``; a file whose new text equals the old one is left alone (same bytes).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from sitegen.errors import Problem, warning
from sitegen.frontmatter import FrontMatterError, decode, split
from sitegen.importers.slugs import slug_of_file

HASH_KEY = "import_hash"
_HASH_LINE = re.compile(rf"^{HASH_KEY}:[^\n]*\n", re.MULTILINE)
_SUFFIXES = (".md", ".markdown")


class Action(Enum):
    """What importing does to one post file."""

    CREATE = "created"
    UPDATE = "updated"
    UNCHANGED = "unchanged"
    EDITED = "skipped"
    FORCE = "overwritten"


@dataclass(frozen=True)
class Existing:
    """What the site already holds."""

    by_conversation: dict[str, Path]
    """conversation_id -> post file (relative to the site)."""
    slugs: frozenset[str]
    problems: tuple[Problem, ...] = ()


def scan(site: Path, folders: Iterable[str]) -> Existing:
    """Find the posts in ``folders`` of the site, and which conversations they hold."""
    found: dict[str, Path] = {}
    slugs: set[str] = set()
    problems: list[Problem] = []
    for path in _post_files(site, folders):
        relative = path.relative_to(site)
        slugs.add(slug_of_file(path.stem))
        cid = _conversation_id(path, relative)
        if cid is None:
            continue
        if cid in found:
            problems.append(warning(relative.as_posix(), None,
                                    f"conversation {cid} is also imported in {found[cid]}",
                                    "delete one of the two files"))
            continue
        found[cid] = relative
    return Existing(found, frozenset(slugs), tuple(problems))


def _post_files(site: Path, folders: Iterable[str]) -> list[Path]:
    files: set[Path] = set()
    for folder in dict.fromkeys(folders):
        root = site / folder
        if root.is_dir():
            files.update(p for p in root.rglob("*") if p.suffix in _SUFFIXES and p.is_file())
    return sorted(files)


def _conversation_id(path: Path, relative: Path) -> str | None:
    data = path.read_bytes()
    if b"conversation_id" not in data:
        return None
    try:
        meta = split(decode(data, str(relative)), str(relative)).meta
    except FrontMatterError:
        return None
    value = meta.get("conversation_id")
    return str(value) if value not in (None, "") else None


def content_hash(text: str) -> str:
    """The hash stored in ``import_hash``: of the text without the ``import_hash`` line."""
    body = _HASH_LINE.sub("", text, count=1)
    return "sha256:" + hashlib.sha256(body.encode("utf-8")).hexdigest()


def stamp(text: str) -> str:
    """Insert the ``import_hash`` line as the last line of the front matter."""
    if not text.startswith("---\n"):
        raise ValueError("an imported post starts with front matter")
    end = text.index("\n---\n", 3) + 1
    return f"{text[:end]}{HASH_KEY}: \"{content_hash(text)}\"\n{text[end:]}"


def untouched(text: str) -> bool:
    """True when the file still has the bytes the importer wrote."""
    match = _HASH_LINE.search(text)
    if match is None:
        return False
    stored = match.group().split(":", 1)[1].strip().strip("\"'")
    return stored == content_hash(text)


def decide(old: bytes | None, new: str, force: bool) -> Action:
    """What to do with a post file given its current bytes and the new text."""
    if old is None:
        return Action.CREATE
    if old == new.encode("utf-8"):
        return Action.UNCHANGED
    try:
        current = old.decode("utf-8")
    except UnicodeDecodeError:
        current = ""
    if untouched(current):
        return Action.UPDATE
    return Action.FORCE if force else Action.EDITED

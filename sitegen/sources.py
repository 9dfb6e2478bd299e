"""Find a site's posts and drafts on disk, the way Jekyll does.

Posts are ``_posts/**/YYYY-MM-DD-slug.md`` in any subfolder; drafts are ``_drafts/*.md``
(dated by their name when it has a date, else by the file's modification time). Files
and folders named in ``exclude``, dotfiles and editor backups are never read.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from sitegen.config import CONFIG_NAME, SiteConfig
from sitegen.errors import Problem, warning
from sitegen.model import Kind, SourceFile

MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mkd", ".mkdn", ".mdown")
POST_NAME = re.compile(r"^(?P<date>\d{4}-\d{1,2}-\d{1,2})-(?P<slug>.+?)(?P<ext>\.[^.]+)$")


def discover(config: SiteConfig, drafts: bool) -> tuple[list[SourceFile], list[Problem]]:
    """Every post (and draft, when asked) of the site, sorted by relative path."""
    files, problems = _posts(config)
    if drafts:
        files += _drafts(config)
    return sorted(files, key=lambda f: f.rel), problems


@dataclass(frozen=True)
class Discovery:
    """What `discover` found, and whether it looked for drafts."""

    drafts: bool
    files: tuple[SourceFile, ...]
    problems: tuple[Problem, ...]


def still_found(previous: Discovery, changed: Collection[str], config: SiteConfig) -> bool:
    """Whether `discover` would find what it found before, given every path (relative to
    the site) that changed since: only files it found were edited, none was added,
    removed or renamed, and the configuration (what is excluded) is the same."""
    known = {f.rel for f in previous.files}
    for rel in changed:
        if rel in known:
            if not (config.source / rel).is_file():
                return False
        elif rel.split("/")[0] in ("_posts", "_drafts", CONFIG_NAME):
            return False
    return True


def _posts(config: SiteConfig) -> tuple[list[SourceFile], list[Problem]]:
    files, problems = [], []
    for path, rel in _walk(config, config.source / "_posts"):
        if not path.name.endswith(MARKDOWN_EXTENSIONS):
            continue
        if POST_NAME.match(path.name):
            files.append(SourceFile(path, rel, Kind.POST))
        else:
            problems.append(warning(rel, None, "file name has no date; it is not a post",
                                    "name posts YYYY-MM-DD-slug.md"))
    return files, problems


def _drafts(config: SiteConfig) -> list[SourceFile]:
    return [SourceFile(path, rel, Kind.DRAFT)
            for path, rel in _walk(config, config.source / "_drafts")
            if path.name.endswith(MARKDOWN_EXTENSIONS)]


def _walk(config: SiteConfig, top: Path) -> Iterator[tuple[Path, str]]:
    """Files below `top` (not following symlinked folders), skipping excluded names, in
    order of their relative paths' parts."""
    if not top.is_dir():
        return
    skip = _skip_pattern(tuple(config.exclude), tuple(config.include))
    yield from _scan(str(top), top.relative_to(config.source).as_posix(), skip)


def _scan(folder: str, rel_folder: str, skip: re.Pattern[str]) -> Iterator[tuple[Path, str]]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if skip.match(entry.name):
            continue
        rel = f"{rel_folder}/{entry.name}"
        if entry.is_dir(follow_symlinks=False):
            yield from _scan(entry.path, rel, skip)
        elif entry.is_file():
            yield Path(entry.path), rel


@functools.lru_cache(maxsize=8)
def _skip_pattern(exclude: tuple[str, ...], include: tuple[str, ...]) -> re.Pattern[str]:
    """Names a build never reads: hidden and editor files, and `exclude` (glob patterns)
    unless `include` names them."""
    kept = "".join(f"(?!{re.escape(name)}\\Z)" for name in include)
    skipped = [r"[.#]", r".*(?:~|\.swp|\.swx|\.tmp)\Z",
               *(fnmatch.translate(pattern) for pattern in exclude)]
    return re.compile(kept + "(?:" + "|".join(f"(?:{p})" for p in skipped) + ")", re.DOTALL)

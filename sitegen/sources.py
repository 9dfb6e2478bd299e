"""Find a site's posts and drafts on disk, the way Jekyll does.

Posts are ``_posts/**/YYYY-MM-DD-slug.md`` in any subfolder; drafts are ``_drafts/*.md``
(dated by their name when it has a date, else by the file's modification time). Files
and folders named in ``exclude``, dotfiles and editor backups are never read.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterator
from pathlib import Path

from sitegen.config import SiteConfig
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
    """Files below `top` (not following symlinked folders), skipping excluded names."""
    if not top.is_dir():
        return
    root = str(config.source)
    for folder, dirs, names in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not _skipped(d, config))
        rel_folder = folder[len(root) + 1 :].replace(os.sep, "/")
        for name in sorted(names):
            if _skipped(name, config):
                continue
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                yield Path(path), f"{rel_folder}/{name}"


def _skipped(name: str, config: SiteConfig) -> bool:
    if name in config.include:
        return False
    if name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp")):
        return True
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in config.exclude)

"""Decide, for each imported conversation, the post file, its text and its images (pure).

A conversation already in the site (matched by ``conversation_id``) keeps its file, even
if the author renamed or moved it; a new one gets ``<folder>/YYYY-MM-DD-<slug>.md`` with a
slug no other post uses. Images found in the export are copied to ``assets/<slug>/``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from sitegen.importers import privacy
from sitegen.importers.model import Exchange, Image, Message
from sitegen.importers.reading import Imported
from sitegen.importers.slugs import slug_of_file, slugify, unique
from sitegen.importers.sync import Existing, stamp
from sitegen.importers.writer import post_title, render_post


@dataclass(frozen=True)
class Settings:
    """Where and how posts are written."""

    folder: Path
    """Folder for new posts, relative to the site (``_drafts``)."""
    zone: tzinfo
    baseurl: str = ""
    redact: bool = False


@dataclass(frozen=True)
class AssetCopy:
    """An image to copy from the export into the site."""

    member: str
    target: Path
    """Relative to the site."""


@dataclass(frozen=True)
class PostPlan:
    """Everything about one post, decided before anything is written."""

    imported: Imported
    path: Path
    """Relative to the site."""
    text: str
    assets: tuple[AssetCopy, ...]
    findings: tuple[privacy.Finding, ...]
    missing_images: int


def plan_posts(items: Iterable[Imported], existing: Existing, settings: Settings,
               find_asset: Callable[[str], str | None]) -> list[PostPlan]:
    """A plan per conversation, with file names unique across the site and this import."""
    taken = set(existing.slugs)
    plans = []
    for item in items:
        path = existing.by_conversation.get(item.conversation.id) or \
            _new_path(item, settings, taken)
        taken.add(slug_of_file(path.stem))
        plans.append(_plan(item, path, settings, find_asset))
    return plans


def _new_path(item: Imported, settings: Settings, taken: set[str]) -> Path:
    conversation = item.conversation
    slug = unique(slugify(post_title(conversation, item.thread), conversation.id), taken)
    day = conversation.created.astimezone(settings.zone).date().isoformat()
    return settings.folder / f"{day}-{slug}.md"


def _plan(item: Imported, path: Path, settings: Settings,
          find_asset: Callable[[str], str | None]) -> PostPlan:
    slug = slug_of_file(path.stem)
    assets, links = _assets(_images(item.thread.exchanges), slug, settings.baseurl, find_asset)
    text = render_post(item.conversation, item.thread, links, settings.zone)
    findings = privacy.find(stamp(text))
    final = stamp(privacy.redact(text) if settings.redact else text)
    missing = sum(1 for image in _images(item.thread.exchanges) if image.pointer not in links)
    return PostPlan(item, path, final, tuple(assets), tuple(findings), missing)


def _images(exchanges: Iterable[Exchange]) -> Iterator[Image]:
    for exchange in exchanges:
        for message in _messages(exchange):
            yield from (p for p in message.parts if isinstance(p, Image))


def _messages(exchange: Exchange) -> Iterator[Message]:
    if exchange.question is not None:
        yield exchange.question
    for other in exchange.others:
        yield other.question
        yield from other.answer
    yield from exchange.answer


def _assets(images: Iterable[Image], slug: str, baseurl: str,
            find_asset: Callable[[str], str | None]) -> tuple[list[AssetCopy], dict[str, str]]:
    copies: list[AssetCopy] = []
    links: dict[str, str] = {}
    names: set[str] = set()
    for image in images:
        member = find_asset(image.pointer) if image.pointer not in links else None
        if member is None:
            continue
        name = _unique_name(safe_name(PurePosixPath(member).name), names)
        names.add(name)
        copies.append(AssetCopy(member, Path("assets") / slug / name))
        links[image.pointer] = f"{baseurl}/assets/{quote(slug)}/{quote(name)}"
    return copies, links


def safe_name(name: str) -> str:
    """A file name of plain characters, keeping its suffix."""
    stem, dot, suffix = name.rpartition(".") if "." in name else (name, "", "")
    clean = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-")[:80] or "image"
    ext = re.sub(r"[^A-Za-z0-9]+", "", suffix)[:10]
    return f"{clean}.{ext.lower()}" if dot and ext else clean


def _unique_name(name: str, taken: set[str]) -> str:
    stem, dot, suffix = name.rpartition(".") if "." in name else (name, "", "")
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}{dot}{suffix}"
    return candidate

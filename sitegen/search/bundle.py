"""Write the search index: Pagefind turns the records' documents into a static bundle.

The documents go to a private work folder inside ``into``; Pagefind indexes each
language's folder and writes its bundle; then every file of the bundles that differs from
what ``previous`` (the live site) already holds is moved into ``into`` (the build's staging
folder). The caller gets every output path with its hash, and which of them it now holds,
exactly as it knows its own pages. ``pagefind/bundles.json`` tells the page script which
bundles exist.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sitegen.config import SiteConfig
from sitegen.errors import SitegenError
from sitegen.languages import language
from sitegen.output import content_hash
from sitegen.search.documents import Document, bundles
from sitegen.search.records import SearchPost

FOLDER = "pagefind"
"""Where the index goes in the built site."""
MANIFEST = "bundles.json"
UNUSED = ("pagefind-ui.", "pagefind-component-ui.", "pagefind-modular-ui.",
          "pagefind-highlight.")
"""Pagefind's own search interfaces, left out: the theme has its own (``js/search.js``)."""
HASHED = frozenset({"fragment", "index", "filter"})
"""Folders of a bundle whose files Pagefind names after their content."""


@dataclass(frozen=True)
class SearchIndex:
    """What writing the index did."""

    outputs: Mapping[str, str]
    """Every file of the index (``pagefind/...``) with its content hash."""
    written: frozenset[str]
    """The outputs now in ``into`` (new or changed); the others are unchanged in
    ``previous``."""
    records: int
    bundles: tuple[str, ...]
    seconds: float


def enabled(config: SiteConfig) -> bool:
    """Whether the site wants search (``search: false`` in _config.yml turns it off)."""
    return config.raw.get("search", True) is not False


def write_index(posts: Iterable[SearchPost | None], config: SiteConfig, into: Path,
                previous: Path | None = None) -> SearchIndex:
    """Index `posts` (None entries are skipped) and put the changed files into `into`."""
    started = time.perf_counter()
    docs = bundles(p for p in posts if p is not None)
    into.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".search-", dir=into))
    try:
        for name, items in docs.items():
            _write_documents(work / "src" / name, items)
        asyncio.run(_index_all(work / "src", work / "out", sorted(docs)))
        _write_manifest(work / "out", config, sorted(docs))
        outputs, written = _place(work / "out", into, previous)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return SearchIndex(outputs, frozenset(written), sum(map(len, docs.values())),
                       tuple(sorted(docs)), time.perf_counter() - started)


def _write_documents(folder: Path, documents: Sequence[Document]) -> None:
    folder.mkdir(parents=True)
    for document in documents:
        (folder / document.name).write_text(document.html, encoding="utf-8")


async def _index_all(sources: Path, out: Path, names: Sequence[str]) -> None:
    await asyncio.gather(*(_index(sources / name, out / name) for name in names))


async def _index(sources: Path, out: Path) -> None:
    """One Pagefind bundle from a folder of documents."""
    try:
        from pagefind.index import PagefindIndex
    except ImportError:
        raise SitegenError("site search needs Pagefind",
                           hint="pip install 'pagefind[extended]', or set search: false "
                                "in _config.yml") from None
    try:
        async with PagefindIndex(config={"output_path": str(out)}) as index:
            await index.add_directory(str(sources))
    except FileNotFoundError as exc:
        raise SitegenError(f"cannot run Pagefind: {exc}",
                           hint="pip install 'pagefind[extended]'") from None
    except Exception as exc:  # the service reports its errors as plain exceptions
        raise SitegenError(f"Pagefind could not index the site: {exc.args[0]}") from None


def _write_manifest(out: Path, config: SiteConfig, names: Sequence[str]) -> None:
    """``bundles.json``: the bundles in the site's order of languages, with their names."""
    known = {lang.tag.lower(): lang.name for lang in config.languages.items}
    order = [tag for tag in known if tag in names] + [n for n in names if n not in known]
    manifest = {"default": config.languages.default.tag.lower(),
                "bundles": [{"bundle": name, "name": known.get(name) or language(name).name}
                            for name in order]}
    out.mkdir(parents=True, exist_ok=True)
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False) + "\n",
                                encoding="utf-8")


def _place(out: Path, into: Path, previous: Path | None) -> tuple[dict[str, str], set[str]]:
    outputs: dict[str, str] = {}
    written: set[str] = set()
    for path in sorted(out.rglob("*")):
        if not path.is_file() or path.name.startswith(UNUSED):
            continue
        rel = f"{FOLDER}/{path.relative_to(out).as_posix()}"
        data = path.read_bytes()
        outputs[rel] = content_hash(data)
        if previous is None or not _holds(previous / rel, data):
            target = into / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
            written.add(rel)
    return outputs, written


def _holds(path: Path, data: bytes) -> bool:
    """Whether `path` has these bytes; Pagefind names most files by a hash of their content,
    so for those the same name and size will do."""
    try:
        same_size = path.stat().st_size == len(data)
    except OSError:
        return False
    named_by_content = path.parent.name in HASHED or path.suffix == ".pf_meta"
    return same_size and (named_by_content or path.read_bytes() == data)

"""The pages that list posts (home, tags, archive, feed, sitemap...) and generated assets.

Each page gets a key from its template set and its context; a page whose key is the one
it was last rendered with, and whose file is still intact in the destination, is not
rendered again. A template error on one page is collected and the others still render.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitegen import theme
from sitegen.cache import Cache, digest
from sitegen.config import SiteConfig
from sitegen.errors import Problem, SitegenError, error
from sitegen.output import content_hash, intact, write_file
from sitegen.site import Page, SiteView, make_site_view, plan
from sitegen.views import PostView

if TYPE_CHECKING:
    import jinja2

PYGMENTS_CSS = "assets/pygments.css"


@dataclass
class ListingResult:
    """Output path -> hash of every page this stage is responsible for."""

    outputs: dict[str, str] = field(default_factory=dict)
    written: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)
    """Output path -> the key each page was rendered (or kept) with, for the cache."""
    stage_key: str = ""
    """The key of everything these pages depend on together (posts, config, templates)."""


@dataclass
class _Stage:
    config: SiteConfig
    site: SiteView
    cache: Cache
    destination: Path
    staging: Path
    fingerprint: str
    digests: Mapping[int, str]

    @cached_property
    def env(self) -> jinja2.Environment:
        """The template environment, made only when some page has to be rendered."""
        from sitegen.templates import make_environment

        return make_environment(theme.template_dirs(self.config.source), self.config.baseurl,
                                self.config.url, self.cache.folder)


def render_listing(config: SiteConfig, summaries: Sequence[PostView], cache: Cache,
                   destination: Path, staging: Path, fingerprint: str,
                   pages: Sequence[PostView] = (),
                   keys: Mapping[int, str] | None = None) -> ListingResult:
    """Render (or keep) every page that is not a post page; `summaries` newest first,
    `pages` the site's own pages (which the sitemap lists); `keys` digests of views by
    their id, where already known."""
    keys = keys or {}
    known = {id(view): keys.get(id(view)) or digest(view) for view in (*summaries, *pages)}
    stage_key = digest(fingerprint, sorted(known.values()))
    if stage_key == cache.listing and all(intact(destination, out, cache.manifest.get(out))
                                          for out in cache.pages):
        # Same posts, config and templates as the last build: every page is as it was.
        return ListingResult({out: cache.manifest[out][0] for out in cache.pages},
                             keys=dict(cache.pages), stage_key=stage_key)
    site = make_site_view(config, summaries, pages)
    stage = _Stage(config, site, cache, destination, staging, stage_key, known)
    result = ListingResult(stage_key=stage_key)
    for page in plan(site, config, theme.layouts(config.source)):
        if not page.source:
            _one(stage, page, result)
    _store(stage, PYGMENTS_CSS, digest(fingerprint, PYGMENTS_CSS), lambda: _css(config), result)
    return result


def _css(config: SiteConfig) -> bytes:
    from sitegen.markup import pygments_css
    from sitegen.render import markup_options

    return pygments_css(markup_options(config, {})).encode("utf-8")


def _one(stage: _Stage, page: Page, result: ListingResult) -> None:
    key = digest(stage.fingerprint, page.output, page.template, _shape(page.context, stage))

    def make() -> bytes:
        from sitegen.templates import render

        context = {"site": stage.site, **page.context}
        return render(stage.env, page.template, context, page.source).encode("utf-8")

    try:
        _store(stage, page.output, key, make, result)
    except SitegenError as exc:
        result.problems.append(exc.problem or error(page.template, None, exc.message))


def _store(stage: _Stage, output: str, key: str, make: Any, result: ListingResult) -> None:
    stamp = stage.cache.manifest.get(output)
    result.keys[output] = key
    if stage.cache.pages.get(output) == key and intact(stage.destination, output, stamp):
        assert stamp is not None
        result.outputs[output] = stamp[0]
        return
    data: bytes = make()
    output_hash = content_hash(data)
    if not (stamp and stamp[0] == output_hash and intact(stage.destination, output, stamp)):
        write_file(stage.staging, output, data)
        result.written.add(output)
    result.outputs[output] = output_hash


def _shape(value: object, stage: _Stage) -> object:
    """The context with every post replaced by its digest: cheap to hash, same meaning."""
    if isinstance(value, PostView):
        return stage.digests.get(id(value)) or digest(value)
    if isinstance(value, list | tuple):
        return tuple(_shape(v, stage) for v in value)
    if isinstance(value, Mapping):
        return tuple((k, _shape(v, stage)) for k, v in value.items())
    if hasattr(value, "__dataclass_fields__"):
        return (type(value).__name__,
                tuple(_shape(getattr(value, f), stage) for f in value.__dataclass_fields__))
    return value

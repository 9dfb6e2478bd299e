"""The pages that list posts (home, tags, archive, feed, sitemap...) and generated assets.

Each page gets a key from the site's fingerprint (configuration, templates), its own
context and the parts of the ``site`` variable its templates read when it was last
rendered (noted at rendering: a home page reads the site's title, the archive all its
posts); a page whose key is the one it was last rendered with, and whose file is still
intact in the destination, is not rendered again. So an edited post re-renders the pages
that show it, not every listing page. A template error on one page is collected and the
others still render.
"""

from __future__ import annotations

import contextlib
import datetime as dt
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
from sitegen.parallel import fork_map
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
    reads: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Output path -> the attributes of ``site`` the page's templates read."""
    stage_key: str = ""
    """The key of everything these pages depend on together (posts, config, templates)."""

    def add(self, outcome: _Outcome) -> None:
        """Take in one page's outcome."""
        self.keys[outcome.output] = outcome.key
        self.reads[outcome.output] = outcome.reads
        if outcome.problem is not None:
            self.problems.append(outcome.problem)
            return
        self.outputs[outcome.output] = outcome.output_hash
        if outcome.written:
            self.written.add(outcome.output)


@dataclass(frozen=True)
class _Outcome:
    """One page: kept, written, or the problem that stopped it."""

    output: str
    key: str
    output_hash: str = ""
    written: bool = False
    problem: Problem | None = None
    reads: tuple[str, ...] = ()


@dataclass
class _Stage:
    config: SiteConfig
    site: SiteView
    cache: Cache
    destination: Path
    staging: Path
    fingerprint: str
    digests: Mapping[int, str]
    site_parts: dict[str, str] = field(default_factory=dict)
    shapes: dict[int, tuple[object, str]] = field(default_factory=dict)
    """id -> (value, digest of its shape) of the mappings and dataclasses met so far."""

    def site_part(self, name: str) -> str:
        """The digest of one attribute of ``site``."""
        known = self.site_parts.get(name)
        if known is None:
            known = self.site_parts[name] = digest(_shape(getattr(self.site, name), self))
        return known

    @cached_property
    def env(self) -> jinja2.Environment:
        """The template environment, made only when some page has to be rendered."""
        from sitegen.templates import make_environment

        return make_environment(theme.template_dirs(self.config.source), self.config.baseurl,
                                self.config.url, self.cache.folder)


def render_listing(config: SiteConfig, summaries: Sequence[PostView], cache: Cache,
                   destination: Path, staging: Path, fingerprint: str,
                   pages: Sequence[PostView] = (),
                   keys: Mapping[int, str] | None = None, jobs: int = 1) -> ListingResult:
    """Render (or keep) every page that is not a post page; `summaries` newest first,
    `pages` the site's own pages (which the sitemap lists); `keys` digests of views by
    their id, where already known. Many pages to render are shared among `jobs` processes."""
    keys = keys or {}
    known = {id(view): keys.get(id(view)) or digest(view) for view in (*summaries, *pages)}
    stage_key = digest(fingerprint, sorted(known.values()))
    if stage_key == cache.listing and all(intact(destination, out, cache.manifest.get(out))
                                          for out in cache.pages):
        # Same posts, config and templates as the last build: every page is as it was.
        return ListingResult({out: cache.manifest[out][0] for out in cache.pages},
                             keys=dict(cache.pages), reads=dict(cache.reads),
                             stage_key=stage_key)
    site = make_site_view(config, summaries, pages)
    stage = _Stage(config, site, cache, destination, staging, fingerprint, known)
    listed = plan(site, config)
    kept = [_kept(stage, page) for page in listed]
    todo = [n for n, outcome in enumerate(kept) if outcome is None]
    _prepare(stage, {listed[n].template for n in todo})
    rendered = fork_map(lambda n: _render(stage, listed[n]), todo, jobs)
    outcomes = dict(zip(todo, rendered, strict=True))
    result = ListingResult(stage_key=stage_key)
    for n, outcome in enumerate(kept):
        result.add(outcome or outcomes[n])
    css = Page(PYGMENTS_CSS, "")
    result.add(_kept(stage, css) or _write(stage, PYGMENTS_CSS, _key(stage, css, ()),
                                           _css(config)))
    return result


def _key(stage: _Stage, page: Page, reads: Sequence[str]) -> str:
    """What the page depends on: the site's fingerprint, its context, what it reads of
    ``site``."""
    return digest(stage.fingerprint, page.output, page.template, _shape(page.context, stage),
                  [(name, stage.site_part(name)) for name in reads])


def _kept(stage: _Stage, page: Page) -> _Outcome | None:
    """The outcome of a page whose dependencies are as when the last build rendered it,
    if its file is still intact."""
    reads = stage.cache.reads.get(page.output)
    stamp = stage.cache.manifest.get(page.output)
    if reads is None or not stamp:
        return None
    key = _key(stage, page, reads)
    if stage.cache.pages.get(page.output) == key and intact(stage.destination, page.output,
                                                            stamp):
        return _Outcome(page.output, key, stamp[0], reads=reads)
    return None


def _prepare(stage: _Stage, templates: set[str]) -> None:
    """Load the templates before the work is shared out, so every process has them."""
    import jinja2

    for name in sorted(templates):
        with contextlib.suppress(jinja2.TemplateError):  # reported with the page
            stage.env.get_template(name)


def _render(stage: _Stage, page: Page) -> _Outcome:
    from sitegen.templates import render

    site = _Reads(stage.site)
    context = {"site": site, **page.context}
    try:
        data = render(stage.env, page.template, context, page.source).encode("utf-8")
    except SitegenError as exc:
        return _Outcome(page.output, "", problem=exc.problem or error(page.template, None,
                                                                      exc.message))
    reads = tuple(sorted(site._read))
    return _write(stage, page.output, _key(stage, page, reads), data, reads)


def _write(stage: _Stage, output: str, key: str, data: bytes,
           reads: tuple[str, ...] = ()) -> _Outcome:
    """Write a page unless the destination holds these bytes already."""
    stamp = stage.cache.manifest.get(output)
    output_hash = content_hash(data)
    if stamp and stamp[0] == output_hash and intact(stage.destination, output, stamp):
        return _Outcome(output, key, output_hash, reads=reads)
    write_file(stage.staging, output, data)
    return _Outcome(output, key, output_hash, written=True, reads=reads)


class _Reads:
    """The ``site`` a template gets, noting the names of the attributes it reads."""

    __slots__ = ("_read", "_site")

    def __init__(self, site: SiteView):
        self._site = site
        self._read: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._site, name)
        self._read.add(name)
        return value


def _css(config: SiteConfig) -> bytes:
    from sitegen.markup import pygments_css
    from sitegen.render import markup_options

    return pygments_css(markup_options(config, {})).encode("utf-8")


_PLAIN = frozenset({str, int, float, bool, type(None), dt.datetime})
"""Values that are their own shape (most of a context's leaves)."""


def _shape(value: object, stage: _Stage) -> object:
    """The context with every post replaced by its digest: cheap to hash, same meaning.
    A mapping or dataclass is replaced by the digest of its shape, made once (the UI
    strings every page of a language gets)."""
    if type(value) in _PLAIN:
        return value
    if isinstance(value, PostView):
        return stage.digests.get(id(value)) or digest(value)
    if isinstance(value, tuple | list):
        return tuple([_shape(v, stage) for v in value])
    known = stage.shapes.get(id(value))
    if known is not None and known[0] is value:
        return known[1]
    shape = digest(_shape_of(value, stage))
    stage.shapes[id(value)] = (value, shape)  # kept alive, so its id is not reused
    return shape


def _shape_of(value: object, stage: _Stage) -> object:
    if isinstance(value, Mapping):
        return tuple((k, _shape(v, stage)) for k, v in value.items())
    if hasattr(value, "__dataclass_fields__"):
        return (type(value).__name__,
                tuple(_shape(getattr(value, f), stage) for f in value.__dataclass_fields__))
    return value

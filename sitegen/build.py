"""The build, start to finish; reads like a table of contents.

config -> sources -> posts -> rendered posts -> views -> pages -> files -> output.
Every problem is collected across all posts; if any is an error (or a warning under
``--strict``) nothing is written and ``BuildFailed`` carries the whole list.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from sitegen import config as config_mod
from sitegen import output, posts, sources
from sitegen.config import SiteConfig
from sitegen.errors import BuildFailed, Problem, error
from sitegen.model import Post, RenderedPost
from sitegen.pages import render_pages
from sitegen.render import PostRenderer
from sitegen.views import PostView, make_post_view

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class BuildOptions:
    """What the user asked for on the command line."""

    source: Path
    destination: Path | None = None
    drafts: bool = False
    future: bool = False
    unpublished: bool = False
    strict: bool = False
    baseurl: str | None = None
    """Overrides ``baseurl`` of _config.yml (e.g. the base path GitHub Pages gives)."""
    public: bool = False
    """Only what may go public: ``show_drafts``, ``future`` and ``unpublished`` of the config
    are ignored (``sitegen publish``)."""


@dataclass(frozen=True)
class BuildResult:
    """What a successful build did."""

    posts: int
    pages: int
    written: int
    seconds: float
    destination: Path
    problems: tuple[Problem, ...] = ()
    skipped: tuple[tuple[str, str], ...] = field(default=())
    """(source path, reason) of every post left out."""
    urls: Mapping[str, str] = field(default_factory=dict)
    """Source path of every post built -> its URL, without the baseurl."""
    baseurl: str = ""


def build(options: BuildOptions, progress: Progress | None = None) -> BuildResult:
    """Build the site; raise BuildFailed (writing nothing) when it has errors."""
    started = time.perf_counter()
    config, problems = config_mod.load(options.source)
    config = with_options(config, options)
    destination = options.destination or options.source / config.destination
    output.check_destination(destination, options.source)
    found, discovered = sources.discover(config, options.drafts or config.show_drafts)
    problems += discovered
    selected, skipped, read_problems = select_posts(found, config, options)
    rendered = render_posts(selected, config, progress)
    problems += read_problems + [p for r in rendered for p in r.problems]
    files, copies = render_pages(config, sorted_views(rendered, config), problems)
    stop_on_errors(problems, options.strict)
    stats = output.write(destination, files, copies)
    return BuildResult(len(rendered), len(files), stats.written,
                       time.perf_counter() - started, destination, tuple(problems), tuple(skipped),
                       {r.post.source.rel: r.post.url for r in rendered}, config.baseurl)


def with_options(config: SiteConfig, options: BuildOptions) -> SiteConfig:
    """The configuration with the command line's overrides applied."""
    if options.baseurl is not None:
        base = options.baseurl.strip().strip("/")
        baseurl = f"/{base}" if base else ""
        config = replace(config, baseurl=baseurl, raw={**config.raw, "baseurl": baseurl})
    if options.public:
        config = replace(config, show_drafts=False, future=False, unpublished=False)
    return config


def select_posts(found: Sequence[sources.SourceFile], config: SiteConfig,
                 options: BuildOptions) -> tuple[list[Post], list[tuple[str, str]], list[Problem]]:
    """Read every source; keep the posts this build includes, with reasons for the rest."""
    now = build_time()
    future = options.future or config.future
    unpublished = options.unpublished or config.unpublished
    selected, skipped, problems = [], [], []
    for source in found:
        post = posts.read_or_problem(source, config)
        if isinstance(post, Problem):
            problems.append(post)
            continue
        reason = posts.skip_reason(post, future=future, unpublished=unpublished, now=now)
        if reason:
            skipped.append((source.rel, reason))
        else:
            selected.append(post)
    return selected, skipped, problems + check_collisions(selected)


def build_time() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)


def check_collisions(selected: Sequence[Post]) -> list[Problem]:
    """Two posts writing the same file (also when only the case differs) is an error."""
    seen: dict[str, Post] = {}
    problems = []
    for post in selected:
        key = post.output.casefold()
        if key in seen:
            other = seen[key]
            case = " (the names differ only in case)" if post.output != other.output else ""
            problems.append(error(post.source.rel, None,
                                  f"writes {post.output}, as {other.source.rel} does{case}",
                                  "give one of them another slug or permalink"))
        else:
            seen[key] = post
    return problems


def render_posts(selected: Sequence[Post], config: SiteConfig,
                 progress: Progress | None) -> list[RenderedPost]:
    """Split and render every post (in source order)."""
    renderer = PostRenderer(config, post_urls(selected))
    rendered = []
    for number, post in enumerate(selected, start=1):
        rendered.append(renderer.render(post))
        if progress:
            progress("Rendering", number, len(selected))
    return rendered


def post_urls(selected: Sequence[Post]) -> dict[str, str]:
    """Jekyll post names (and source paths) -> URLs, for ``{% post_url %}`` and ``{% link %}``."""
    urls = {}
    for post in selected:
        rel = post.source.rel
        stem = rel.rsplit(".", 1)[0]
        urls[stem.split("/")[-1]] = post.url
        urls[stem.removeprefix("_posts/")] = post.url
        urls[rel] = post.url
    return urls


def sorted_views(rendered: Sequence[RenderedPost], config: SiteConfig) -> list[PostView]:
    """Post views, newest first (ties by source path, so the order is stable)."""
    ordered = sorted(rendered, key=lambda r: r.post.source.rel)
    ordered.sort(key=lambda r: r.post.date, reverse=True)
    return [make_post_view(r, config.lang) for r in ordered]


def stop_on_errors(problems: Sequence[Problem], strict: bool) -> None:
    """Raise BuildFailed if anything stops the build."""
    if any(p.is_error for p in problems) or (strict and problems):
        if strict:
            problems = [error(p.path, p.line, p.message, p.hint) for p in problems]
        raise BuildFailed(sorted(problems, key=_problem_order))


def _problem_order(problem: Problem) -> tuple[str, int]:
    return problem.path, problem.line or 0


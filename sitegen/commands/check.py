"""``sitegen check``: what of a Jekyll site will render differently, and whether it builds.

The site is built into a temporary folder (nothing is written into the site's folder, not
even a cache), so every problem the build finds is reported, such as Liquid tags it cannot
resolve; then come the differences from Jekyll that the build does not see (plugins, the
theme, layouts, Jekyll's own folders, kramdown settings). Exit status 0 means the site
builds; ``--strict`` also fails on differences.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from sitegen import config as config_mod
from sitegen import migrate, pages_source, posts, sources
from sitegen.build import BuildOptions, BuildResult, build
from sitegen.config import SiteConfig
from sitegen.errors import BuildFailed, Problem
from sitegen.model import Post, SourceFile
from sitegen.render import PostRenderer
from sitegen.selection import post_urls

NAME = "check"
HELP = "report what of a (Jekyll) site sitegen renders differently, and whether it builds"
DESCRIPTION = (
    "Build the site into a temporary folder and report every problem, then every difference "
    "from Jekyll: plugins and what sitegen does instead, the Jekyll theme and _layouts/, "
    "layouts sitegen has no template for, Liquid it cannot resolve. Exits 0 when the site "
    "builds."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The site to check and how strict to be."""
    parser.add_argument("-s", "--source", type=Path, default=Path("."), metavar="DIR",
                        help="the site's folder, holding _config.yml and _posts/ (default: .)")
    parser.add_argument("-D", "--drafts", action="store_true",
                        help="build the drafts in _drafts/ too")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 when anything renders differently, not only on errors")


def run(args: argparse.Namespace) -> int:
    """Build into a temporary folder, then report problems and differences."""
    source = args.source.resolve()
    config, _ = config_mod.load(source)
    found = site_sources(config)
    try:
        result = _build(source, args.drafts)
    except BuildFailed as failed:
        report(failed.problems, migrate.differences(config, found), None)
        return 1
    problems = _unique([*result.problems, *page_problems(config, found)])
    notes = migrate.differences(config, found)
    report(problems, notes, result)
    return 1 if args.strict and (problems or notes) else 0


def site_sources(config: SiteConfig) -> list[SourceFile]:
    """Posts, drafts and pages of the site."""
    found, _ = sources.discover(config, True)
    return [*found, *pages_source.discover_pages(config).pages]


def _build(source: Path, drafts: bool) -> BuildResult:
    with tempfile.TemporaryDirectory(prefix="sitegen-check-") as folder:
        options = BuildOptions(source=source, destination=Path(folder) / "site", drafts=drafts,
                               cache=False)
        return build(options)


def page_problems(config: SiteConfig, found: Iterable[SourceFile]) -> list[Problem]:
    """What rendering the pages reports (Liquid it cannot resolve, broken fences, ...)."""
    read = [posts.read_or_problem(s, config) for s in found]
    every = [p for p in read if isinstance(p, Post)]
    renderer = PostRenderer(config, post_urls(every))
    problems: list[Problem] = [p for p in read if isinstance(p, Problem)
                               and p.path.split("/")[0] not in ("_posts", "_drafts")]
    for page in every:
        if page.source.kind.value == "page" and not pages_source.is_html_page(page):
            problems += renderer.render(page).problems
    return problems


def _unique(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(dict.fromkeys(problems), key=lambda p: (p.path, p.line or 0))


def report(problems: Sequence[Problem], notes: Sequence[Problem],
           result: BuildResult | None) -> None:
    """Problems, then differences, then one line saying whether the site builds."""
    for problem in [*problems, *notes]:
        print(problem)
    differences = f"{_count(len(notes), 'difference')} from Jekyll"
    if result is None:
        errors = sum(1 for p in problems if p.is_error)
        print(f"{differences}; the site does not build ({_count(errors, 'error')})",
              file=sys.stderr)
        return
    warnings = f", {_count(len(problems), 'warning')}" if problems else ""
    print(f"{differences}{warnings}; the site builds ({_count(result.posts, 'post')}, "
          f"{_count(result.pages, 'page')})")


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'s' if number != 1 else ''}"

"""The template stage: page plans -> bytes, plus the theme's and the site's static files.

A template error on one page is collected as a problem and the other pages still render,
so one build reports every broken page at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import jinja2

from sitegen import theme
from sitegen.config import SiteConfig
from sitegen.errors import Problem, SitegenError, error
from sitegen.markup import pygments_css
from sitegen.render import markup_options
from sitegen.site import Page, SiteView, make_site_view, plan
from sitegen.templates import make_environment, render
from sitegen.views import PostView

PYGMENTS_CSS = "assets/pygments.css"


def render_pages(config: SiteConfig, views: Sequence[PostView],
                 problems: list[Problem]) -> tuple[dict[str, bytes], dict[str, Path]]:
    """Render every page; returns (output path -> bytes, output path -> file to copy)."""
    env = make_environment(theme.template_dirs(config.source), config.baseurl, config.url)
    site = make_site_view(config, views)
    layouts = frozenset(env.list_templates(extensions=["html"]))
    files: dict[str, bytes] = {}
    for page in plan(site, config, layouts):
        text = _render(env, page, site, problems)
        if text is not None:
            files[page.output] = text.encode("utf-8")
    files[PYGMENTS_CSS] = pygments_css(markup_options(config, {})).encode("utf-8")
    copies = {rel: path for rel, path in theme.static_files(config.source).items()
              if rel not in files}
    return files, copies


def _render(env: jinja2.Environment, page: Page, site: SiteView,
            problems: list[Problem]) -> str | None:
    try:
        return render(env, page.template, {"site": site, **page.context}, page.source)
    except SitegenError as exc:
        problems.append(exc.problem or error(page.source or page.template, None, exc.message))
        return None

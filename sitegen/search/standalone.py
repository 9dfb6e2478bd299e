"""The search records of a site's posts, read again from their sources.

For tests and measurements: it renders every post once more (the build does not need to,
as it keeps each post's records from rendering its page).
"""

from __future__ import annotations

from sitegen import config as config_mod
from sitegen import posts, sources
from sitegen.build import BuildOptions, select_posts
from sitegen.errors import Problem
from sitegen.render import PostRenderer
from sitegen.search.records import SearchPost, search_post
from sitegen.selection import post_urls
from sitegen.views import make_post_view


def read_posts(options: BuildOptions) -> list[SearchPost | None]:
    """The records of every post a build with `options` includes (None for drafts)."""
    config, _ = config_mod.load(options.source)
    found, _ = sources.discover(config, options.drafts or config.show_drafts)
    chosen, _, _ = select_posts(found, config, options)
    renderer = PostRenderer(config, post_urls(chosen))
    records: list[SearchPost | None] = []
    for post in chosen:
        full = posts.read_or_problem(post.source, config)
        if not isinstance(full, Problem):
            view = make_post_view(renderer.render(full), config.lang)
            records.append(search_post(view))
    return records

"""Post pages, rendered in worker processes (or in this one for a handful of posts).

Each task names a source and the key of what its page depends on; the worker reads the
post, splits and renders it, renders its page template and writes the bytes into the
staging folder only when they differ from what the destination already holds. Output does
not depend on which worker renders which post, so parallel builds equal one-process builds.
"""

from __future__ import annotations

import dataclasses
import importlib
import multiprocessing
import signal
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen import pages_source, posts, theme
from sitegen.cache import SEARCH_SKIPPED, PostRecord, digest
from sitegen.config import SiteConfig
from sitegen.errors import Problem, SitegenError, error
from sitegen.linkcheck import content_links
from sitegen.model import Post, SourceFile
from sitegen.output import content_hash, write_file
from sitegen.site import make_site_view, post_page
from sitegen.views import PostView, TranslationView, make_post_view

if TYPE_CHECKING:
    from sitegen.search import SearchPost

IN_PROCESS_LIMIT = 8
"""Up to this many posts are rendered without starting worker processes."""
PRELOAD = ("sitegen.render", "sitegen.templates", "sitegen.search")
"""What a worker imports to render (Markdown, Pygments, Jinja)."""


@dataclass(frozen=True)
class PostTask:
    """One post page to render."""

    source: SourceFile
    key: str
    previous_hash: str | None
    """Hash of the bytes the destination holds at this post's output, if still intact."""
    keep_content: bool
    """Whether the post's full HTML is kept (for the feed)."""
    translations: tuple[TranslationView, ...] = ()
    """The other language versions of the post."""
    post: Post | None = None
    """The post as this build read it, when it still has its body (else it is read)."""


@dataclass(frozen=True)
class PostOutcome:
    """What rendering one post gave: a record, or the problems that stopped it."""

    rel: str
    record: PostRecord | None
    written: bool
    problems: tuple[Problem, ...]
    search: SearchPost | None = None
    """The post's search records, when there is no cache folder to store them in."""


class PageRenderer:
    """Everything one process needs to render post pages; built once per process."""

    def __init__(self, config: SiteConfig, post_urls: Mapping[str, str], staging: Path,
                 cache_folder: Path | None, search: bool = True):
        # Markdown, Pygments and Jinja are imported here, when there is something to render.
        from sitegen.render import PostRenderer
        from sitegen.search import enabled
        from sitegen.templates import make_environment, render

        self.config, self.staging, self.render = config, staging, render
        self.searchable, self.cache_folder = enabled(config), cache_folder
        self.search = search
        """Whether this build writes the index (else the records are not made)."""
        self.posts = PostRenderer(config, post_urls)
        self.env = make_environment(theme.template_dirs(config.source), config.baseurl,
                                    config.url, cache_folder)
        self.layouts = theme.layouts(config.source)
        self.site = make_site_view(config, ())

    def run(self, task: PostTask) -> PostOutcome:
        """Render one post page; problems come back instead of exceptions."""
        post = task.post or posts.read_or_problem(task.source, self.config)
        if isinstance(post, Problem):
            return PostOutcome(task.source.rel, None, False, (post,))
        try:
            return self._run(task, post)
        except SitegenError as exc:
            problem = exc.problem or error(task.source.rel, None, exc.message)
            return PostOutcome(task.source.rel, None, False, (problem,))

    def _run(self, task: PostTask, post: Post) -> PostOutcome:
        rendered = pages_source.render_page(self.posts, post)
        view = dataclasses.replace(make_post_view(rendered, self.config.lang),
                                   translations=task.translations)
        page = post_page(view, self.layouts)
        data = self.render(self.env, page.template, {"site": self.site, **page.context},
                           page.source).encode("utf-8")
        output_hash = content_hash(data)
        written = output_hash != task.previous_hash
        if written:
            write_file(self.staging, page.output, data)
        links = content_links(view.content_html)
        search_key, search = self._search(view)
        summary, content = summarize(view), view.content_html if task.keep_content else ""
        record = PostRecord(task.key, summary, page.output, output_hash, rendered.problems,
                            content, links, search_key, digest(summary, content))
        return PostOutcome(task.source.rel, record, written, rendered.problems, search)

    def _search(self, view: PostView) -> tuple[str, SearchPost | None]:
        """The key of the post's search records; the records too if they are not stored."""
        from sitegen.search import search_post, store

        if self.searchable and not self.search:
            return SEARCH_SKIPPED, None
        post = search_post(view) if self.searchable else None
        if post is None:
            return "", None
        key = store.key_of(post)
        if self.cache_folder is None:
            return key, post
        store.store(self.cache_folder, key, post)
        return key, None


def summarize(view: PostView) -> PostView:
    """The view listing pages get: the post without its rendered conversation."""
    return dataclasses.replace(view, threads=(), preamble_html="", epilogue_html="",
                               content_html="", speakers=())


_WORKER: PageRenderer | None = None


def _start_worker(config: SiteConfig, post_urls: Mapping[str, str], staging: Path,
                  cache_folder: Path | None, search: bool) -> None:
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    _WORKER = PageRenderer(config, post_urls, staging, cache_folder, search)


def _work(task: PostTask) -> PostOutcome:
    assert _WORKER is not None
    return _WORKER.run(task)


def render_all(tasks: Sequence[PostTask], config: SiteConfig, post_urls: Mapping[str, str],
               staging: Path, jobs: int, cache_folder: Path | None,
               progress: Callable[[int], None] | None = None,
               search: bool = True) -> Iterator[PostOutcome]:
    """Render every task, in order; with `jobs` > 1 in that many processes. Without
    `search` (no index is written), the posts' search records are not made."""
    if not tasks:
        return
    if jobs <= 1 or len(tasks) <= IN_PROCESS_LIMIT:
        worker = PageRenderer(config, post_urls, staging, cache_folder, search)
        for number, task in enumerate(tasks, start=1):
            yield worker.run(task)
            if progress:
                progress(number)
        return
    # fork is fastest, but forking a process that runs threads (the preview server) is unsafe
    method = "fork" if threading.active_count() == 1 else "forkserver"
    context = multiprocessing.get_context(method)
    # The workers start with the rendering modules imported (fork: from this process;
    # forkserver: from the server process, which imports them once).
    if method == "fork":
        for name in PRELOAD:
            importlib.import_module(name)
    else:
        context.set_forkserver_preload(list(PRELOAD))
    chunk = max(1, min(16, len(tasks) // (jobs * 8)))
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker,
                               initargs=(config, post_urls, staging, cache_folder, search))
    try:
        for number, outcome in enumerate(pool.map(_work, tasks, chunksize=chunk), start=1):
            yield outcome
            if progress:
                progress(number)
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)

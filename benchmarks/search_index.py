"""What the search index costs: indexing time for a corpus, and its share of a build.

    python3 benchmarks/search_index.py [POSTS_DIR] [--runs 3] [--shared ../shared]

Each run, alternately: a clean ``sitegen build --no-search``, a clean ``sitegen build``
(which writes the index), and, in this process, ``sitegen.search.write_index`` alone on the
records of every post (read once beforehand, as the build keeps them from rendering each
page): into an empty folder, then again beside that index after one answer changed (what a
rebuild writes). Also timed once: ``search_post`` on every post's view (the build's share
of the work while it renders pages). Prints medians, the index's size and the ratios to the
build. Without POSTS_DIR, the 1000-post corpus is generated into /tmp/corpus1000 with
``shared/bench/make_corpus.py``.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sitegen.build import BuildOptions, select_posts  # noqa: E402
from sitegen.config import SiteConfig, load  # noqa: E402
from sitegen.search import SearchPost, search_post, write_index  # noqa: E402
from sitegen.search.records import SearchRecord  # noqa: E402
from sitegen.views import PostView  # noqa: E402


def main() -> int:
    args = _arguments()
    source = args.posts or _make_corpus(args.shared / "bench", Path("/tmp/corpus1000"))
    config, _ = load(source)
    views = _views(source, config)
    started = time.perf_counter()
    posts = [search_post(view) for view in views]
    extract = time.perf_counter() - started
    print(f"{len(posts)} posts, {sum(len(p.records) for p in posts if p)} records; "
          f"search_post on every view: {extract:.2f}s")
    times: dict[str, list[tuple[float, float]]] = {"build": [], "build+search": [], "index": [],
                                                   "reindex": []}
    for run in range(args.runs):
        times["build"].append(_build(source, "--no-search"))
        times["build+search"].append(_build(source))
        fresh, again, written, size = _index(posts, config)
        times["index"].append(fresh)
        times["reindex"].append(again)
        print(f"run {run + 1}: " + ", ".join(f"{k} {v[-1][0]:.2f}s ({v[-1][1]:.2f}s cpu)"
                                             for k, v in times.items())
              + f" | reindex wrote {written} files")
    _report({k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
             for k, v in times.items()}, size)
    return 0


def _report(median: dict[str, tuple[float, float]], size: tuple[int, int]) -> None:
    print(f"index: {size[0]} files, {size[1] / 1e6:.1f} MB")
    for clock, n in (("wall", 0), ("cpu", 1)):
        build, index = median["build"][n], median["index"][n]
        print(f"{clock}: build without search {build:.2f}s, with search "
              f"{median['build+search'][n]:.2f}s (+{median['build+search'][n] - build:.2f}s); "
              f"indexing alone {index:.2f}s = {index / build:.1%} of the build without search; "
              f"after one change {median['reindex'][n]:.2f}s")


def _cpu() -> float:
    """CPU seconds of this process and of every child it waited for (workers, Pagefind)."""
    own, children = (resource.getrusage(w) for w in (resource.RUSAGE_SELF,
                                                       resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _views(source: Path, config: SiteConfig) -> list[PostView]:
    """Every post's view, rendered once (not timed)."""
    from sitegen import posts as posts_mod
    from sitegen import sources
    from sitegen.render import PostRenderer
    from sitegen.selection import post_urls
    from sitegen.views import make_post_view

    found, _ = sources.discover(config, False)
    chosen, _, _ = select_posts(found, config, BuildOptions(source=source))
    renderer = PostRenderer(config, post_urls(chosen))
    full = [posts_mod.read_post(post.source, config) for post in chosen]
    return [make_post_view(renderer.render(post), config.lang) for post in full]


def _build(source: Path, *args: str) -> tuple[float, float]:
    """Wall and CPU seconds of a clean build by the command line, as a user runs it."""
    with tempfile.TemporaryDirectory() as out:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        started, cpu = time.perf_counter(), _cpu()
        subprocess.run([sys.executable, "-m", "sitegen", "build", "--quiet", "--no-cache",
                        "--source", str(source), "--destination", f"{out}/site", *args],
                       check=True, env=env)
        return time.perf_counter() - started, _cpu() - cpu


def _index(posts: list[SearchPost | None], config: SiteConfig
           ) -> tuple[tuple[float, float], tuple[float, float], int, tuple[int, int]]:
    """Seconds to index into an empty folder, and beside it after one answer changed."""
    with tempfile.TemporaryDirectory() as work:
        cpu = _cpu()
        first = write_index(posts, config, Path(work) / "site")
        cpu_first = _cpu() - cpu
        size = (len(first.outputs), sum(f.stat().st_size
                                        for f in (Path(work) / "site").rglob("*") if f.is_file()))
        cpu = _cpu()
        again = write_index(_one_changed(posts), config, Path(work) / "staging",
                            Path(work) / "site")
        return ((first.seconds, cpu_first), (again.seconds, _cpu() - cpu), len(again.written),
                size)


def _one_changed(posts: list[SearchPost | None]) -> list[SearchPost | None]:
    """The same records, but for one more word in the last record of the first post."""
    changed = list(posts)
    at, post = next((n, p) for n, p in enumerate(posts) if p and p.records)
    last = post.records[-1]
    edited = SearchRecord(last.anchor, last.text + " edited", last.speaker, last.role,
                          last.question)
    changed[at] = dataclasses.replace(post, records=(*post.records[:-1], edited))
    return changed


def _make_corpus(bench: Path, folder: Path) -> Path:
    if not (folder / "_posts").is_dir():
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([sys.executable, str(bench / "make_corpus.py"), "1000", str(folder)],
                       check=True, stdout=subprocess.DEVNULL)
    return folder


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("posts", nargs="?", type=Path, help="a site folder (default: the "
                        "1000-post corpus in /tmp/corpus1000)")
    parser.add_argument("--runs", type=int, default=3, help="runs to take the median of")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                        help="the shared material (for bench/make_corpus.py)")
    return parser.parse_args()


if __name__ == "__main__":
    sys.exit(main())

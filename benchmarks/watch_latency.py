"""One edited post rebuilt: by ``sitegen build --watch``, and by a fresh ``sitegen build``
(not a unit test).

    python benchmarks/watch_latency.py [--posts 5000] [--edits 10]

Generates a blog with ../shared/bench/make_corpus.py and starts ``sitegen build --watch
--no-search`` on it. Each of `--edits` times it appends a line to one post and waits until
the post's page in ``_site/`` holds the line: the time from the write to the new page, and
the build time the command printed (the rest is the watcher's 0.2 s debounce). Then it stops
the watcher and times `--edits` fresh ``sitegen build --no-search`` runs, each after one more
edit of the same post, as ``compare.py`` does: the same rebuild in a new process.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from serve_latency import Running, make_site, pick_post

SITEGEN = [sys.executable, "-m", "sitegen"]


class Watching(Running):
    """``sitegen build --watch --no-search``, once its first build is done."""

    def __init__(self, site: Path) -> None:
        super().__init__("build", "--watch", "--no-search", "--source", str(site),
                         label="watch")
        self.line_after("Watching for changes")


def page_of(site: Path, post: Path) -> Path:
    """The post's page in ``_site/`` (found by its slug)."""
    slug = post.stem[11:]
    pages = [p for p in (site / "_site").rglob(f"*{slug}*") if p.is_file()]
    page = pages[0] if pages[0].suffix == ".html" else pages[0] / "index.html"
    assert len(pages) == 1 and page.is_file(), pages
    return page


def append(post: Path, line: str) -> None:
    with open(post, "a", encoding="utf-8") as fh:
        fh.write(f"\n{line}\n")


def wait_for(page: Path, marker: str, timeout: float = 900) -> None:
    deadline = time.monotonic() + timeout
    while marker not in page.read_text(encoding="utf-8"):
        if time.monotonic() > deadline:
            raise SystemExit(f"{marker!r} never reached {page}")
        time.sleep(0.005)


def watched(site: Path, post: Path, edits: int) -> tuple[list[float], list[float]]:
    """(write -> new page, reported build) of each edit under ``build --watch``."""
    watching = Watching(site)
    page = page_of(site, post)
    seen, built = [], []
    try:
        for number in range(edits):
            marker = f"Watch marker {number} {time.time_ns()}"
            started = time.perf_counter()
            append(post, marker)
            wait_for(page, marker)
            seen.append(time.perf_counter() - started)
            built.append(float(watching.line_after("Rebuilt in ").split()[0]))
            time.sleep(1.0)
    finally:
        watching.stop()
    return seen, built


def fresh(site: Path, post: Path, edits: int) -> list[float]:
    """Wall time of a new ``sitegen build --no-search`` process after each edit."""
    times = []
    for number in range(edits):
        append(post, f"Fresh marker {number}")
        started = time.perf_counter()
        subprocess.run([*SITEGEN, "build", "--quiet", "--no-search", "--source", str(site)],
                       check=True)
        times.append(time.perf_counter() - started)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=5000, help="posts in the generated blog")
    parser.add_argument("--edits", type=int, default=10, help="edits to time, each way")
    args = parser.parse_args()
    median = statistics.median
    with tempfile.TemporaryDirectory() as tmp:
        site = make_site(args.posts, Path(tmp) / "site")
        post = pick_post(site)
        seen, built = watched(site, post, args.edits)
        new = fresh(site, post, args.edits)
    print(f"{args.posts} posts, one post edited, medians of {args.edits}:\n"
          f"  build --watch: write -> new page in _site/ {median(seen):.2f} s "
          f"(min {min(seen):.2f}, max {max(seen):.2f}); build as reported {median(built):.2f} s\n"
          f"  fresh sitegen build: {median(new):.2f} s (min {min(new):.2f}, max {max(new):.2f})\n"
          f"  ratio watch build / fresh build: {median(built) / median(new):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

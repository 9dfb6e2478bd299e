"""Save-to-reload latency of ``sitegen serve`` on a generated blog (not a unit test).

    python benchmarks/serve_latency.py [--posts 1000] [--edits 10] [--profile]

Generates a blog with ../shared/bench/make_corpus.py, starts ``sitegen serve`` on it,
opens one post in Chromium (Playwright, /usr/bin/chromium), then edits that post on
disk `--edits` times. For each edit it measures the time from the write to the browser
showing the new text (the page reloads by itself), and reads the build time the server
printed. The rest is the debounce (the watcher waits for 0.2 s of quiet), the event to
the browser, and the reload. With ``--profile`` it also profiles one build in-process and
prints the time of each build stage.
"""

from __future__ import annotations

import argparse
import cProfile
import http.client
import pstats
import queue
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MAKE_CORPUS = REPO.parent / "shared" / "bench" / "make_corpus.py"
CHROMIUM = "/usr/bin/chromium"
OVERLAY = "sitegen-overlay"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
STAGES = re.compile(r"sitegen/(build\.py|selection\.py:\d+\(select|cache\.py:\d+\((load|save)"
                    r"|output\.py:\d+\(finish|pages\.py:\d+\(render_listing|config\.py:\d+\(load)")


class Running:
    """A long-running sitegen command in a subprocess; its output lines arrive in a queue."""

    def __init__(self, *args: str, label: str) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "sitegen", *args],
                                        stdout=subprocess.PIPE, text=True)
        self.label = label
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            print(f"  {self.label}: {line.strip()}", file=sys.stderr)
            self.lines.put(line.strip())

    def line_after(self, prefix: str, timeout: float = 900) -> str:
        deadline = time.monotonic() + timeout
        while True:
            line = self.lines.get(timeout=deadline - time.monotonic())
            if line.startswith(prefix):
                return line.removeprefix(prefix)
            if line.startswith("Build failed"):
                raise SystemExit(f"the build failed: {line}")

    def stop(self) -> None:
        self.process.terminate()  # as Ctrl-C (a shell may start it with SIGINT ignored)
        self.process.wait(timeout=120)


class Server(Running):
    """``sitegen serve`` on a free port, once its first build is served."""

    def __init__(self, site: Path) -> None:
        super().__init__("serve", "--source", str(site), "--port", "0", "--no-drafts",
                         label="server")
        self.url = self.line_after("Serving at ").split()[0]


def make_site(posts: int, folder: Path) -> Path:
    subprocess.run([sys.executable, str(MAKE_CORPUS), str(posts), str(folder)], check=True,
                   stdout=subprocess.DEVNULL)
    return folder


def pick_post(site: Path) -> Path:
    """A post near the middle whose slug no other post has (found by slug in the sitemap)."""
    posts = sorted((site / "_posts").glob("*.md"))
    slugs = Counter(p.stem[11:] for p in posts)
    unique = [p for p in posts if slugs[p.stem[11:]] == 1]
    return unique[len(unique) // 2]


def post_url(server: Server, post: Path) -> str:
    """The post's address, found in the sitemap by its slug."""
    slug = post.stem[11:]
    with urllib.request.urlopen(f"{server.url}sitemap.xml") as response:
        sitemap = response.read().decode()
    path = re.search(rf"<loc>(?:https?://[^/<]+)?(/[^<]*/{re.escape(slug)}(?:\.html|/)?)</loc>",
                     sitemap)
    assert path, f"{slug} not in the sitemap"
    return server.url.rstrip("/") + path.group(1)


@dataclass(frozen=True)
class Timing:
    """One edit, in seconds from the save."""

    seen: float
    """The browser shows the new text."""
    event: float
    """The reload event reached a listener (debounce + build + publishing)."""
    build: float
    """What the build itself reported."""


def listen(server: Server) -> queue.Queue[float]:
    """Arrival times of the server's reload events, read the way the browser reads them."""
    arrivals: queue.Queue[float] = queue.Queue()

    def run() -> None:
        host, port = server.url.split("/")[2].split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=None)
        connection.request("GET", "/__sitegen/events")
        response = connection.getresponse()
        while line := response.fp.readline():
            if line.startswith(b"data: "):
                arrivals.put(time.perf_counter())

    threading.Thread(target=run, daemon=True).start()
    arrivals.get(timeout=60)  # the state sent on connecting
    return arrivals


def measure(server: Server, post: Path, edits: int) -> list[Timing]:
    """Edit the post `edits` times while Chromium shows it."""
    from playwright.sync_api import sync_playwright

    original = post.read_text(encoding="utf-8")
    arrivals = listen(server)
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(post_url(server, post))
        for number in range(edits):
            marker = f"Latency marker {number} {time.time_ns()}"
            started = time.perf_counter()
            post.write_text(f"{original}\n{marker}\n", encoding="utf-8")
            page.wait_for_function(f"document.body && (document.body.innerText.includes("
                                   f"'{marker}') || document.getElementById('{OVERLAY}'))",
                                   polling=10, timeout=900_000)
            seen = time.perf_counter() - started
            if page.locator(f"#{OVERLAY}").count():
                raise SystemExit(f"the build failed: {page.locator(f'#{OVERLAY}').inner_text()}")
            event = arrivals.get(timeout=60) - started
            built = float(server.line_after("Rebuilt in ").split()[0])
            results.append(Timing(seen, event, built))
            print(f"edit {number + 1}: {seen:.2f} s (event {event:.2f} s, build {built:.2f} s)",
                  file=sys.stderr)
            time.sleep(1.0)
        browser.close()
    post.write_text(original, encoding="utf-8")
    return results


def profile_build(site: Path, post: Path) -> None:
    """A cold build, then one post edited and built again, in this process under cProfile
    (post pages rendered in worker processes are not seen, only waited for)."""
    from sitegen.build import BuildOptions, build

    with tempfile.TemporaryDirectory() as out:
        options = BuildOptions(source=site, destination=Path(out) / "site")
        for name in ("cold build", "one post edited"):
            if name != "cold build":
                post.write_text(post.read_text(encoding="utf-8") + "\nOne more line.\n",
                                encoding="utf-8")
            profiler = cProfile.Profile()
            result = profiler.runcall(build, options)
            print(f"\n{name}: {result.seconds:.2f} s, {result.rendered} post pages rendered")
            show_stages(pstats.Stats(profiler))


def show_stages(stats: pstats.Stats) -> None:
    rows = stats.stats  # type: ignore[attr-defined]
    for (file, line, name), row in sorted(rows.items(), key=lambda kv: -kv[1][3]):
        where = f"{file}:{line}({name})"
        if STAGES.search(where.replace("\\", "/")) and row[3] >= 0.01:
            print(f"  {Path(file).name}:{name:<22} {row[3]:7.2f} s")


def summary(posts: int, results: list[Timing]) -> str:
    """Medians: the whole, and its parts."""
    def median(values: list[float]) -> float:
        return statistics.median(values)

    seen = [r.seen for r in results]
    event, build = median([r.event for r in results]), median([r.build for r in results])
    reload = median([r.seen - r.event for r in results])
    return (f"{posts} posts, {len(results)} edits: save -> page reloaded with the new text: "
            f"median {median(seen):.2f} s (min {min(seen):.2f}, max {max(seen):.2f})\n"
            f"  build (as reported): {build:.2f} s\n"
            f"  debounce 0.2 s + event delivery + publishing: {event - build:.2f} s\n"
            f"  browser: reload and render: {reload:.2f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000, help="posts in the generated blog")
    parser.add_argument("--edits", type=int, default=10, help="edits to time")
    parser.add_argument("--profile", action="store_true", help="profile one build too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = make_site(args.posts, Path(tmp) / "site")
        post = pick_post(site)
        started = time.perf_counter()
        server = Server(site)
        print(f"first build and start: {time.perf_counter() - started:.1f} s", file=sys.stderr)
        try:
            results = measure(server, post, args.edits)
        finally:
            server.stop()
        print(summary(args.posts, results))
        if args.profile:
            profile_build(site, post)
    return 0


if __name__ == "__main__":
    sys.exit(main())

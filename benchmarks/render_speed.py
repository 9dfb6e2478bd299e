"""How much slower sitegen's Markdown renderer is than markdown-it-py + Pygments alone.

    python3 benchmarks/render_speed.py [POSTS_DIR] [--runs 3] [--shared ../shared]

Runs, alternately and each in a fresh process, ``shared/bench/floor_render.py`` (the floor:
CommonMark plus Pygments on every post body) and ``sitegen.markup`` on the same bodies,
rendered whole and rendered per speaker turn (bodies split before lines starting with
"Zhiwei:" or "ChatGPT:", a rough stand-in for the transcript splitter). Reading and
imports are not timed, for the floor and for sitegen alike.

Two clocks: wall seconds (what floor_render.py prints), and CPU seconds of the rendering
process, which other work on a shared machine disturbs far less. For the CPU figure the
unchanged floor script is run with its clock (``time.perf_counter``) pointed at
``time.process_time``. A third measure runs the floor's own parser (taken from the script)
and sitegen in one process, alternating every 20 posts, so both see the same machine.
Prints the median of each and the ratios to the floor. Without POSTS_DIR, the 1000-post
corpus is generated into /tmp/corpus1000 with ``shared/bench/make_corpus.py``.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
_TURN = re.compile(r"^(?=Zhiwei:|ChatGPT:)", re.MULTILINE)
_FLOOR_TIMES = re.compile(r"markdown ([\d.]+)s pygments ([\d.]+)s")


def main() -> int:
    args = _arguments()
    bench = args.shared / "bench"
    posts = args.posts or _make_corpus(bench, Path("/tmp/corpus1000"))
    runs: dict[str, list[tuple[float, float]]] = {"floor": [], "whole": [], "turns": []}
    mixed: list[tuple[float, float, float]] = []
    for run in range(args.runs):
        runs["floor"].append((_floor(bench, posts, cpu=False), _floor(bench, posts, cpu=True)))
        runs["whole"].append(_child("whole", posts))
        runs["turns"].append(_child("turns", posts))
        mixed.append(_interleaved(bench, posts))
        print(f"run {run + 1}: " + ", ".join(
            f"{kind} {wall:.2f}s wall {cpu:.2f}s cpu" for kind, [*_, (wall, cpu)] in runs.items())
            + " | one process, cpu: floor {:.2f}s, whole {:.2f}s, turns {:.2f}s".format(*mixed[-1]))
    floor = _medians(runs["floor"])
    for n, kind in enumerate(("whole", "turns"), start=1):
        wall, cpu = _medians(runs[kind])
        same = statistics.median(m[n] / m[0] for m in mixed)
        print(f"{kind:>5}: wall {wall:.2f}s / floor {floor[0]:.2f}s = ratio {wall / floor[0]:.3f}"
              f" | cpu {cpu:.2f}s / floor {floor[1]:.2f}s = ratio {cpu / floor[1]:.3f}"
              f" | one process, cpu ratio {same:.3f}")
    return 0


def _medians(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("posts", nargs="?", type=Path, help="a _posts/ folder (default: generate)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each (default 3)")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                        help="the shared folder holding bench/ (default ../shared)")
    parser.add_argument("--child", choices=["whole", "turns", "mixed"], help=argparse.SUPPRESS)
    return parser.parse_args()


def _make_corpus(bench: Path, target: Path) -> Path:
    if not (target / "_posts").is_dir():
        subprocess.run([sys.executable, str(bench / "make_corpus.py"), "1000", str(target)],
                       check=True, stdout=subprocess.DEVNULL)
    return target / "_posts"


def _floor(bench: Path, posts: Path, cpu: bool) -> float:
    """The floor's markdown + pygments seconds, on the wall clock or the CPU clock."""
    script = str(bench / "floor_render.py")
    command = [sys.executable, script, str(posts)]
    if cpu:
        command = [sys.executable, "-c", _CPU_FLOOR, script, str(posts)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    match = _FLOOR_TIMES.search(out)
    if match is None:
        raise SystemExit(f"cannot read the floor's times from: {out!r}")
    return float(match[1]) + float(match[2])


_CPU_FLOOR = """
import runpy, sys, time
time.perf_counter = time.process_time
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def _child(kind: str, posts: Path) -> tuple[float, float]:
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(posts)],
                         check=True, capture_output=True, text=True).stdout
    wall, cpu = out.split()[-2:]
    return float(wall), float(cpu)


def _interleaved(bench: Path, posts: Path) -> tuple[float, float, float]:
    command = [sys.executable, __file__, "--child", "mixed", "--shared", str(bench.parent),
               str(posts)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    floor, whole, turns = (float(x) for x in out.split()[-3:])
    return floor, whole, turns


def run_child(kind: str, posts: Path) -> tuple[float, float]:
    """Render every post (whole or per turn) in this process: wall and CPU seconds."""
    from sitegen.frontmatter import split
    from sitegen.markup import Markup, MarkupOptions

    markup = Markup(MarkupOptions())
    pieces: list[tuple[str, str, int]] = []
    for path in sorted(posts.glob("*.md")):
        document = split(path.read_text(encoding="utf-8"), str(path))
        pieces.extend(_pieces(str(path), document.body, document.body_line, kind))
    wall, cpu = time.perf_counter(), time.process_time()
    for path, text, line in pieces:
        markup.render(text, path=path, line=line)
    return time.perf_counter() - wall, time.process_time() - cpu


def _pieces(path: str, body: str, line: int, kind: str) -> list[tuple[str, str, int]]:
    if kind == "whole":
        return [(path, body, line)]
    out = []
    for piece in _TURN.split(body):
        if piece:
            out.append((path, piece, line))
            line += piece.count("\n")
    return out


def run_mixed(bench: Path, posts: Path) -> tuple[float, float, float]:
    """CPU seconds of the floor's parser, sitegen whole and sitegen per turn, alternating."""
    from sitegen.frontmatter import split
    from sitegen.markup import Markup, MarkupOptions

    floor, markup = _floor_parser(bench), Markup(MarkupOptions())
    posts_ = [split(p.read_text(encoding="utf-8"), str(p)) for p in sorted(posts.glob("*.md"))]
    jobs = [
        lambda d: floor.render(d.body),
        lambda d: markup.render(d.body, path="p", line=d.body_line),
        lambda d: [markup.render(t, path="p", line=n) for _, t, n in _pieces("p", d.body,
                                                                           d.body_line, "turns")],
    ]
    for job in jobs:  # warm up: lexers made, regular expressions compiled
        for document in posts_[:20]:
            job(document)
    totals = [0.0, 0.0, 0.0]
    for start in range(0, len(posts_), 20):
        for n, job in enumerate(jobs):
            began = time.process_time()
            for document in posts_[start : start + 20]:
                job(document)
            totals[n] += time.process_time() - began
    return totals[0], totals[1], totals[2]


def _floor_parser(bench: Path) -> Any:
    """The ``md`` object floor_render.py builds (run over an empty folder)."""
    import contextlib
    import io
    import runpy
    import tempfile

    script = str(bench / "floor_render.py")
    with tempfile.TemporaryDirectory() as empty, contextlib.redirect_stdout(io.StringIO()):
        saved, sys.argv = sys.argv, [script, empty]
        try:
            return runpy.run_path(script)["md"]
        finally:
            sys.argv = saved


if __name__ == "__main__":
    if "--child" in sys.argv:
        options = _arguments()
        if options.child == "mixed":
            seconds = run_mixed(options.shared / "bench", options.posts)
            print(" ".join(f"{x:.4f}" for x in seconds))
        else:
            wall, cpu = run_child(options.child, options.posts)
            print(f"{wall:.4f} {cpu:.4f}")
        sys.exit(0)
    sys.exit(main())

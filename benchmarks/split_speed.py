"""Time the transcript splitter alone over a folder of posts (reading is not timed).

    python3 ../shared/bench/make_corpus.py 1000 /tmp/corpus1000
    python3 benchmarks/split_speed.py /tmp/corpus1000 [--repeat 5]

Prints the best total over the repeats (the goal is under 1 s for the 1000-post corpus),
and for calibration the best time of a bare markdown-it block parse of the same bodies,
which the splitter cannot go below: on a loaded machine both grow together.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from markdown_it import MarkdownIt

from sitegen.frontmatter import decode, split
from sitegen.transcript import split_transcript


def load(root: Path) -> list[tuple[str, int]]:
    """(body, body line) of every Markdown file below root."""
    bodies = []
    for path in sorted(root.rglob("*.md")):
        document = split(decode(path.read_bytes(), str(path)), str(path))
        bodies.append((document.body, document.body_line))
    return bodies


def best_of(repeat: int, *works: Callable[[], object]) -> list[tuple[float, float]]:
    """The shortest wall-clock and CPU times of each piece of work, run in turns so that a
    change in the machine's load affects them alike."""
    wall: list[list[float]] = [[] for _ in works]
    cpu: list[list[float]] = [[] for _ in works]
    for _ in range(repeat):
        for n, work in enumerate(works):
            start, start_cpu = time.perf_counter(), time.process_time()
            work()
            wall[n].append(time.perf_counter() - start)
            cpu[n].append(time.process_time() - start_cpu)
    return [(min(w), min(c)) for w, c in zip(wall, cpu, strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("root", type=Path, help="folder of posts (searched recursively)")
    parser.add_argument("--repeat", type=int, default=5, help="runs; the best one is reported")
    args = parser.parse_args()
    bodies = load(args.root)
    size = sum(len(body) for body, _ in bodies)
    turns = sum(len(split_transcript(body, body_line=line).turns) for body, line in bodies)
    md = MarkdownIt("commonmark")
    split_time, parse_time = best_of(
        args.repeat,
        lambda: [split_transcript(b, body_line=n) and None for b, n in bodies],
        lambda: [md.block.parse(b, md, {}, []) and None for b, _ in bodies],
    )
    print(f"{len(bodies)} posts, {size / 1e6:.1f} M characters, {turns} turns")
    print(f"split all posts: {split_time[0]:.3f} s wall, {split_time[1]:.3f} s CPU, "
          f"best of {args.repeat} ({split_time[0] / max(len(bodies), 1) * 1e3:.2f} ms per post)")
    print(f"calibration, bare markdown-it block parse: {parse_time[0]:.3f} s wall, "
          f"{parse_time[1]:.3f} s CPU (split = {split_time[1] / parse_time[1]:.2f} x parse)")


if __name__ == "__main__":
    main()

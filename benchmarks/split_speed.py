"""Time the transcript splitter alone over a folder of posts (reading is not timed).

    python3 ../shared/bench/make_corpus.py 1000 /tmp/corpus1000
    python3 benchmarks/split_speed.py /tmp/corpus1000 [--repeat 3]

Prints the best total over the repeats; the goal is under 1 s for the 1000-post corpus.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sitegen.frontmatter import decode, split
from sitegen.transcript import split_transcript


def load(root: Path) -> list[tuple[str, int]]:
    """(body, body line) of every Markdown file below root."""
    bodies = []
    for path in sorted(root.rglob("*.md")):
        document = split(decode(path.read_bytes(), str(path)), str(path))
        bodies.append((document.body, document.body_line))
    return bodies


def time_once(bodies: list[tuple[str, int]]) -> tuple[float, int]:
    """Seconds to split every body, and how many turns were found."""
    start = time.perf_counter()
    turns = sum(len(split_transcript(body, body_line=line).turns) for body, line in bodies)
    return time.perf_counter() - start, turns


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="folder of posts (searched recursively)")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best one is reported")
    args = parser.parse_args()
    bodies = load(args.root)
    size = sum(len(body) for body, _ in bodies)
    runs = [time_once(bodies) for _ in range(args.repeat)]
    best, turns = min(runs)
    print(f"{len(bodies)} posts, {size / 1e6:.1f} M characters, {turns} turns")
    print(f"split all posts: best {best:.3f} s of {args.repeat} "
          f"({best / max(len(bodies), 1) * 1e3:.2f} ms per post)")


if __name__ == "__main__":
    main()

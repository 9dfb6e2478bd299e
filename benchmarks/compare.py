#!/usr/bin/env python3
"""Build one synthetic corpus with sitegen and with every installed peer; print medians and ratios.

    python3 benchmarks/compare.py 1000 [5000 ...] [--runs 3] [--peers jekyll,hugo,pelican]
                                  [--search]

For each N, the corpus (``make_corpus.py``, about 10 KB and 6.5 code blocks a post) is written
in Jekyll, Hugo and Pelican form. Each run builds, interleaved so that machine drift hits every
tool alike: sitegen cold (no output, no cache), with no change, after one post was edited, all
without the search index as the peers build none (``--search`` adds a cold build with it);
Jekyll cold and with its cache warm; Hugo cold and again; Pelican cold and with its content
cache. Wall time and the peak memory of the largest process are measured with ``wait4``.
See benchmarks/README.md for installing the peers.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
GENERATOR = HERE / "make_corpus.py"
SITEGEN = [sys.executable, "-m", "sitegen"]
Results = dict[tuple[int, str, str], list[tuple[float, int]]]


def measure(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """Run a command; return (wall seconds, peak RSS in MB of the largest process)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        errors = proc.stderr.read().decode() if proc.stderr else ""
        sys.exit(f"failed: {' '.join(cmd)} in {cwd}\n{errors}")
    return wall, usage.ru_maxrss // 1024


def make_sites(n: int, work: Path, peers: list[str]) -> dict[str, Path]:
    """One site folder per tool, each with the same posts."""
    sites = {}
    for tool, fmt in [("sitegen", "jekyll"), *[(p, p) for p in peers]]:
        site = work / str(n) / tool
        shutil.rmtree(site, ignore_errors=True)
        skeleton = HERE / "peers" / tool
        if skeleton.is_dir():
            shutil.copytree(skeleton, site)
        subprocess.run([sys.executable, str(GENERATOR), str(n), str(site), "--format", fmt],
                       check=True, stdout=subprocess.DEVNULL)
        sites[tool] = site
    (sites["sitegen"] / "_config.yml").write_text("title: Benchmark blog\n", encoding="utf-8")
    return sites


def clear(site: Path, *names: str) -> None:
    for name in names:
        target = site / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()


def run_sitegen(site: Path, results: Results, n: int, search: bool) -> None:
    """Cold, no-change and one-edit builds without the search index (the peers build none),
    then, with `search`, a cold build with it."""
    clear(site, "_site", ".sitegen-cache")
    build = [*SITEGEN, "build", "--quiet", "--no-search"]
    results[(n, "sitegen", "cold")].append(measure(build, site))
    results[(n, "sitegen", "rebuild")].append(measure(build, site))
    post = sorted((site / "_posts").glob("*.md"))[0]
    with open(post, "a", encoding="utf-8") as fh:
        fh.write("\nMe: one more question?\n\nChatGPT: one more answer.\n")
    results[(n, "sitegen", "one-edit")].append(measure(build, site))
    if search:
        clear(site, "_site", ".sitegen-cache")
        results[(n, "sitegen", "cold+index")].append(
            measure([*SITEGEN, "build", "--quiet"], site))


def run_peer(peer: str, site: Path, results: Results, n: int) -> None:
    if peer == "jekyll":
        clear(site, "_site", ".jekyll-cache", ".jekyll-metadata")
        results[(n, peer, "cold")].append(measure(["jekyll", "build", "-q"], site))
        results[(n, peer, "rebuild")].append(measure(["jekyll", "build", "-q"], site))
    elif peer == "hugo":
        clear(site, "public", "resources")
        results[(n, peer, "cold")].append(measure(["hugo", "--quiet"], site))
        results[(n, peer, "rebuild")].append(measure(["hugo", "--quiet"], site))
    elif peer == "pelican":
        clear(site, "output", "cache")
        cmd = ["pelican", "-q", "-s", "pelicanconf.py", "-o", "output", "content"]
        results[(n, peer, "cold")].append(measure(cmd, site))
        cached = [*cmd, "-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true"]
        measure(cached, site)
        results[(n, peer, "rebuild")].append(measure(cached, site))


def installed(peers: list[str]) -> list[str]:
    """The peers whose command is on PATH."""
    found = [p for p in peers if shutil.which(p)]
    for missing in sorted(set(peers) - set(found)):
        print(f"skipping {missing}: not installed (see benchmarks/README.md)", file=sys.stderr)
    return found


def table(results: Results) -> None:
    med = statistics.median
    print(f"{'N':>6} {'tool':<8} {'mode':<10} {'median s':>9} {'range s':>13} {'ms/post':>8} "
          f"{'RSS MB':>7}")
    for (n, tool, mode), rows in sorted(results.items()):
        walls = [w for w, _ in rows]
        print(f"{n:>6} {tool:<8} {mode:<10} {med(walls):>9.2f} "
              f"{min(walls):>6.2f}..{max(walls):<6.2f} {med(walls) / n * 1000:>8.2f} "
              f"{max(r for _, r in rows):>7}")


def ratios(results: Results) -> None:
    med = statistics.median
    print("\nratios (sitegen / peer, same N, same run):")
    for (n, tool, mode), rows in sorted(results.items()):
        if tool == "sitegen":
            continue
        ours = results.get((n, "sitegen", "cold" if mode == "cold" else "rebuild"))
        if ours:
            ratio = med(w for w, _ in ours) / med(w for w, _ in rows)
            print(f"  N={n}: sitegen {('cold' if mode == 'cold' else 'no-change')} / {tool} {mode}"
                  f" = {ratio:.2f}x")
    ns = sorted({n for n, _, _ in results})
    if len(ns) > 1:
        small, large = ns[0], ns[-1]
        per = {n: med(w for w, _ in results[(n, "sitegen", "cold")]) / n for n in (small, large)}
        print(f"  sitegen cold time per post at N={large} / at N={small} = "
              f"{per[large] / per[small]:.2f}x")


def compile_sitegen() -> None:
    """Write sitegen's bytecode, as installing the package does (and as the peers' packages
    have theirs): an editable install run with PYTHONDONTWRITEBYTECODE set would compile
    every module again at every build."""
    import compileall

    import sitegen
    compileall.compile_dir(Path(sitegen.__file__).parent, quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", type=int, nargs="+", help="corpus sizes (posts)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--peers", default="jekyll,hugo,pelican",
                        help="comma-separated peers to compare with, when installed")
    parser.add_argument("--work", type=Path, default=Path("/tmp/sitegen-bench"),
                        help="folder for the generated sites")
    parser.add_argument("--search", action="store_true",
                        help="also time a cold build with the search index (Pagefind)")
    args = parser.parse_args()
    peers = installed([p for p in args.peers.split(",") if p])
    compile_sitegen()
    results: Results = defaultdict(list)
    for n in args.sizes:
        sites = make_sites(n, args.work, peers)
        for _ in range(args.runs):
            run_sitegen(sites["sitegen"], results, n, args.search)
            for peer in peers:
                run_peer(peer, sites[peer], results, n)
    table(results)
    ratios(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())

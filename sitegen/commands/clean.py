"""``sitegen clean``: delete the built site and the build cache."""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "clean"
HELP = "delete _site/ and the build cache"
DESCRIPTION = ("Remove the destination folder and .sitegen-cache/, so the next build starts "
               "from nothing. Sources are never touched.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The site folder and, optionally, another destination."""
    parser.add_argument("-s", "--source", type=Path, default=Path("."), metavar="DIR",
                        help="the site's folder (default: .)")
    parser.add_argument("-d", "--destination", type=Path, metavar="DIR",
                        help="the output folder to delete (default: _site in the site's folder)")


def run(args: argparse.Namespace) -> int:
    """Delete what builds produced."""
    from sitegen import config as config_mod
    from sitegen import output
    from sitegen.cache import CACHE_DIR

    source = args.source.resolve()
    config, _ = config_mod.load(source)
    destination = (args.destination or source / config.destination).resolve()
    output.check_destination(destination, source)
    for path in (destination, source / CACHE_DIR,
                 destination.with_name(f".{destination.name}.lock")):  # the lock of uncached builds
        if path.exists():
            output.remove(path)
            print(f"removed {path}")
    return 0

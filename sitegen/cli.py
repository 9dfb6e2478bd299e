"""The ``sitegen`` command line: one sub-command per module in ``sitegen.commands``.

Each command module exposes ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``. Errors sitegen understands are printed as ``path:line: message``
lines; a traceback is shown only with ``--debug``.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from sitegen import __version__
from sitegen.errors import BuildFailed, SitegenError

COMMANDS = ("build", "serve", "inspect", "check", "new", "init", "publish", "clean", "import")


def _load(name: str) -> ModuleType | None:
    module_name = "import_" if name == "import" else name
    try:
        return importlib.import_module(f"sitegen.commands.{module_name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"sitegen.commands.{module_name}":
            return None
        raise


def make_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser, with a sub-parser for every command (or just for `only`:
    loading one command's module is faster than loading them all)."""
    parser = argparse.ArgumentParser(
        prog="sitegen",
        description="Build blogs of Q&A transcripts (and Jekyll blogs) into static sites.",
    )
    parser.add_argument("--version", action="version", version=f"sitegen {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        if only is not None and name != only:
            continue
        module = _load(name)
        if module is None:
            continue
        child = sub.add_parser(name, help=module.HELP, description=module.DESCRIPTION)
        child.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                           help="show tracebacks for errors")
        module.add_arguments(child)
        child.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``sitegen`` console script."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def entry() -> None:
    """Console-script entry point: exit with the status of `main`.

    After Ctrl-C the exit is immediate (status 130, streams flushed): the interpreter's own
    shutdown can otherwise turn an interrupt that was already handled into death by SIGINT.
    """
    # A build makes millions of small objects and keeps most of them (posts, pages, the
    # cache); looking for garbage cycles every 700 allocations costs it more than it frees.
    gc.set_threshold(200_000, 30, 30)
    status = main()
    if status == 130:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(130)
    sys.exit(status)


def _main(argv: Sequence[str] | None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    parser = make_parser(_command_in(words))
    args = parser.parse_args(words)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return int(args.run(args))
    except BuildFailed as exc:
        if args.debug:
            raise
        _report(exc)
        return 1
    except SitegenError as exc:
        if args.debug:
            raise
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _command_in(words: Sequence[str]) -> str | None:
    """The command named on the command line, when it is one sitegen has."""
    for word in words:
        if not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def _report(exc: BuildFailed) -> None:
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    print(f"error: {exc.message}", file=sys.stderr)

"""``sitegen new``: start a new post (or draft) with front matter and a transcript skeleton."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sitegen import config as config_mod
from sitegen import scaffold
from sitegen.config import SiteConfig
from sitegen.errors import SitegenError
from sitegen.posts import parse_date

NAME = "new"
HELP = "start a new post (or draft) from a title"
DESCRIPTION = (
    "Create _posts/YYYY-MM-DD-slug.md (or _drafts/slug.md with --draft) with the title, the "
    "date and an empty conversation to fill in. The slug comes from the title; letters of any "
    "script are kept, accents are dropped from Latin ones. Existing files are never overwritten."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The new command's options."""
    parser.add_argument("title", help="the post's title, e.g. \"What is a monad?\"")
    parser.add_argument("--draft", action="store_true",
                        help="create a draft in _drafts/ (not published until moved to _posts/)")
    parser.add_argument("-s", "--source", type=Path, default=Path("."), metavar="DIR",
                        help="the site's folder, holding _config.yml (default: .)")
    parser.add_argument("--date", metavar="DATE",
                        help="the post's date, 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM' "
                             "(default: now, in the site's time zone)")


def run(args: argparse.Namespace) -> int:
    """Write the post and print its path."""
    if not args.title.strip():
        raise SitegenError("the title is empty", hint='give one, e.g. sitegen new "My question"')
    config, _ = config_mod.load(args.source)
    date = post_date(args.date, config)
    rel, text = scaffold.post_file(args.title, draft=args.draft, date=date,
                                   speakers=speakers(config))
    for path in scaffold.write_files({args.source / rel: text}):
        print(f"created {path}")
    return 0


def post_date(value: str | None, config: SiteConfig) -> dt.datetime | dt.date:
    """The date asked for (a bare date stays a date), or now in the site's time zone."""
    if value is None:
        now = dt.datetime.now(config.tz) if config.timezone else dt.datetime.now().astimezone()
        return now.replace(microsecond=0)
    parsed = parse_date(value.strip(), config.tz)
    if parsed is None:
        raise SitegenError(f"cannot read the date '{value}'",
                           hint="write YYYY-MM-DD or 'YYYY-MM-DD HH:MM'")
    if len(value.strip()) == 10:
        return parsed.date()
    return parsed


def speakers(config: SiteConfig) -> tuple[str, str]:
    """The names of the site's first declared asker and answerer (else Me and ChatGPT)."""
    declared = config.section("transcript").get("speakers")
    asker, answerer = "Me", "ChatGPT"
    if isinstance(declared, Mapping):
        asker = _first_with_role(declared, "asker") or asker
        answerer = _first_with_role(declared, "answerer") or answerer
    return asker, answerer


def _first_with_role(declared: Mapping[Any, Any], role: str) -> str:
    for name, spec in declared.items():
        if isinstance(spec, Mapping) and spec.get("role") == role:
            return str(name)
    return ""

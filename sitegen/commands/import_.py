"""``sitegen import``: turn a ChatGPT or Claude data export into ordinary posts."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import Counter
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from sitegen.errors import Problem, SitegenError, warning
from sitegen.importers.archive import Export, open_export
from sitegen.importers.plan import PostPlan, Settings, plan_posts
from sitegen.importers.reading import Imported, Loaded, load, select
from sitegen.importers.sync import Action, decide, scan
from sitegen.importers.writer import post_title

NAME = "import"
HELP = "import conversations from a ChatGPT or Claude data export as posts"
DESCRIPTION = (
    "Read a ChatGPT or Claude data export (the zip, its conversations.json, or split "
    "conversations-000.json files) and write each conversation as an ordinary Markdown post. "
    "Re-importing updates the post of the same conversation and never overwrites a post "
    "edited since the import unless --force is given."
)
POST_FOLDERS = ("_posts", "_drafts")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``sitegen import``."""
    parser.add_argument("service", choices=("chatgpt", "claude"),
                        help="which app the export comes from")
    parser.add_argument("export", metavar="EXPORT", type=Path,
                        help="the export zip, its conversations.json, or a split "
                             "conversations-000.json (its siblings are read too)")
    parser.add_argument("--to", default="_drafts", metavar="DIR",
                        help="folder of the site for new posts (default: _drafts)")
    parser.add_argument("--select", nargs="+", action="extend", default=[],
                        metavar="TITLE_OR_ID",
                        help="import only conversations with this id or with these words "
                             "in the title (repeatable)")
    parser.add_argument("--since", metavar="DATE",
                        help="import only conversations started on or after DATE (YYYY-MM-DD)")
    parser.add_argument("--list", action="store_true",
                        help="list the conversations in the export and write nothing")
    parser.add_argument("--dry-run", action="store_true",
                        help="show what would be written, and write nothing")
    parser.add_argument("--redact", action="store_true",
                        help="replace e-mail addresses, phone numbers, keys and tokens found "
                             "in the text")
    parser.add_argument("--force", action="store_true",
                        help="overwrite posts edited since they were imported")
    parser.add_argument("--source", "-s", default=".", type=Path, metavar="SITE_DIR",
                        help="the site's folder (default: the current folder)")


def run(args: argparse.Namespace) -> int:
    """Import the export; exit 1 when a conversation could not be read."""
    site = Path(args.source)
    folder = _folder(args.to)
    zone, baseurl, problems = site_settings(site)
    since = parse_since(args.since, zone)
    with open_export(Path(args.export)) as export:
        loaded = load(export, args.service)
        chosen = select(loaded.items, args.select, since)
        problems += loaded.problems
        if args.list:
            _report(problems)
            _list(chosen, zone)
            return _exit_code(loaded)
        settings = Settings(folder, zone, baseurl, args.redact)
        counts = _import(chosen, site, settings, export, args, problems)
    _summary(counts, args.dry_run)
    return _exit_code(loaded)


def _import(chosen: list[Imported], site: Path, settings: Settings, export: Export,
            args: argparse.Namespace, problems: list[Problem]) -> Counter[Action]:
    existing = scan(site, (settings.folder.as_posix(), *POST_FOLDERS))
    plans = plan_posts(chosen, existing, settings, export.find_asset)
    _report([*problems, *existing.problems, *_plan_problems(plans, settings.redact)])
    return Counter(_apply(p, site, export, args) for p in plans)


def _folder(value: str) -> Path:
    folder = Path(value)
    if folder.is_absolute() or ".." in folder.parts:
        raise SitegenError(f"--to must be a folder inside the site, not '{value}'",
                           hint="for example --to _drafts or --to _posts/chats")
    return folder


def site_settings(site: Path) -> tuple[tzinfo, str, list[Problem]]:
    """The site's time zone and baseurl from ``_config.yml`` (UTC and "" without one)."""
    config = site / "_config.yml"
    if not site.is_dir():
        raise SitegenError("the site folder does not exist", str(site),
                           hint="pass the site's folder with --source")
    try:
        data: Any = yaml.safe_load(config.read_text(encoding="utf-8")) if config.exists() else {}
    except (yaml.YAMLError, UnicodeDecodeError):
        return UTC, "", [warning(str(config), None, "cannot read it; using UTC and no baseurl")]
    data = data if isinstance(data, dict) else {}
    baseurl = str(data.get("baseurl") or "").rstrip("/")
    try:
        zone: tzinfo = ZoneInfo(str(data["timezone"])) if data.get("timezone") else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC, baseurl, [warning(str(config), None,
                                      f"unknown timezone '{data['timezone']}'; using UTC")]
    return zone, baseurl, []


def parse_since(value: str | None, zone: tzinfo) -> datetime | None:
    """``--since`` as an aware time: a date means its midnight in the site's zone."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise SitegenError(f"--since: '{value}' is not a date",
                           hint="write it as YYYY-MM-DD") from None
    if len(value) <= 10:
        when = datetime.combine(date.fromisoformat(value[:10]), datetime.min.time())
    return when if when.tzinfo else when.replace(tzinfo=zone)


def _list(items: list[Imported], zone: tzinfo) -> None:
    for item in items:
        conv = item.conversation
        day = conv.created.astimezone(zone).date().isoformat()
        count = len(item.thread.exchanges)
        print(f"{day}  {conv.id}  {count:3d} exchanges  {post_title(conv, item.thread)}")


def _plan_problems(plans: list[PostPlan], redacted: bool) -> list[Problem]:
    found = []
    for plan in plans:
        where = plan.path.as_posix()
        for f in plan.findings:
            message = f"{f.kind} {f.sample}" + (" redacted" if redacted else "")
            hint = "" if redacted else "pass --redact to replace it"
            found.append(warning(where, f.line, message, hint))
        if plan.missing_images:
            found.append(warning(where, None, f"{plan.missing_images} image(s) are not in "
                                 "the export; the post notes where they were"))
    return found


def _apply(plan: PostPlan, site: Path, export: Export, args: argparse.Namespace) -> Action:
    target = site / plan.path
    action = decide(target.read_bytes() if target.exists() else None, plan.text, args.force)
    shown = plan.path.as_posix()
    if action is Action.EDITED:
        print(f"skipped {shown}: edited since it was imported (pass --force to overwrite)")
        return action
    if args.dry_run:
        print(f"would be {action.value}: {shown}")
        return action
    if action is not Action.UNCHANGED:
        write_atomic(target, plan.text.encode("utf-8"))
    for asset in plan.assets:
        _copy(export, asset.member, site / asset.target, shown)
    print(f"{action.value} {shown}")
    return action


def _copy(export: Export, member: str, target: Path, post: str) -> None:
    try:
        data = export.read(member)
    except SitegenError as exc:
        print(warning(post, None, f"image {member} not copied: {exc.message}"), file=sys.stderr)
        return
    if not target.exists() or target.read_bytes() != data:
        write_atomic(target, data)


def write_atomic(target: Path, data: bytes) -> None:
    """Write a file whole or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".import-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def _summary(counts: Counter[Action], dry_run: bool) -> None:
    parts = ", ".join(f"{counts[a]} {a.value}" for a in Action if counts[a])
    verb = "Would import" if dry_run else "Imported"
    print(f"{verb} {sum(counts.values())} conversations" + (f": {parts}" if parts else ""))


def _exit_code(loaded: Loaded) -> int:
    if loaded.failed:
        print(f"error: {loaded.failed} conversation(s) could not be read", file=sys.stderr)
        return 1
    return 0

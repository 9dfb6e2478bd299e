"""``sitegen inspect PATH... [--json]``: show how posts split into exchanges and turns.

Reads any Markdown file, with or without front matter, the way the build does (BOM and
CRLF removed, front matter ``speakers:`` and the site's ``transcript.speakers`` applied)
and prints an outline, or with ``--json`` one object per file:
``{"path", "title", "is_transcript", "speakers", "turns", "exchanges", "variants", ...}``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sitegen.errors import Problem, error
from sitegen.frontmatter import FrontMatterError, decode, split
from sitegen.transcript import SpeakerSpec, Transcript, parse_speaker_specs, split_transcript
from sitegen.transcript.blocks import Lines, top_blocks

NAME = "inspect"
HELP = "show how posts split into exchanges and speaker turns"
DESCRIPTION = (
    "Show the transcript split of one or more Markdown files: exchanges, speakers and "
    "their roles, the line of every turn, preamble and epilogue, and repeated questions."
)
CONFIG_NAME = "_config.yml"
MARKDOWN = (".md", ".markdown")


@dataclass(frozen=True)
class Inspected:
    """One file's split, ready to print."""

    path: str
    title: str
    transcript: Transcript


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``sitegen inspect``."""
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="Markdown files to inspect, or folders to search for *.md files")
    parser.add_argument("--json", action="store_true",
                        help="print a JSON array with one object per file")
    parser.add_argument("--config", metavar="FILE", type=Path, default=None,
                        help="site configuration whose transcript.speakers apply "
                             f"(default: {CONFIG_NAME} in the current folder, if any)")


def run(args: argparse.Namespace) -> int:
    """Inspect every path; report unreadable ones on stderr and exit 1 if there were any."""
    site_speakers, problems = _site_speakers(args.config)
    results = []
    for path in expand(args.paths):
        result, found = inspect_file(path, site_speakers)
        problems += found
        if result is not None:
            results.append(result)
    if args.json:
        print(json.dumps([as_json(r) for r in results], ensure_ascii=False, indent=1))
    else:
        print("\n\n".join(outline(r) for r in results))
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if any(p.is_error for p in problems) else 0


def expand(paths: list[str]) -> list[Path]:
    """The files to inspect: each path, or the Markdown files below a folder, sorted."""
    out: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.suffix in MARKDOWN and p.is_file())
        else:
            out.append(path)
    return out


def inspect_file(path: Path, site_speakers: Mapping[str, SpeakerSpec]
                 ) -> tuple[Inspected | None, list[Problem]]:
    """Read and split one file; None and the problem when it cannot be read."""
    name = str(path)
    try:
        text = decode(path.read_bytes(), name)
        document = split(text, name)
    except OSError as exc:
        return None, [error(name, None, f"cannot read the file: {exc.strerror or exc}")]
    except FrontMatterError as exc:
        return None, [exc.problem]
    problems = list(document.problems)
    declared: Mapping[str, SpeakerSpec] = {}
    if "speakers" in document.meta:
        declared, found = parse_speaker_specs(document.meta["speakers"], name,
                                              _key_line(text, "speakers", document.body_line))
        problems += found
    transcript = split_transcript(document.body, body_line=document.body_line,
                                  speakers=declared or None, known_speakers=site_speakers)
    title = _title(document.meta, document.body, path)
    return Inspected(name, title, transcript), problems


def _key_line(text: str, key: str, body_line: int) -> int | None:
    """The file line of a top-level front matter key."""
    for number, line in enumerate(text.split("\n", body_line)[: body_line - 1], start=1):
        if line.startswith(f"{key}:"):
            return number
    return None


def _site_speakers(config: Path | None) -> tuple[Mapping[str, SpeakerSpec], list[Problem]]:
    path = config if config is not None else Path(CONFIG_NAME)
    if config is None and not path.is_file():
        return {}, []
    try:
        raw = yaml.safe_load(decode(path.read_bytes(), str(path))) or {}
    except OSError as exc:
        return {}, [error(str(path), None, f"cannot read the file: {exc.strerror or exc}")]
    except (FrontMatterError, yaml.YAMLError) as exc:
        return {}, [error(str(path), None, f"cannot read the configuration: {exc}")]
    section = raw.get("transcript") if isinstance(raw, dict) else None
    if not isinstance(section, dict) or section.get("speakers") is None:
        return {}, []
    return parse_speaker_specs(section["speakers"], str(path), None)


def _title(meta: Mapping[str, Any], body: str, path: Path) -> str:
    title = meta.get("title")
    if title is not None and str(title).strip():
        return str(title)
    for block in top_blocks(Lines(body)):
        if block.kind == "heading" and block.level == 1 and block.content.strip():
            return block.content.strip()
    return path.name


def as_json(result: Inspected) -> dict[str, Any]:
    """The JSON object for one file (the contract other tools rely on, plus extras)."""
    t = result.transcript
    data: dict[str, Any] = {
        "path": result.path, "title": result.title, "is_transcript": t.is_transcript,
        "speakers": [{"name": s.name, "role": s.role, "display": s.display}
                     for s in t.speakers],
        "turns": [{"speaker": turn.speaker, "line": turn.line, "exchange": turn.exchange,
                   "end_line": turn.end_line, "role": turn.role, "anchor": turn.anchor,
                   "label": turn.label.strip()} for turn in t.turns],
        "exchanges": len(t.exchanges),
        "variants": [list(group) for group in t.variants],
    }
    if t.preamble is not None:
        data["preamble_lines"] = [t.preamble.line, t.preamble.end_line]
    if t.epilogue is not None:
        data["epilogue_lines"] = [t.epilogue.line, t.epilogue.end_line]
    data["warnings"] = [{"line": line, "message": message} for line, message in t.warnings]
    return data


def outline(result: Inspected) -> str:
    """A readable outline of one file's split."""
    t = result.transcript
    out = [f"{result.path}: {result.title}"]
    if not t.is_transcript:
        out.append("  not a transcript: renders as an ordinary post")
    else:
        roles = ", ".join(f"{s.name} ({s.role})" for s in t.speakers)
        out.append(f"  {len(t.exchanges)} exchanges, {len(t.turns)} turns; speakers: {roles}")
        if t.preamble is not None:
            out.append(f"  preamble  lines {t.preamble.line}-{t.preamble.end_line}")
        width = max(len(s.name) for s in t.speakers)
        for exchange in t.exchanges:
            out.append(_exchange_heading(exchange.number, exchange.variant_index,
                                         exchange.variant_count))
            out += [_turn_line(turn, width) for turn in exchange.turns]
        if t.epilogue is not None:
            out.append(f"  epilogue  lines {t.epilogue.line}-{t.epilogue.end_line}")
        out += [f"  variants  exchanges {', '.join(map(str, g))} ask the same question"
                for g in t.variants]
    out += [f"  warning   line {line}: {message}" for line, message in t.warnings]
    return "\n".join(out)


def _exchange_heading(number: int, index: int, count: int) -> str:
    variant = f"  (answer {index} of {count} to the same question)" if count > 1 else ""
    return f"  exchange {number}{variant}"


def _turn_line(turn: Any, width: int) -> str:
    where = f"{turn.line}-{turn.end_line}"
    return (f"    {turn.anchor:<6} {turn.speaker:<{width}}  {turn.role:<8}  "
            f"lines {where:<9}  {_first_words(turn.text)}")


def _first_words(text: str, limit: int = 60) -> str:
    words = " ".join(text.split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"

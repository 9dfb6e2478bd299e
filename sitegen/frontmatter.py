"""Read a source file: decode it, split the YAML front matter from the body.

The rules are Jekyll's: a file whose first line is ``---`` has front matter up to the
next ``---`` (or ``...``) line; anything else is all body. YAML is read with
``yaml.safe_load`` only. Line numbers in problems are lines of the file, not of the
front matter block, and a byte order mark or CRLF endings never shift them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from sitegen.errors import Problem, error, warning

_OPEN = re.compile(r"---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_PLAIN_PAIR = re.compile(
    r"^(?P<key>[A-Za-z_][\w-]*):[ \t]+(?P<value>[^\"'\[{>|&*!#%@`\s].*?)[ \t]*$"
)


@dataclass(frozen=True)
class Document:
    """A decoded source file split into front matter and body."""

    meta: dict[str, Any]
    """The front matter mapping (empty when the file has none)."""
    body: str
    """The text after the front matter, with LF line endings."""
    body_line: int
    """1-based line of the file where the body starts."""
    has_front_matter: bool
    problems: tuple[Problem, ...] = field(default=())


def decode(data: bytes, path: str) -> str:
    """Bytes to text with LF endings and no BOM; raise a Problem-carrying error if not UTF-8."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FrontMatterError(
            error(path, line, f"not valid UTF-8 at byte {exc.start}", "save the file as UTF-8")
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise FrontMatterError(error(path, line, "the file contains NUL bytes",
                                     "is it a binary file? save it as UTF-8 text"))
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


class FrontMatterError(Exception):
    """A file that cannot be read at all; carries its problem."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def split(text: str, path: str) -> Document:
    """Split decoded text into front matter and body, parsing the YAML."""
    opened = _OPEN.match(text)
    if not opened:
        return Document({}, text, 1, False)
    close = _CLOSE.search(text, opened.end())
    if close is None:
        problem = error(path, 1, "front matter is not closed", "add a line '---' after it")
        raise FrontMatterError(problem)
    block = text[opened.end() : close.start()]
    body_start = close.end() + 1 if close.end() < len(text) else close.end()
    body_line = text.count("\n", 0, body_start) + 1
    meta, problems = parse_yaml(block, path, first_line=2)
    return Document(meta, text[body_start:], body_line, True, tuple(problems))


def parse_yaml(block: str, path: str, first_line: int) -> tuple[dict[str, Any], list[Problem]]:
    """Parse a front matter block, with warnings for what YAML reads other than meant."""
    meta, problems = _parse(block, path, first_line)
    problems += _duplicate_keys(block, path, first_line)
    return _text_values(meta, block, path, first_line, problems), problems


def _parse(block: str, path: str, first_line: int) -> tuple[dict[str, Any], list[Problem]]:
    """Parse YAML; fall back to quoting plain values that contain ': '."""
    try:
        return _load_mapping(block, path, first_line), []
    except yaml.YAMLError as exc:
        original = exc
    repaired, lines = _quote_plain_colons(block)
    if lines:
        try:
            meta = _load_mapping(repaired, path, first_line)
        except (yaml.YAMLError, FrontMatterError):
            pass
        else:
            hint = "quote the value: title: \"A: B\""
            return meta, [
                warning(path, first_line + n, "value contains ': ' and is not quoted", hint)
                for n in lines
            ]
    last = len(block.rstrip().split("\n")) - 1  # the last line with content
    raise FrontMatterError(_yaml_problem(original, path, first_line, last))


def _load_mapping(block: str, path: str, first_line: int) -> dict[str, Any]:
    loader = _loader_for(block)
    try:
        loaded = yaml.load(block, Loader=loader)
    except yaml.YAMLError:
        if loader is _Loader:
            raise
        loaded = yaml.load(block, Loader=_Loader)  # the same error, in PyYAML's words
    except (ValueError, OverflowError):  # a date like 2024-13-45: keep it as text
        loaded = yaml.load(block, Loader=_TextDatesLoader)
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        kind = type(loaded).__name__
        raise FrontMatterError(
            error(path, first_line, f"front matter must be a mapping of keys, not a {kind}",
                  "write 'key: value' lines")
        )
    return {str(k): v for k, v in loaded.items()}


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses aliases (no alias bombs) and keeps no custom tags."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in front matter", event.start_mark
            )
        return super().compose_node(parent, index)


class _TextDatesLoader(_Loader):
    """Reads timestamps as the text written, so that an impossible date can be reported."""


def _timestamp_as_text(loader: _TextDatesLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_TextDatesLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)
TEXT_KEYS = ("title", "description")
_TOP_KEY = re.compile(r"^(?P<key>[^\s#:'\"\-?][^:]*?):(?:[ \t]|$)")


def _duplicate_keys(block: str, path: str, first_line: int) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for n, line in enumerate(block.split("\n")):
        match = _TOP_KEY.match(line)
        if match and match["key"] in seen:
            problems.append(warning(path, first_line + n, f"duplicate key '{match['key']}'",
                                    "the last one is used; remove the others"))
        elif match:
            seen.add(match["key"])
    return problems


def _text_values(meta: dict[str, Any], block: str, path: str, first_line: int,
                 problems: list[Problem]) -> dict[str, Any]:
    """`title: no` means the text "no", not false: keep such values as written."""
    for key in TEXT_KEYS:
        value = meta.get(key)
        if value is None or isinstance(value, str | list | dict):
            continue
        for n, line in reversed(list(enumerate(block.split("\n")))):
            if line.startswith(f"{key}:"):
                meta = {**meta, key: line[len(key) + 1 :].strip()}
                problems.append(warning(path, first_line + n, f"YAML reads this {key} as "
                                        f"{value!r}; the text as written is used",
                                        f"quote it: {key}: \"{meta[key]}\""))
                break
    return meta


def _loader_for(block: str) -> type[yaml.SafeLoader] | type[yaml.CSafeLoader]:
    """libyaml's safe loader when the block cannot hold an alias, else our checking one."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None and "&" not in block and "*" not in block:
        return fast  # type: ignore[no-any-return]
    return _Loader


def _quote_plain_colons(block: str) -> tuple[str, list[int]]:
    """Quote top-level plain values holding ': ' the way Jekyll users mean them."""
    out, fixed = [], []
    for n, line in enumerate(block.split("\n")):
        match = _PLAIN_PAIR.match(line)
        if match and ": " in match["value"]:
            value = match["value"].replace("\\", "\\\\").replace('"', '\\"')
            line = f'{match["key"]}: "{value}"'
            fixed.append(n)
        out.append(line)
    return "\n".join(out), fixed


def _yaml_problem(exc: yaml.YAMLError, path: str, first_line: int, last: int) -> Problem:
    """Name the line where the trouble starts: where an unclosed quote or bracket opened."""
    mark = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context_mark", None)
    what = getattr(exc, "problem", None) or str(exc).split("\n")[0]
    if context is not None and (mark is None or mark.line >= last):
        mark = context
        what = f"{getattr(exc, 'context', '')}: {what}".lstrip(": ")
    line = first_line + min(mark.line, last) if mark is not None else first_line
    return error(path, line, f"invalid YAML in front matter: {what}",
                 "check quoting and indentation on this line")

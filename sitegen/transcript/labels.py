"""Label recognition: which top-level blocks start with ``Name:`` in one of the known shapes.

Shapes (the *style* of a label): ``plain`` (``Zhiwei: hi``, ``我：``), ``bold``
(``**User:**``, ``**Bot**:hi``, ``**You said:**``, a lone ``**User**`` line), ATX headings
``heading`` at any level (``## You``, ``#### ChatGPT:``, ``## 👤 User``,
``## User (id) - 2024-...``; ChatGPT's copy puts ``You said:`` and ``ChatGPT said:`` at
different levels) and setext headings ``setext1``/``setext2``. A label found here is only
a candidate; the speakers module decides which names are speakers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import NamedTuple

from sitegen.transcript import names
from sitegen.transcript.blocks import Block, Lines

_BARE_BOLD = re.compile(r"[ \t]*\*\*(?P<name>[^*\n:：]{1,60}?)\*\*[ \t]*\Z")
_BLANKS = re.compile(r"[ \t]*")
_SAID = re.compile(r"\s+said\Z", re.IGNORECASE)
_METADATA = re.compile(r"\s+(?:\(|\[|[-–—·|@•]\s)")
_EMPHASIS = re.compile(r"\A[*_]+|[*_]+\Z")
_WINDOW = 72  # a label's colon is never further into the line than this
_MAX_WORDS = 6  # longer text before a colon is a sentence, never a name


class Label(NamedTuple):
    """A candidate speaker label at the start of a top-level block (or of a paragraph line)."""

    name: str
    """The name as written, without markup, colon or a trailing " said"."""
    key: str
    """The comparison key of the name."""
    style: str
    start: int
    """Offset where the label's line starts."""
    end: int
    """Offset after the label and the spaces that follow it."""
    line: int
    """0-based body line of the label."""
    block: int
    """Index of the top-level block the label starts (or lies in)."""
    inner: bool = False
    """True for a label on a later line of a paragraph."""
    bare: bool = False
    """True for a bold name alone without a colon (``**User**``): weak, known names only."""


def outer_labels(blocks: tuple[Block, ...], lines: Lines) -> list[Label]:
    """Candidate labels at the start of top-level paragraphs and headings."""
    found = (_block_label(block, index, lines) for index, block in enumerate(blocks)
             if block.kind == "paragraph" or block.kind == "heading")
    return [label for label in found if label is not None]


def inner_labels(blocks: tuple[Block, ...], lines: Lines, style: str) -> Iterator[Label]:
    """Candidate labels of one style on the later lines of top-level paragraphs."""
    if style not in ("plain", "bold"):
        return
    for index, block in enumerate(blocks):
        if block.kind != "paragraph":
            continue
        for line in range(block.start + 1, block.end):
            label = _line_label(lines, line, index, inner=True)
            if label is not None and label.style == style:
                yield label


def _block_label(block: Block, index: int, lines: Lines) -> Label | None:
    if block.kind == "paragraph":
        label = _line_label(lines, block.start, index, inner=False)
        if label is None and block.end - block.start == 1:
            label = _bare_bold(lines, block.start, index)
        return label
    if block.kind == "heading":
        return _heading_label(block, index, lines)
    return None


def _line_label(lines: Lines, line: int, index: int, *, inner: bool) -> Label | None:
    parsed = parse_line(lines.parts[line], lines.indents[line])
    if parsed is None:
        return None
    raw, style, end = parsed
    raw = _unsaid(raw) if style == "bold" else _plain_name(raw)
    return _make(raw, style, lines, line, end, index, inner)


def parse_line(text: str, indent: int = 0) -> tuple[str, str, int] | None:
    """(name as written, style, end of the label) when a line (indented by ``indent``
    spaces or tabs) starts with ``Name:`` or ``**Name:**``/``**Name**:``; a remark in
    parentheses before the colon is dropped."""
    colon = _first_colon(text)
    if colon < 0:
        return None
    if text.startswith("**", indent):
        return _bold_label(text, indent + 2, colon)
    if text[colon] == ":" and text[colon + 1 : colon + 2] not in ("", " ", "\t"):
        return None
    head = text[: colon].strip(" \t")
    if not head or head.count(" ") >= _MAX_WORDS:
        return None
    return _drop_note(head), "plain", _skip_blanks(text, colon + 1)


def _bold_label(text: str, start: int, colon: int) -> tuple[str, str, int] | None:
    head = text[start:colon].rstrip(" \t")
    if head.endswith("**"):
        head, end = head[:-2].rstrip(" \t"), colon + 1
    elif text[colon + 1 :].lstrip(" \t").startswith("**"):
        end = text.index("**", colon + 1) + 2
    else:
        return None
    if not head or "*" in head or head.count(" ") >= _MAX_WORDS:
        return None
    return _drop_note(head), "bold", _skip_blanks(text, end)


def _first_colon(text: str, start: int = 0) -> int:
    """The first colon (ASCII or full-width) that is not inside parentheses, or -1."""
    ascii_colon, wide_colon = text.find(":", start, _WINDOW), text.find("：", start, _WINDOW)
    colon = wide_colon if ascii_colon < 0 or 0 <= wide_colon < ascii_colon else ascii_colon
    if colon > 0 and text.count("(", 0, colon) > text.count(")", 0, colon):
        closing = text.find(")", colon)
        return _first_colon(text, closing) if closing > 0 else -1
    return colon


def _drop_note(head: str) -> str:
    """``User (10:32)`` -> ``User``: a short remark in parentheses ends the name."""
    if head.endswith(")"):
        opening = head.rfind("(")
        if opening > 0 and len(head) - opening <= 42 and head[:opening].strip():
            return head[:opening].rstrip(" \t")
    return head


def _skip_blanks(text: str, position: int) -> int:
    match = _BLANKS.match(text, position)
    return match.end() if match else position


def _plain_name(raw: str) -> str:
    unsaid = _unsaid(raw)
    return unsaid if unsaid != raw and names.known_role(names.clean(unsaid)) else raw


def _unsaid(name: str) -> str:
    """A name without a trailing " said" (ChatGPT's ``You said:``)."""
    return _SAID.sub("", name) if name[-4:].lower() == "said" else name


def _bare_bold(lines: Lines, line: int, index: int) -> Label | None:
    match = _BARE_BOLD.match(lines.text(line))
    if match is None:
        return None
    label = _make(_unsaid(match["name"]), "bold", lines, line, match.end(), index, False)
    return label._replace(bare=True) if label is not None else None


def _heading_label(block: Block, index: int, lines: Lines) -> Label | None:
    if "\n" in block.content:
        return None
    style = f"setext{block.level}" if block.setext else "heading"
    start, end = lines.start(block.start), lines.end(block.end - 1)
    name = heading_name(block.content)
    if not name:
        return None
    return Label(name, names.key(name), style, start, end, block.start, index)


def heading_name(content: str) -> str:
    """The speaker name a heading's text would give: ``## 👤 User (id) - 2024`` -> ``User``."""
    text = names.clean(_EMPHASIS.sub("", content.strip()))
    cut = _METADATA.search(text)
    if cut is not None:
        text = text[: cut.start()]
    text = _strip_tail(text)
    if text.endswith((":", "：")):
        text = _strip_tail(_EMPHASIS.sub("", text[:-1]))
    return _unsaid(text)


def _strip_tail(text: str) -> str:
    text = text.rstrip()
    while text and unicodedata.category(text[-1])[0] in "SZ":
        text = text[:-1].rstrip()
    return text


def _make(raw: str, style: str, lines: Lines, line: int, end: int, index: int,
          inner: bool) -> Label | None:
    name = names.clean(raw)
    if not name:
        return None
    start = lines.starts[line]
    return Label(name, names.key(name), style, start, start + end, line, index, inner)

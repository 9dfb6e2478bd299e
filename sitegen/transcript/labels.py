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

_NOTE = r"(?:[ \t]*\([^()\n]{1,40}\))?"  # a remark such as a time: "User (10:32):"
_PLAIN = re.compile(
    r"(?P<name>[ \t]*[^\s:：][^:：\n]{0,59}?)" + _NOTE + r"[ \t]*(?:：|:(?=[ \t]|\Z))[ \t]*"
)
_BOLD = re.compile(
    r"[ \t]*\*\*(?P<name>[^*\n:：]{1,60}?)" + _NOTE
    + r"[ \t]*(?:[:：][ \t]*\*\*|\*\*[ \t]*[:：])[ \t]*"
)
_BARE_BOLD = re.compile(r"[ \t]*\*\*(?P<name>[^*\n:：]{1,60}?)\*\*[ \t]*\Z")
_SAID = re.compile(r"\s+said\Z", re.IGNORECASE)
_METADATA = re.compile(r"\s+(?:\(|\[|[-–—·|@•]\s)")
_EMPHASIS = re.compile(r"\A[*_]+|[*_]+\Z")
_WINDOW = 72  # a label's colon is never further into the line than this


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
    text = lines.parts[line]
    if text.find(":", 0, _WINDOW) < 0 and text.find("：", 0, _WINDOW) < 0:
        return None
    if text.lstrip().startswith("**"):
        match, style = _BOLD.match(text), "bold"
        raw = _unsaid(match["name"]) if match else ""
    else:
        match, style = _PLAIN.match(text), "plain"
        raw = _plain_name(match["name"]) if match else ""
    if match is None:
        return None
    return _make(raw, style, lines, line, match.end(), index, inner)


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

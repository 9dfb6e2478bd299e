"""The top-level blocks of a body, found by one markdown-it block parse.

Only top-level paragraphs and headings can hold a speaker label; everything else (code,
quotes, lists, HTML) is opaque. markdown-it-py gives each block its source lines, so
fences, indented code and containers are decided by a real CommonMark parser, never by
hand. One parser is made per process and reused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

_FENCE_CLOSE = re.compile(r" {0,3}(`{3,}|~{3,})[ \t]*\Z")


@dataclass(frozen=True, slots=True)
class Block:
    """One top-level block: its kind and the body lines it covers."""

    kind: str
    """paragraph, heading, hr, fence, code, html, blockquote or list."""
    start: int
    """0-based first body line."""
    end: int
    """0-based line after the block."""
    level: int = 0
    """Heading level, 0 for other blocks."""
    setext: bool = False
    content: str = ""
    """A heading's text."""
    markup: str = ""
    """A fence's opening backticks or tildes."""


@dataclass(frozen=True, slots=True)
class Lines:
    """Line arithmetic for one body: offsets of line starts."""

    body: str
    starts: tuple[int, ...]

    @classmethod
    def of(cls, body: str) -> Lines:
        starts = [0]
        starts.extend(m.end() for m in re.finditer("\n", body))
        if starts[-1] == len(body) and len(starts) > 1:
            starts.pop()
        return cls(body, tuple(starts))

    @property
    def count(self) -> int:
        """Number of lines (a final newline does not start a new line)."""
        return len(self.starts) if self.body else 0

    def start(self, line: int) -> int:
        """Offset where a 0-based line starts (the body's length past the last line)."""
        return self.starts[line] if line < len(self.starts) else len(self.body)

    def end(self, line: int) -> int:
        """Offset of the end of a 0-based line, before its newline."""
        nxt = self.start(line + 1)
        return nxt - 1 if nxt > 0 and self.body[nxt - 1 : nxt] == "\n" else nxt

    def text(self, line: int) -> str:
        """A line without its newline."""
        return self.body[self.start(line) : self.end(line)]

    def line_of(self, offset: int) -> int:
        """0-based line holding an offset."""
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo


_KINDS = {
    "paragraph_open": "paragraph", "heading_open": "heading", "hr": "hr", "fence": "fence",
    "code_block": "code", "html_block": "html", "blockquote_open": "blockquote",
    "bullet_list_open": "list", "ordered_list_open": "list",
}


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The process's block parser: CommonMark, block rules only."""
    md = MarkdownIt("commonmark")
    md.disable(["inline", "text_join"], ignoreInvalid=True)
    return md


def top_blocks(body: str) -> tuple[Block, ...]:
    """Parse the body once and list its top-level blocks in order."""
    tokens = parser().parse(body)
    blocks = []
    for index, token in enumerate(tokens):
        if token.level == 0 and token.map is not None and token.type in _KINDS:
            blocks.append(_block(token, tokens, index))
    return tuple(blocks)


def _block(token: Token, tokens: list[Token], index: int) -> Block:
    kind = _KINDS[token.type]
    start, end = token.map or (0, 0)
    if kind == "heading":
        setext = not token.markup.startswith("#")
        level = int(token.tag[1:])
        return Block(kind, start, end, level, setext, tokens[index + 1].content)
    return Block(kind, start, end, markup=token.markup if kind == "fence" else "")


def unclosed_fences(blocks: tuple[Block, ...], lines: Lines) -> list[int]:
    """0-based lines of top-level code fences that run to the end of the body unclosed."""
    found = []
    for block in blocks:
        if block.kind == "fence" and block.end >= lines.count and not _closes(block, lines):
            found.append(block.start)
    return found


def _closes(block: Block, lines: Lines) -> bool:
    if block.end - 1 <= block.start:
        return False
    match = _FENCE_CLOSE.match(lines.text(block.end - 1))
    if match is None:
        return False
    fence = match.group(1)
    return fence[0] == block.markup[0] and len(fence) >= len(block.markup)

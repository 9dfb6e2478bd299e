"""The top-level blocks of a body, found by one markdown-it block parse.

Only top-level paragraphs and headings can hold a speaker label; everything else (code,
quotes, lists, HTML) is opaque. markdown-it-py decides where every block starts and ends,
so fences, indented code and containers follow CommonMark exactly. One parser is made per
process. The parser's line table (where each line begins, its indentation) is computed
with string methods instead of character by character, and shared with ``Lines``; block
contents are never copied out (only the structure is wanted). The parse itself is
markdown-it's own ``tokenize``.
"""

from __future__ import annotations

import bisect
import operator
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.rules_block import lheading, paragraph
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.token import Token

_TRIM = "\t\n\v\f\r \xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + \
    "\u2028\u2029\u202f\u205f\u3000"  # what markdown-it trims from a heading's text
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


class Lines:
    """Line arithmetic for one body: where each line starts and ends, its indentation."""

    def __init__(self, body: str):
        self.body = body
        parts = body.split("\n")
        if not body or body.endswith("\n"):
            parts.pop()
        self.parts = parts
        self.lengths: list[int] = list(map(len, parts))
        self.starts: list[int] = list(accumulate([n + 1 for n in self.lengths], initial=0))
        self.starts.pop()
        self.indents = [len(p) - len(p.lstrip(" \t")) for p in parts]

    @property
    def count(self) -> int:
        """Number of lines (a final newline does not start a new line)."""
        return len(self.parts)

    def start(self, line: int) -> int:
        """Offset where a 0-based line starts (the body's length past the last line)."""
        return self.starts[line] if line < len(self.starts) else len(self.body)

    def end(self, line: int) -> int:
        """Offset of the end of a 0-based line, before its newline."""
        if line >= len(self.parts):
            return len(self.body)
        return self.starts[line] + self.lengths[line]

    def text(self, line: int) -> str:
        """A line without its newline."""
        return self.parts[line] if line < len(self.parts) else ""

    def line_of(self, offset: int) -> int:
        """0-based line holding an offset."""
        return max(bisect.bisect_right(self.starts, offset) - 1, 0)


class _State(StateBlock):
    """markdown-it's block state, with the line table taken from ``Lines``."""

    def __init__(self, lines: Lines, md: MarkdownIt, tokens: list[Token]):
        super().__init__("", md, {}, tokens)
        self.src = lines.body
        count = lines.count
        if count and lines.indents[-1] == len(lines.parts[-1]) and not lines.body.endswith("\n"):
            count -= 1  # markdown-it gives a last blank line without a newline no entry
        length = len(lines.body)
        self.bMarks = [*lines.starts[:count], length]
        self.eMarks = [*map(operator.add, lines.starts[:count], lines.lengths), length]
        self.tShift = [*lines.indents[:count], 0]
        self.sCount = [*lines.indents[:count], 0]
        self.bsCount = [0] * (count + 1)
        self.lineMax = count
        if "\t" in lines.body:
            self._expand_tabs(lines, count)

    def push(self, ttype: str, tag: str, nesting: Literal[-1, 0, 1]) -> Token:
        """Keep the tokens that open top-level blocks, and a heading's text; the others
        (closing tokens, paragraph texts, anything inside list items and quotes) only move
        the level, which is all markdown-it's block rules need from them."""
        if kept(ttype, self.level, nesting, self.tokens):
            return super().push(ttype, tag, nesting)
        self.level += nesting
        return _DISCARDED

    def getLines(self, begin: int, end: int, indent: int, keepLastLF: bool) -> str:
        """No block contents: only the structure is wanted (headings are read from the lines)."""
        return ""

    def _expand_tabs(self, lines: Lines, count: int) -> None:
        for n in range(count):
            indent = lines.parts[n][: lines.indents[n]]
            if "\t" in indent:
                offset = 0
                for char in indent:
                    offset += 4 - offset % 4 if char == "\t" else 1
                self.sCount[n] = offset


_DISCARDED = Token("discarded", "", 0)
"""Where rules write the attributes of the tokens the splitter does not keep."""


def kept(ttype: str, level: int, nesting: int, tokens: list[Token]) -> bool:
    """Is this a token the splitter reads: one that opens a top-level block (or stands
    alone there), or the text right after a top-level heading opens?"""
    if level == 0:
        return nesting >= 0
    return level == 1 and ttype == "inline" and tokens[-1].type == "heading_open"

_KINDS = {
    "paragraph_open": "paragraph", "heading_open": "heading", "hr": "hr", "fence": "fence",
    "code_block": "code", "html_block": "html", "blockquote_open": "blockquote",
    "bullet_list_open": "list", "ordered_list_open": "list",
}


_SPECIAL = frozenset("`~>*-_+<#[|0123456789")
"""First characters with which a block other than a paragraph or setext heading can start."""


def _prose(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A block starting with ordinary text can only be a setext heading or a paragraph: try
    those two of markdown-it's rules directly (every other rule would decline), and only
    the paragraph rule when no line follows for a setext underline."""
    if silent or state.is_code_block(start):
        return False
    first = state.bMarks[start] + state.tShift[start]
    if first >= state.eMarks[start] or state.src[first] in _SPECIAL:
        return False
    if start + 1 < end and not state.isEmpty(start + 1) and lheading(state, start, end, silent):
        return True
    return paragraph(state, start, end, silent)


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The process's block parser: CommonMark, block rules only."""
    md = MarkdownIt("commonmark")
    md.disable(["inline", "text_join"], ignoreInvalid=True)
    md.block.ruler.before("code", "prose", _prose, {"alt": []})
    return md


def block_tokens(lines: Lines) -> list[Token]:
    """markdown-it block tokens of the body (no inline parsing)."""
    tokens: list[Token] = []
    if lines.body:
        md = parser()
        state = _State(lines, md, tokens)
        md.block.tokenize(state, state.line, state.lineMax)
    return tokens


def top_blocks(lines: Lines) -> tuple[Block, ...]:
    """Parse the body once and list its top-level blocks in order."""
    tokens = block_tokens(lines)
    return tuple(_block(token, tokens, index, lines) for index, token in enumerate(tokens)
                 if token.level == 0 and token.type in _KINDS and token.map is not None)


def _block(token: Token, tokens: list[Token], index: int, lines: Lines) -> Block:
    kind = _KINDS[token.type]
    start, end = token.map or (0, 0)
    if kind == "heading":
        setext = not token.markup.startswith("#")
        level = int(token.tag[1:])
        content = _setext_text(lines, start, end) if setext else tokens[index + 1].content
        return Block(kind, start, end, level, setext, content)
    return Block(kind, start, end, markup=token.markup if kind == "fence" else "")


def _setext_text(lines: Lines, start: int, end: int) -> str:
    """A setext heading's text: its lines above the underline, trimmed."""
    return "\n".join(lines.text(n) for n in range(start, end - 1)).strip(_TRIM)


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

"""Where each piece of a transcript lies: separators, labels, turn texts, epilogue.

Given the labels that start turns, this cuts the body into contiguous spans. A thematic
break right before a turn is that turn's separator. After the last turn, a final break
followed by other text closes the transcript and the rest is the epilogue, but only in a
post that separates its turns with breaks or opens with a preamble, whose turns hold no
section breaks of their own, and only when that break is the last turn's only one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sitegen.transcript.blocks import Block, Lines
from sitegen.transcript.labels import Label
from sitegen.transcript.model import Span


class Slot(NamedTuple):
    """The spans of one turn."""

    label: Label
    separator: Span | None
    text: Span


@dataclass(frozen=True, slots=True)
class Layout:
    """The body cut into spans, in order: preamble, slots, closing break, epilogue."""

    preamble: Span
    slots: tuple[Slot, ...]
    closing: Span | None
    epilogue: Span | None


def lay_out(labels: Sequence[Label], blocks: tuple[Block, ...], lines: Lines) -> Layout:
    """Cut the body at the given turn labels (in source order, at least one)."""
    separators = [_separator_before(label, blocks, lines) for label in labels]
    starts = [sep.start if sep else label.start for sep, label in zip(separators, labels,
                                                                       strict=True)]
    preamble = Span(0, starts[0])
    has_breaks = any(sep is not None for sep in separators[1:])
    may_close = (has_breaks or _has_text(lines, preamble)) and not _section_breaks(labels, blocks)
    closing, epilogue = _tail(labels[-1], blocks, lines, may_close)
    ends = [*starts[1:], closing.start if closing else len(lines.body)]
    slots = tuple(
        Slot(label, sep, Span(label.end, end))
        for label, sep, end in zip(labels, separators, ends, strict=True)
    )
    return Layout(preamble, slots, closing, epilogue)


def _separator_before(label: Label, blocks: tuple[Block, ...], lines: Lines) -> Span | None:
    if label.inner:
        return None
    first = label.block
    while first > 0 and blocks[first - 1].kind == "hr":
        first -= 1
    if first == label.block:
        return None
    return Span(lines.start(blocks[first].start), label.start)


def _section_breaks(labels: Sequence[Label], blocks: tuple[Block, ...]) -> bool:
    """Do earlier turns hold thematic breaks that no turn follows (section breaks)?"""
    starts = {label.block for label in labels if not label.inner}
    for index in range(labels[0].block, labels[-1].block):
        if blocks[index].kind == "hr" and blocks[index + 1].kind != "hr" \
                and index + 1 not in starts:
            return True
    return False


def _tail(last: Label, blocks: tuple[Block, ...], lines: Lines,
          may_close: bool) -> tuple[Span | None, Span | None]:
    """The closing break and the epilogue after the last turn, if any."""
    runs = _break_runs(blocks[last.block + 1 :])
    if not runs:
        return None, None
    first, final = runs[-1]
    start, after = lines.start(first.start), lines.start(final.end)
    rest = _first_text(lines, after)
    if rest is None:
        return Span(start, len(lines.body)), None
    if may_close and len(runs) == 1:
        return Span(start, rest), Span(rest, len(lines.body))
    return None, None


def _break_runs(blocks: Sequence[Block]) -> list[tuple[Block, Block]]:
    """Runs of consecutive thematic breaks, as (first, last) blocks."""
    runs: list[tuple[Block, Block]] = []
    previous_was_break = False
    for block in blocks:
        is_break = block.kind == "hr"
        if is_break and previous_was_break:
            runs[-1] = (runs[-1][0], block)
        elif is_break:
            runs.append((block, block))
        previous_was_break = is_break
    return runs


def _first_text(lines: Lines, offset: int) -> int | None:
    """Offset of the first non-blank line at or after an offset, or None."""
    body = lines.body
    stripped = len(body) - len(body[offset:].lstrip())
    if stripped >= len(body):
        return None
    return lines.start(lines.line_of(stripped))


def _has_text(lines: Lines, span: Span) -> bool:
    return bool(span.of(lines.body).strip())

"""The splitter: a post body -> preamble, exchanges of speaker turns, epilogue.

Reads like its steps: parse the body once into top-level blocks, find candidate labels,
decide who speaks, cut the body at the turns, group turns into exchanges, find repeated
questions. A body with fewer than two turns (or one speaker) is not a transcript and is
returned whole as the preamble, to render as an ordinary post.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sitegen.transcript import labels as label_rules
from sitegen.transcript.blocks import Block, Lines, top_blocks, unclosed_fences
from sitegen.transcript.exchanges import group_exchanges, number_turns
from sitegen.transcript.labels import Label
from sitegen.transcript.layout import Layout, Slot, lay_out
from sitegen.transcript.model import Segment, Span, Speaker, SpeakerSpec, Transcript, Turn
from sitegen.transcript.speakers import Cast, choose_cast
from sitegen.transcript.variants import mark_variants, variant_groups

UNCLOSED_FENCE = "code fence is never closed, so everything after it is code"


def split_transcript(body: str, *, body_line: int = 1,
                     speakers: Mapping[str, SpeakerSpec] | None = None,
                     known_speakers: Mapping[str, SpeakerSpec] | None = None) -> Transcript:
    """Split a post body (LF endings, no BOM) into its transcript.

    ``speakers`` are the post's declared speakers: when the post uses them they are the
    only speakers. ``known_speakers`` (site-wide declarations) only add names, roles and
    display settings to detection. ``body_line`` is the file line where the body starts.
    """
    lines = Lines(body)
    blocks = top_blocks(lines)
    warnings = tuple((body_line + n, UNCLOSED_FENCE) for n in unclosed_fences(blocks, lines))
    cast, turn_labels = find_turns(blocks, lines, speakers, known_speakers)
    if not _enough(cast, turn_labels):
        return _ordinary(lines, body_line, warnings)
    layout = lay_out(turn_labels, blocks, lines)
    turns = _turns(layout, cast, lines, body_line)
    exchanges = group_exchanges(turns)
    groups = variant_groups(exchanges)
    return Transcript(
        is_transcript=True, preamble=_segment(layout.preamble, lines, body_line),
        exchanges=mark_variants(exchanges, groups),
        epilogue=_segment(layout.epilogue, lines, body_line), speakers=_speakers(cast, turns),
        variants=groups, warnings=warnings, length=len(body),
        closing=_segment(layout.closing, lines, body_line, keep_blank=True),
    )


def find_turns(blocks: tuple[Block, ...], lines: Lines,
               declared: Mapping[str, SpeakerSpec] | None,
               known: Mapping[str, SpeakerSpec] | None) -> tuple[Cast, list[Label]]:
    """The cast and the labels that start turns, in source order."""
    outer = label_rules.outer_labels(blocks, lines)
    cast = choose_cast(outer, declared, known)
    found = _with_inner(outer, cast, blocks, lines)
    if _enough(cast, found):
        return cast, found
    inner = [*label_rules.inner_labels(blocks, lines, "plain"),
             *label_rules.inner_labels(blocks, lines, "bold")]
    every = sorted([*outer, *inner], key=lambda label: label.start)
    cast = choose_cast(every, declared, known)
    return cast, [label for label in every if cast.name_of(label)]


def _with_inner(outer: list[Label], cast: Cast, blocks: tuple[Block, ...],
                lines: Lines) -> list[Label]:
    """Turn labels at block starts, plus a speaker's label on a later line of a paragraph."""
    found = [label for label in outer if cast.name_of(label)]
    if found:
        found += [la for la in label_rules.inner_labels(blocks, lines, cast.style)
                  if cast.name_of(la)]
    return sorted(found, key=lambda label: label.start)


def _enough(cast: Cast, found: Sequence[Label]) -> bool:
    return len(found) >= 2 and len({cast.name_of(label) for label in found}) >= 2


def _ordinary(lines: Lines, body_line: int, warnings: tuple[tuple[int, str], ...]) -> Transcript:
    whole = Span(0, len(lines.body))
    return Transcript(False, _segment(whole, lines, body_line), (), None, (), (), warnings,
                      len(lines.body))


def _turns(layout: Layout, cast: Cast, lines: Lines, body_line: int) -> list[Turn]:
    names = [cast.name_of(slot.label) or slot.label.name for slot in layout.slots]
    numbers = number_turns([cast.roles[name] for name in names],
                           [slot.separator is not None for slot in layout.slots])
    return [_turn(n, slot, name, cast, numbered, lines, body_line)
            for n, (slot, name, numbered) in enumerate(zip(layout.slots, names, numbers,
                                                           strict=True), start=1)]


def _turn(number: int, slot: Slot, name: str, cast: Cast, numbered: tuple[int, str],
          lines: Lines, body_line: int) -> Turn:
    label, body = slot.label, lines.body
    label_span = Span(label.start, label.end)
    last = _last_text_line(lines, slot.text)
    return Turn(
        speaker=name, role=cast.roles[name], label=label_span.of(body),
        text=slot.text.of(body), line=body_line + label.line,
        end_line=body_line + max(label.line, last if last is not None else label.line),
        anchor=numbered[1], exchange=numbered[0], number=number, style=label.style,
        label_span=label_span, text_span=slot.text,
        separator=_segment(slot.separator, lines, body_line, True),
    )


def _last_text_line(lines: Lines, span: Span) -> int | None:
    """The last line holding text within a span (None when the span is blank)."""
    if span.start >= span.end:
        return None
    line = lines.line_of(span.end - 1)
    first = lines.line_of(span.start)
    while line > first and not lines.text(line).strip():
        line -= 1
    if line == first:
        tail = lines.body[span.start : lines.end(first)]
        return first if tail.strip() else None
    return line


def _segment(span: Span | None, lines: Lines, body_line: int,
             keep_blank: bool = False) -> Segment | None:
    if span is None or span.start == span.end:
        return None
    text = span.of(lines.body)
    content = text.strip()
    if not content and not keep_blank:
        return None
    first = span.start + (len(text) - len(text.lstrip())) if content else span.start
    last = span.start + len(text.rstrip()) - 1 if content else span.end - 1
    return Segment(text, body_line + lines.line_of(first), body_line + lines.line_of(last), span)


def _speakers(cast: Cast, turns: Sequence[Turn]) -> tuple[Speaker, ...]:
    order = list(dict.fromkeys(turn.speaker for turn in turns))
    out = []
    for index, name in enumerate(order):
        spec = cast.specs.get(name) or SpeakerSpec(name)
        out.append(Speaker(
            name=name, role=cast.roles[name], display=spec.display or name,
            avatar=spec.avatar or "", color=spec.color or "", index=index,
            declared=name in cast.specs,
        ))
    return tuple(out)

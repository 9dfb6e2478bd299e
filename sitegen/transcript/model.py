"""The transcript model: frozen values the splitter produces and the build renders.

A post body is partitioned, character for character, into a preamble, speaker turns
(each a label and a text, optionally preceded by a separator), a closing separator and an
epilogue. Every piece keeps its exact source ``Span`` (offsets into the body), so a test
can check that nothing is lost or duplicated. Lines are lines of the file, 1-based.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

Role = Literal["asker", "answerer"]
PieceKind = Literal["preamble", "separator", "label", "text", "closing", "epilogue"]


class Span(NamedTuple):
    """A half-open range ``[start, end)`` of character offsets into the body."""

    start: int
    end: int

    def of(self, body: str) -> str:
        """The text of the body this span covers."""
        return body[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Segment:
    """Text outside any turn (preamble, epilogue, separator), rendered as ordinary prose."""

    text: str
    """The exact source text."""
    line: int
    """File line of the first non-blank line (or of the start, when all blank)."""
    end_line: int
    """File line of the last non-blank line."""
    span: Span


@dataclass(frozen=True, slots=True)
class SpeakerSpec:
    """A speaker declared in front matter ``speakers:`` or in ``transcript.speakers``."""

    name: str
    role: Role | None = None
    """``asker`` or ``answerer``; None lets the splitter decide."""
    display: str | None = None
    """The name to show instead of ``name``."""
    aliases: tuple[str, ...] = ()
    """Other labels that mean this speaker (matched case-insensitively)."""
    avatar: str | None = None
    color: str | None = None


@dataclass(frozen=True, slots=True)
class Speaker:
    """Someone who speaks in a transcript."""

    name: str
    """Canonical name: the declared name, else the label as first written."""
    role: Role
    display: str
    """The name to show (the declared display name, else ``name``)."""
    avatar: str = ""
    color: str = ""
    index: int = 0
    """0-based order of first appearance, for colouring."""
    declared: bool = False


@dataclass(frozen=True, slots=True)
class Turn:
    """One speaker's turn: a label and the Markdown that follows it."""

    speaker: str
    """Canonical speaker name."""
    role: Role
    label: str
    """The label exactly as written (``**User:**``, ``## You``, ``Zhiwei: ``)."""
    text: str
    """The turn's Markdown with the label removed: the exact source after the label."""
    line: int
    """File line of the label."""
    end_line: int
    """File line of the last non-blank line of the turn."""
    anchor: str
    """Stable id: ``q1``, ``a1``, a second answer in exchange 2 is ``a2-2``."""
    exchange: int
    """1-based number of the exchange the turn belongs to."""
    number: int
    """1-based position of the turn in the post."""
    style: str
    """Label style: ``plain``, ``bold``, ``heading`` (ATX), ``setext1`` or ``setext2``."""
    label_span: Span
    text_span: Span
    separator: Segment | None = None
    """A thematic break (and the blank lines after it) just before the label."""


@dataclass(frozen=True, slots=True)
class Exchange:
    """A question and the answers to it."""

    number: int
    turns: tuple[Turn, ...]
    variant_group: int | None = None
    """1-based index into ``Transcript.variants`` when the question is asked again."""
    variant_index: int = 0
    """1-based position within the variant group (0 when not in a group)."""
    variant_count: int = 1
    """How many exchanges ask this question (1 when not in a group)."""

    @property
    def separator(self) -> Segment | None:
        """The thematic break before the exchange, if any."""
        return self.turns[0].separator if self.turns else None

    @property
    def question(self) -> str:
        """The asker turns' Markdown, joined (empty when the exchange has no question)."""
        return "\n\n".join(t.text for t in self.turns if t.role == "asker")


@dataclass(frozen=True, slots=True)
class Piece:
    """One part of the body's partition, in source order."""

    kind: PieceKind
    span: Span


@dataclass(frozen=True, slots=True)
class Transcript:
    """A post body split into preamble, exchanges of turns, and epilogue."""

    is_transcript: bool
    preamble: Segment | None
    exchanges: tuple[Exchange, ...]
    epilogue: Segment | None
    speakers: tuple[Speaker, ...]
    variants: tuple[tuple[int, ...], ...]
    """Groups of 1-based exchange numbers that ask the same question."""
    warnings: tuple[tuple[int, str], ...]
    """(file line, message) pairs, such as a code fence that is never closed."""
    length: int
    """Length of the body, in characters."""
    closing: Segment | None = None
    """A trailing thematic break after the last turn (before the epilogue, if any)."""

    @property
    def turns(self) -> tuple[Turn, ...]:
        """Every turn in order."""
        return tuple(turn for exchange in self.exchanges for turn in exchange.turns)

    @property
    def pieces(self) -> tuple[Piece, ...]:
        """The partition of the body: concatenating the pieces' text gives the body back."""
        parts = [Piece("preamble", Span(0, self._first_turn_start()))]
        for turn in self.turns:
            if turn.separator is not None:
                parts.append(Piece("separator", turn.separator.span))
            parts += [Piece("label", turn.label_span), Piece("text", turn.text_span)]
        if self.closing is not None:
            parts.append(Piece("closing", self.closing.span))
        if self.epilogue is not None:
            parts.append(Piece("epilogue", self.epilogue.span))
        return tuple(piece for piece in parts if piece.span.start < piece.span.end)

    def _first_turn_start(self) -> int:
        if not self.exchanges:
            return self.length
        first = self.exchanges[0].turns[0]
        return first.separator.span.start if first.separator else first.label_span.start

    def speaker(self, name: str) -> Speaker | None:
        """The speaker with this canonical name."""
        return next((s for s in self.speakers if s.name == name), None)

"""The transcript engine: a post body -> preamble, exchanges of speaker turns, epilogue.

``split_transcript`` is pure: text in, frozen ``Transcript`` out. ``parse_speaker_specs``
reads speaker declarations from front matter or ``_config.yml``.
"""

from sitegen.transcript.model import (
    Exchange,
    Piece,
    Segment,
    Span,
    Speaker,
    SpeakerSpec,
    Transcript,
    Turn,
)
from sitegen.transcript.specs import parse_speaker_specs
from sitegen.transcript.split import split_transcript

__all__ = [
    "Exchange",
    "Piece",
    "Segment",
    "Span",
    "Speaker",
    "SpeakerSpec",
    "Transcript",
    "Turn",
    "parse_speaker_specs",
    "split_transcript",
]

"""Regenerated answers: exchanges that ask the same question again.

Two questions are the same when their text is equal after folding case and collapsing
all whitespace (also inside code blocks, whose indentation often changes on copy). Short
prompts that are asked again for other reasons ("continue", "why?") are never grouped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sitegen.transcript.model import Exchange

MIN_LENGTH = 10
"""Shorter questions ("why?", "more please") are asked again without being regenerated."""
FILLERS = frozenset({
    "continue", "please continue", "continue please", "go on", "go on please", "keep going",
    "tell me more", "thank you", "thanks a lot", "thank you very much", "try again",
    "please try again", "regenerate", "继续", "请继续", "続けて",
})


def question_key(exchange: Exchange) -> str:
    """The normalised question of an exchange ("" when it has none or it is too short)."""
    key = " ".join(exchange.question.split()).casefold()
    if len(key) < MIN_LENGTH or key.rstrip(".!?。！？ ") in FILLERS:
        return ""
    return key


def variant_groups(exchanges: Sequence[Exchange]) -> tuple[tuple[int, ...], ...]:
    """Groups (of two or more) of exchange numbers asking the same question, in order."""
    by_question: dict[str, list[int]] = {}
    for exchange in exchanges:
        key = question_key(exchange)
        if key:
            by_question.setdefault(key, []).append(exchange.number)
    return tuple(tuple(group) for group in by_question.values() if len(group) > 1)


def mark_variants(exchanges: Sequence[Exchange],
                  groups: tuple[tuple[int, ...], ...]) -> tuple[Exchange, ...]:
    """The exchanges with their variant group, position and count filled in."""
    where = {
        number: (g, position, len(group))
        for g, group in enumerate(groups, start=1)
        for position, number in enumerate(group, start=1)
    }
    return tuple(
        replace(ex, variant_group=where[ex.number][0], variant_index=where[ex.number][1],
                variant_count=where[ex.number][2]) if ex.number in where else ex
        for ex in exchanges
    )

"""Regenerated answers: exchanges that ask the same question again.

Two questions are the same when their text is equal after folding case and collapsing
all whitespace (also inside code blocks, whose indentation often changes on copy).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sitegen.transcript.model import Exchange


def question_key(exchange: Exchange) -> str:
    """The normalised question of an exchange ("" when it has none)."""
    return " ".join(exchange.question.split()).casefold()


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

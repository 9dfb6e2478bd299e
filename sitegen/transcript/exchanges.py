"""Turns grouped into exchanges, and each turn's anchor.

A new exchange starts when the asker speaks after an answer, or after a thematic break.
Anchors are stable: the first question of exchange 2 is ``q2``, its first answer ``a2``,
a second answer ``a2-2``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sitegen.transcript.model import Exchange, Turn


def group_exchanges(turns: Sequence[Turn]) -> tuple[Exchange, ...]:
    """Number the turns' exchanges and give every turn its anchor."""
    groups: list[list[Turn]] = []
    for i, turn in enumerate(turns):
        if not groups or _starts_exchange(turns[i - 1], turn):
            groups.append([])
        groups[-1].append(turn)
    return tuple(Exchange(n, _anchored(group, n)) for n, group in enumerate(groups, start=1))


def _starts_exchange(previous: Turn, turn: Turn) -> bool:
    if turn.role != "asker":
        return False
    return previous.role == "answerer" or turn.separator is not None


def _anchored(turns: list[Turn], number: int) -> tuple[Turn, ...]:
    seen = {"asker": 0, "answerer": 0}
    out = []
    for turn in turns:
        seen[turn.role] += 1
        letter = "q" if turn.role == "asker" else "a"
        count = seen[turn.role]
        anchor = f"{letter}{number}" if count == 1 else f"{letter}{number}-{count}"
        out.append(replace(turn, anchor=anchor, exchange=number))
    return tuple(out)

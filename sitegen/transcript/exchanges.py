"""Turns grouped into exchanges, and each turn's anchor.

A new exchange starts when the asker speaks after an answer, or after a thematic break.
Anchors are stable: the first question of exchange 2 is ``q2``, its first answer ``a2``,
a second answer ``a2-2``.
"""

from __future__ import annotations

from collections.abc import Sequence

from sitegen.transcript.model import Exchange, Role, Turn


def number_turns(roles: Sequence[Role], breaks: Sequence[bool]) -> list[tuple[int, str]]:
    """(exchange number, anchor) of each turn, given its role and whether a break precedes it."""
    out: list[tuple[int, str]] = []
    number = 0
    seen = {"asker": 0, "answerer": 0}
    for i, role in enumerate(roles):
        if i == 0 or _starts_exchange(roles[i - 1], role, breaks[i]):
            number += 1
            seen = {"asker": 0, "answerer": 0}
        seen[role] += 1
        letter = "q" if role == "asker" else "a"
        count = seen[role]
        out.append((number, f"{letter}{number}" if count == 1 else f"{letter}{number}-{count}"))
    return out


def _starts_exchange(previous: Role, role: Role, after_break: bool) -> bool:
    return role == "asker" and (previous == "answerer" or after_break)


def group_exchanges(turns: Sequence[Turn]) -> tuple[Exchange, ...]:
    """The exchanges made of numbered turns."""
    groups: dict[int, list[Turn]] = {}
    for turn in turns:
        groups.setdefault(turn.exchange, []).append(turn)
    return tuple(Exchange(number, tuple(group)) for number, group in groups.items())

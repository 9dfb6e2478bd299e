"""The full text of a post for feed readers: plain HTML that needs no theme or script.

A transcript becomes the preamble, then every turn as its speaker's name in bold followed
by what they said, a rule between questions, the question of regenerated answers once
with each answer labelled ("Answer 2 of 3"), then the epilogue. Buttons (the code blocks'
Copy) are left out: nothing would make them work in a feed reader.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sitegen.views import ThreadView, TurnView

_BUTTON = re.compile(r"<button\b[^>]*>.*?</button>", re.DOTALL | re.IGNORECASE)


def feed_html(preamble: str, threads: Sequence[ThreadView], epilogue: str,
              ui: Mapping[str, str]) -> str:
    """The post's body as one HTML fragment."""
    pieces = [preamble]
    for number, thread in enumerate(threads):
        if number:
            pieces.append("<hr>")
        pieces += _thread(thread, ui)
    pieces.append(epilogue)
    return without_buttons("\n".join(p for p in pieces if p))


def _thread(thread: ThreadView, ui: Mapping[str, str]) -> list[str]:
    if not thread.has_variants:
        return _turns(thread.variants[0].turns)
    pieces = _turns(thread.question_turns)
    count = len(thread.variants)
    for index, exchange in enumerate(thread.variants, start=1):
        label = ui["answer_n_of_m"].format(n=index, m=count)
        pieces.append(f"<p><em>{html.escape(label)}</em></p>")
        pieces += _turns(exchange.panel_turns)
    return pieces


def _turns(turns: Sequence[TurnView]) -> list[str]:
    return [f"<p><strong>{html.escape(t.display)}:</strong></p>\n{t.html}" for t in turns]


def without_buttons(fragment: str) -> str:
    """HTML with its ``<button>`` elements removed."""
    return _BUTTON.sub("", fragment)

"""kramdown's typographic symbols: ``---`` to an em dash, ``--`` to an en dash, ``...`` to
an ellipsis, in prose only (not in code, URLs or autolinked addresses).

Smart quotes come from markdown-it's own ``smartquotes`` rule; its other replacements
(``(c)``, ``+-``, ``!!!!``) are not kramdown's and stay off.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token


def register(md: MarkdownIt) -> None:
    """Add the dash and ellipsis rule before smart quotes."""
    md.core.ruler.before("smartquotes", "dashes", dashes_rule)


def dashes_rule(state: StateCore) -> None:
    """Core rule: replace dashes and dots in the text of every inline block."""
    for token in state.tokens:
        if token.type == "inline" and ("--" in token.content or "..." in token.content):
            _replace(token.children or [])


def _replace(children: list[Token]) -> None:
    autolink = 0
    for child in children:
        if child.type == "text" and not autolink:
            child.content = (child.content.replace("---", "\u2014").replace("--", "\u2013")
                             .replace("...", "\u2026"))
        elif child.type == "link_open" and child.info == "auto":
            autolink += 1
        elif child.type == "link_close" and child.info == "auto":
            autolink -= 1

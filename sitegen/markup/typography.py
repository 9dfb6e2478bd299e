"""kramdown's typography: ``---`` to an em dash, ``--`` to an en dash, ``...`` to an
ellipsis, and curly quotes, in prose only (not in code, URLs or autolinked addresses).

Quotes are markdown-it's smart quotes; its other replacements (``(c)``, ``+-``, ``!!!!``)
are not kramdown's and stay off. Both work on one inline token at a time, so the parser
can run them in its single pass over the tokens.
"""

from __future__ import annotations

from markdown_it.rules_core import StateCore
from markdown_it.rules_core.smartquotes import process_inlines
from markdown_it.token import Token


def typography(token: Token, state: StateCore) -> None:
    """Dashes, ellipses and smart quotes in the text of one inline token."""
    content, children = token.content, token.children or []
    if "--" in content or "..." in content:
        _replace(children)
    if "'" in content or '"' in content:
        process_inlines(children, state)


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

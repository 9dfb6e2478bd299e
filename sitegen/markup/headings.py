"""Heading ids the way Jekyll (kramdown, GFM input) makes them, and ``{:toc}`` lists.

An id is the heading's text in lower case, with everything but letters, marks, digits,
``_``, ``-`` and spaces removed and spaces turned into ``-`` (so links written for the
Jekyll site keep working, in every script); a repeated id gets ``-1``, ``-2``... An
explicit id (``## Title {#id}`` or an attribute list) wins. Ids are unique within the
rendered text and against the ``taken_ids`` the caller passes (other turns of a page).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from sitegen.markup.context import RenderContext, context
from sitegen.markup.model import Heading

_EXPLICIT = re.compile(r"\s+\{#([A-Za-z][\w:.-]*)\}\s*$")
_WORD_CATEGORIES = ("L", "M", "N", "Pc")
_TEXT_TYPES = ("text", "code_inline", "math_inline")


def slug(text: str) -> str:
    """kramdown's GFM header id for a heading text (``section`` when nothing is left)."""
    kept = "".join(c for c in text.lower() if c in " \t-" or _is_word(c))
    return kept.replace(" ", "-").replace("\t", "-") or "section"


def _is_word(char: str) -> bool:
    return char.isalnum() or unicodedata.category(char).startswith(_WORD_CATEGORIES)


def unique(base: str, taken: set[str]) -> str:
    """``base``, or ``base-1``, ``base-2``... whichever is not taken yet; then take it."""
    candidate, n = base, 0
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def identify(token: Token, inline: Token, ctx: RenderContext) -> None:
    """Give a ``heading_open`` token its id and note the heading in the context."""
    children = inline.children or []
    explicit = _explicit_id(children)
    text = plain(children).strip()
    given = token.attrGet("id")
    if explicit or given:
        ident = str(explicit or given)
        ctx.taken_ids.add(ident)
    else:
        ident = unique(slug(text), ctx.taken_ids)
    token.attrSet("id", ident)
    ctx.headings.append(Heading(ident, text, int(token.tag[1])))


def _explicit_id(children: list[Token]) -> str | None:
    """Take a trailing ``{#id}`` off the heading's text and return the id."""
    if not children or children[-1].type != "text":
        return None
    match = _EXPLICIT.search(children[-1].content)
    if match is None:
        return None
    children[-1].content = children[-1].content[: match.start()]
    return match[1]


def plain(children: Iterable[Token]) -> str:
    """The text of inline tokens (code and math included, markup dropped)."""
    return "".join(c.content if c.type in _TEXT_TYPES else " " if c.type in (
        "softbreak", "hardbreak") else plain(c.children or ()) for c in children)


def toc_rule(state: StateCore) -> None:
    """Replace the list marked ``{:toc}`` by links to the headings."""
    if not context(state.env).has_ial:
        return
    tokens = state.tokens
    marked = next((i for i, t in enumerate(tokens) if (t.meta or {}).get("toc")), None)
    if marked is None:
        return
    first = marked
    if tokens[marked].type == "list_item_open":
        level = tokens[marked].level
        first = max(j for j in range(marked) if tokens[j].nesting == 1 and tokens[j].level < level)
    if not tokens[first].type.endswith("list_open"):
        return
    last = next(j for j in range(first + 1, len(tokens))
                if tokens[j].level == tokens[first].level and tokens[j].nesting == -1)
    html = toc_html(context(state.env).headings, tokens[first].tag)
    block = Token("html_block", "", 0, content=html, map=tokens[first].map)
    state.tokens = [*tokens[:first], block, *tokens[last + 1 :]]


def toc_html(headings: list[Heading], tag: str) -> str:
    """Nested lists of links to the headings."""
    if not headings:
        return ""
    top = min(h.level for h in headings)
    out, stack = [f'<{tag} class="toc">'], [top]
    for n, heading in enumerate(headings):
        if n and heading.level > stack[-1]:
            out.append(f"<{tag}>")
            stack.append(heading.level)
        elif n:
            while len(stack) > 1 and heading.level < stack[-1]:
                out.append(f"</li></{tag}>")
                stack.pop()
            out.append("</li>")
        out.append(f'<li><a href="#{escapeHtml(heading.id)}">{escapeHtml(heading.text)}</a>')
    out.append("</li>" + f"</{tag}></li>" * (len(stack) - 1) + f"</{tag}>\n")
    return "".join(out)

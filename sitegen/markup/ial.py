"""kramdown inline attribute lists: ``{: .class #id key="value"}`` applies, never shows.

* Right after an image, emphasis, link or code span (``![](a.png){: .wide}``), the list
  applies to that element.
* On the first or last line of a paragraph, it applies to the paragraph.
* On a line of its own, it applies to the block just above (when no blank line is between)
  or else to the block below; after a table it applies to the table.

An inline rule turns each list into an ``ial`` token; a core rule then applies them.
A list that applies to nothing is shown as written. ``{:toc}`` marks a list for a table
of contents (see ``headings``). Event handlers are never set and URL attributes follow
the URL policy.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from sitegen.markup.context import context
from sitegen.markup.sanitize import URL_ATTRIBUTES, url_is_safe

_IAL = re.compile(r"""\{:(?![:\w-]+:)((?:[^}"'\n]|"[^"\n]*"|'[^'\n]*')*)\}""")
_PART = re.compile(
    r"""\.([\w-]+)|#([\w-]+)|([A-Za-z_][\w:.-]*)=(?:"([^"]*)"|'([^']*)'|([^\s"']+))|([\w-]+)|(\S)"""
)
_BREAKS = ("softbreak", "hardbreak")
Attrs = list[tuple[str, str]]


def parse(inner: str) -> Attrs | None:
    """``.a #b k="v"`` to [("class", "a"), ("id", "b"), ("k", "v")]; None if malformed."""
    attrs: Attrs = []
    for match in _PART.finditer(inner):
        cls, ident, key, dq, sq, bare, ref, stray = match.groups()
        if stray:
            return None
        if cls or ident:
            attrs.append(("class", cls) if cls else ("id", ident))
        elif key:
            attrs.append((key, next(v for v in (dq, sq, bare) if v is not None)))
        else:
            attrs.append(("ref", ref))
    return attrs


def ial_inline(state: StateInline, silent: bool) -> bool:
    """Inline rule: ``{: ...}`` right after an element or at the start of a line."""
    if not state.src.startswith("{:", state.pos) or state.pending:
        return False
    match = _IAL.match(state.src, state.pos, state.posMax)
    attrs = parse(match[1]) if match else None
    if match is None or attrs is None:
        return False
    if not silent:
        token = state.push("ial", "", 0)
        token.content, token.meta = match[0], {"attrs": attrs}
        context(state.env).has_ial = True
    state.pos = match.end()
    return True


def apply(token: Token, attrs: Attrs) -> None:
    """Set the attributes on a token, skipping event handlers and unsafe URLs."""
    for key, value in attrs:
        name = key.lower()
        if name == "class":
            token.attrJoin("class", value)
        elif name == "ref":
            if value == "toc":
                token.meta = {**(token.meta or {}), "toc": True}
        elif name.startswith("on") or name == "srcdoc":
            continue
        elif name not in URL_ATTRIBUTES or url_is_safe(value, token.type == "image"):
            token.attrSet(key, value)


def apply_all(state: StateCore) -> None:
    """Apply every ``ial`` token to its element, drop the ones used up."""
    tokens = state.tokens
    drop: set[int] = set()
    for i, token in enumerate(tokens):
        if token.type == "inline" and any(c.type == "ial" for c in token.children or ()):
            _inline(tokens, i, drop)
    if drop:
        state.tokens = [t for j, t in enumerate(tokens) if j not in drop]


def _inline(tokens: list[Token], i: int, drop: set[int]) -> None:
    children = tokens[i].children or []
    parent = tokens[i - 1]
    if all(c.type == "ial" or c.type in _BREAKS for c in children):
        _standalone(tokens, i, drop, [c for c in children if c.type == "ial"])
        return
    if parent.type == "paragraph_open":
        children = _block_ends(children, _paragraph_target(tokens, i - 1))
    tokens[i].children = _spans(children)


def _block_ends(children: list[Token], target: Token) -> list[Token]:
    """Apply a list on the first or the last line of a paragraph to the paragraph."""
    if len(children) > 1 and children[0].type == "ial" and children[1].type in _BREAKS:
        apply(target, children[0].meta["attrs"])
        children = children[2:]
    if len(children) > 1 and children[-1].type == "ial" and children[-2].type in _BREAKS:
        apply(target, children[-1].meta["attrs"])
        children = children[:-2]
    return children


def _paragraph_target(tokens: list[Token], open_idx: int) -> Token:
    """The paragraph, or its list item when the paragraph is hidden (tight list)."""
    if not tokens[open_idx].hidden:
        return tokens[open_idx]
    return _enclosing(tokens, open_idx) or tokens[open_idx]


def _enclosing(tokens: Sequence[Token], idx: int) -> Token | None:
    level = tokens[idx].level
    for j in range(idx - 1, -1, -1):
        if tokens[j].nesting == 1 and tokens[j].level < level:
            return tokens[j]
    return None


def _spans(children: list[Token]) -> list[Token]:
    """Apply lists that follow an element; show the others as text."""
    out: list[Token] = []
    for child in children:
        if child.type != "ial":
            out.append(child)
        elif (target := _span_target(out)) is not None:
            apply(target, child.meta["attrs"])
        else:
            text = Token("text", "", 0)
            text.content = child.content
            out.append(text)
    return out


def _span_target(before: list[Token]) -> Token | None:
    """The element right before an attribute list (emphasis leaves empty text behind)."""
    end = len(before)
    while end and before[end - 1].type == "text" and not before[end - 1].content:
        end -= 1
    if not end:
        return None
    last = before[end - 1]
    if last.type in ("image", "code_inline"):
        return last
    if last.nesting == -1:
        return _opening(before, end - 1)
    return None


def _opening(tokens: Sequence[Token], close_idx: int) -> Token | None:
    """The token that opens the one closed at ``close_idx``."""
    depth = 0
    for j in range(close_idx, -1, -1):
        depth += tokens[j].nesting
        if depth == 0:
            return tokens[j]
    return None


def _standalone(tokens: list[Token], i: int, drop: set[int], ials: list[Token]) -> None:
    """A list on a line of its own: for the block above, or else the one below."""
    parent = tokens[i - 1]
    if parent.type in ("td_open", "th_open"):
        _table_row(tokens, i, drop, ials)
        return
    if parent.type != "paragraph_open":
        return
    target = _previous_block(tokens, i - 1) or _next_block(tokens, i + 1)
    if target is None:
        return
    for ial in ials:
        apply(target, ial.meta["attrs"])
    drop.update((i - 1, i, i + 1))


def _previous_block(tokens: list[Token], open_idx: int) -> Token | None:
    para = tokens[open_idx]
    j = open_idx - 1
    if j < 0 or tokens[j].level != para.level or tokens[j].nesting == 1:
        return None
    block = _opening(tokens, j) if tokens[j].nesting == -1 else tokens[j]
    if block is None or not block.map or not para.map or block.map[1] != para.map[0]:
        return None
    return block


def _next_block(tokens: list[Token], close_idx: int) -> Token | None:
    k = close_idx + 1
    if k < len(tokens) and tokens[k].level == tokens[close_idx].level and tokens[k].nesting >= 0:
        return tokens[k]
    return None


def _table_row(tokens: list[Token], i: int, drop: set[int], ials: list[Token]) -> None:
    """``{: .x}`` under a table is read as a last row: apply it to the table instead."""
    row_open = max(j for j in range(i) if tokens[j].type == "tr_open")
    row_close = next(j for j in range(i, len(tokens)) if tokens[j].type == "tr_close")
    cells = [t for t in tokens[row_open:row_close] if t.type == "inline"]
    if cells[0] is not tokens[i] or any(c.children for c in cells[1:]):
        return
    if tokens[row_close + 1].type != "tbody_close":
        return
    table = max(j for j in range(row_open) if tokens[j].type == "table_open")
    for ial in ials:
        apply(tokens[table], ial.meta["attrs"])
    drop.update(range(row_open, row_close + 1))
    if tokens[row_open - 1].type == "tbody_open":
        drop.update((row_open - 1, row_close + 1))

"""GFM's autolinks extension: bare ``https://``, ``www.`` and e-mail addresses become links.

Done after inline parsing, over text tokens, and only for inline blocks that contain ``://``,
``www.`` or ``@``, which costs far less than an inline rule stopping at every ``w``.
The address ends where GFM says: trailing ``?!.,:*_~`` and unbalanced ``)`` are left
out, so "see https://example.org." links without the final dot.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

_CANDIDATE = re.compile(
    r"(?<![^\s*_~(])(?:(?:https?://|www\.)[^\s<]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
)
_DOMAIN = re.compile(r"^(?:https?://)?[\w-]+(?:\.[\w-]+)+(?=[/?#:]|$)")
_ENTITY_END = re.compile(r"&[A-Za-z0-9]+;$")
_TRAILING = "?!.,:*_~'\""


def _maybe(text: str) -> bool:
    return "://" in text or "www." in text or "@" in text


def linkify(token: Token, md: MarkdownIt) -> None:
    """Turn addresses in the text of one inline token (outside links) into links."""
    if token.children and _maybe(token.content):
        token.children = _linkify(token.children, md)


def _linkify(children: list[Token], md: MarkdownIt) -> list[Token]:
    out: list[Token] = []
    in_link = 0
    for child in children:
        in_link += child.nesting if child.type in ("link_open", "link_close") else 0
        if child.type == "text" and not in_link and _maybe(child.content):
            out.extend(_split(child, md))
        else:
            out.append(child)
    return out


def _split(token: Token, md: MarkdownIt) -> list[Token]:
    text, pos, out = token.content, 0, []
    for match in _CANDIDATE.finditer(text):
        address = trim(match[0])
        href = _href(address)
        if href is None or not md.validateLink(md.normalizeLink(href)):
            continue
        out.append(_text(text[pos : match.start()], token.level))
        out.extend(_link(md.normalizeLink(href), address, token.level))
        pos = match.start() + len(address)
    if not out:
        return [token]
    out.append(_text(text[pos:], token.level))
    return [t for t in out if t.type != "text" or t.content]


def trim(address: str) -> str:
    """Drop what GFM leaves out of an autolink's end."""
    while True:
        before = address
        address = address.rstrip(_TRAILING)
        if address.endswith(")") and address.count(")") > address.count("("):
            address = address[:-1]
        if address.endswith(";") and (entity := _ENTITY_END.search(address)):
            address = address[: entity.start()]
        if address == before:
            return address


def _href(address: str) -> str | None:
    if "@" in address and "://" not in address and not address.startswith("www."):
        return None if address[-1] in "-_" else "mailto:" + address
    if not _DOMAIN.match(address):
        return None
    return address if "://" in address else "http://" + address


def _text(content: str, level: int) -> Token:
    return Token("text", "", 0, content=content, level=level)


def _link(href: str, label: str, level: int) -> list[Token]:
    return [
        Token("link_open", "a", 1, attrs={"href": href}, markup="linkify", info="auto",
              level=level),
        Token("text", "", 0, content=label, level=level + 1),
        Token("link_close", "a", -1, markup="linkify", info="auto", level=level),
    ]

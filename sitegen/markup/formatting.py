"""Highlighted tokens to HTML: the bytes of Pygments' ``HtmlFormatter(nowrap=True)``, faster.

The formatter we need does little: every token becomes its text, escaped, inside a
``<span class="...">`` named after its token type (none for plain text), with runs of
one class merged into one span and every span closed at the end of each line (so lines
can be numbered and marked one by one). Pygments' formatter does this too, among many
options we never use, at several times the cost per token; its output is the contract
here, and the tests compare the two on every lexer's output.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pygments.token import STANDARD_TYPES

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})
_OPENERS: dict[Any, str] = {}
"""Token type -> the ``<span class="...">`` that opens it ("" for plain text)."""


def format_html(tokens: Iterable[tuple[Any, str]]) -> str:
    """HTML of a token stream: lines end with ``\n`` and no span crosses a line end."""
    out: list[str] = []
    line: list[str] = []
    open_class = ""
    """The span open at the end of `line` ("" for none)."""
    for ttype, value in tokens:
        opener = _OPENERS.get(ttype)
        if opener is None:
            opener = _OPENERS[ttype] = _opener(ttype)
        last = value.translate(_ESCAPES)
        if "\n" in last:
            *ends, last = last.split("\n")
            _end_lines(out, line, open_class, opener, ends)
            line = []
        if line and last:
            if open_class != opener:
                line += (open_class and "</span>", opener, last)
                open_class = opener
            else:
                line.append(last)
        elif last:
            line = [opener, last]
            open_class = opener
    if line:
        out += line
        out += (open_class and "</span>", "\n")
    return "".join(out)


def _end_lines(out: list[str], line: list[str], open_class: str, opener: str,
               parts: list[str]) -> None:
    """Finish `line` with the first of `parts`, then write the other parts as lines."""
    for part in parts:
        if line:
            if open_class != opener and part:
                out += line
                out += (open_class and "</span>", opener, part, opener and "</span>", "\n")
            else:
                out += line
                out += (part, open_class and "</span>", "\n")
            line = []
        elif part:
            out += (opener, part, opener and "</span>", "\n")
        else:
            out.append("\n")


def _opener(ttype: Any) -> str:
    classes = css_classes(ttype)
    return f'<span class="{classes}">' if classes else ""


def css_classes(ttype: Any) -> str:
    """The CSS classes of a token type: its short name, after its parents' when the type
    is not one of Pygments' standard ones (``Name.Custom`` -> ``n n-Custom``)."""
    classes = _short_name(ttype)
    while ttype not in STANDARD_TYPES:
        ttype = ttype.parent
        classes = f"{_short_name(ttype)} {classes}"
    return classes


def _short_name(ttype: Any) -> str:
    name = STANDARD_TYPES.get(ttype)
    if name is not None:
        return name
    suffix = ""
    while name is None:
        suffix = f"-{ttype[-1]}{suffix}"
        ttype = ttype.parent
        name = STANDARD_TYPES.get(ttype)
    return name + suffix

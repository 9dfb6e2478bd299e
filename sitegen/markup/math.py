"""Math: ``$..$``, ``$$..$$``, ``\\(..\\)``, ``\\[..\\]`` and kramdown's ``\\\\(..\\\\)``.

Formulas are taken out of the text by markdown-it rules before emphasis and escapes can
touch them, so backslashes, underscores and asterisks inside survive. ``$`` follows
Pandoc's rules, a little stricter, so prices stay text: no space after the opening ``$``,
none before the closing one, no digit right after it, and no ``$`` between them (so
"$5 and $10" is text). The single-backslash forms ``\\(x\\)`` and ``\\[x\\]`` count as
math only when the content looks like TeX (a backslash, ``^``, ``_``, ``=``, braces, or a
lone variable), so Markdown's escaped brackets like ``\\[1\\]`` stay text. The doubled
forms are what Jekyll users write so that kramdown hands ``\\(`` to MathJax; their content
went through kramdown's escapes, so it does here too.

A paragraph that is only a formula (``$$`` or ``\\[`` lines) is display math, as a block.
``mathml`` converts with latex2mathml at build time; a formula it cannot convert is kept
as source in ``<span class="math-error">`` with a warning. ``mathjax`` keeps the
delimiters for MathJax.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import latex2mathml.converter
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from sitegen.markup.context import Env, RenderContext, context

_KRAMDOWN_ESCAPE = re.compile(r"""\\([\\.*_+`<>()\[\]{}#!:|"'$=~-])""")
_TEX_HINT = re.compile(r"[\\^_={}]|^\s*[A-Za-z]\w?\s*$")
_UNKNOWN_COMMAND = re.compile(r"<mi>(\\[A-Za-z]+)</mi>")
_XMLNS = ' xmlns="http://www.w3.org/1998/Math/MathML"'
# (opening, closing, display, doubled) for the backslash forms, longest first
_BACKSLASH = (("\\\\(", "\\\\)", False, True), ("\\\\[", "\\\\]", True, True),
              ("\\(", "\\)", False, False), ("\\[", "\\]", True, False))
_BLOCK = (("$$", "$$", False), ("\\\\[", "\\\\]", True), ("\\[", "\\]", False))


def math_inline(state: StateInline, silent: bool) -> bool:
    """Inline rule: math starting at ``$`` or ``\\``."""
    char = state.src[state.pos]
    if char == "$":
        found = _dollar(state.src, state.pos, state.posMax)
    elif char == "\\":
        found = _backslash(state.src, state.pos, state.posMax)
    else:
        return False
    if found is None:
        return False
    end, content, display = found
    if not silent:
        token = state.push("math_inline", "math", 0)
        token.content = content
        token.meta = {"display": display, "line": _line(state)}
    state.pos = end
    return True


def _line(state: StateInline) -> int:
    return context(state.env).inline_line + state.src.count("\n", 0, state.pos)


def _dollar(src: str, pos: int, end: int) -> tuple[int, str, bool] | None:
    """``$$..$$`` or ``$..$`` at ``pos``: (end, content, display) or None."""
    if src.startswith("$$", pos):
        close = _find(src, "$$", pos + 2, end)
        if close is None or close == pos + 2:
            return None
        return close + 2, src[pos + 2 : close], False
    if pos + 1 >= end or src[pos + 1].isspace() or src[pos + 1] == "$":
        return None
    close = _find(src, "$", pos + 1, end)
    if close is None or src[close - 1].isspace() or src[close + 1 : close + 2].isdigit():
        return None
    return close + 1, src[pos + 1 : close], False


def _find(src: str, needle: str, start: int, end: int) -> int | None:
    """Index of the next ``needle`` not escaped by a backslash, or None."""
    while (found := src.find(needle, start, end)) != -1:
        slashes = len(src[start:found]) - len(src[start:found].rstrip("\\"))
        if slashes % 2 == 0:
            return found
        start = found + 1
    return None


def _backslash(src: str, pos: int, end: int) -> tuple[int, str, bool] | None:
    for opening, closing, display, doubled in _BACKSLASH:
        if src.startswith(opening, pos):
            close = src.find(closing, pos + len(opening), end)
            if close == -1:
                return None
            content = src[pos + len(opening) : close]
            if doubled:
                content = _KRAMDOWN_ESCAPE.sub(r"\1", content)
            elif not _TEX_HINT.search(content):
                return None
            return close + len(closing), content, display
    return None


def math_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Block rule: a paragraph that is only ``$$..$$``, ``\\[..\\]`` or ``\\\\[..\\\\]``."""
    pos = state.bMarks[start] + state.tShift[start]
    if pos + 2 > state.eMarks[start] or state.src[pos] not in "$\\" or state.is_code_block(start):
        return False
    opener = next((o for o in _BLOCK if state.src.startswith(o[0], pos)), None)
    if opener is None:
        return False
    opening, closing, doubled = opener
    found = _block_end(state, start, end, pos + len(opening), closing)
    if found is None:
        return False
    last, content = found
    if not doubled and opening == "\\[" and not _TEX_HINT.search(content):
        return False
    if not silent:
        token = state.push("math_block", "math", 0)
        token.content = _KRAMDOWN_ESCAPE.sub(r"\1", content) if doubled else content
        token.markup, token.map = opening, [start, last + 1]
        token.meta = {"display": True, "line": start}
    state.line = last + 1
    return True


def _block_end(state: StateBlock, start: int, end: int, pos: int,
               closing: str) -> tuple[int, str] | None:
    """The last line and the content of a display formula, or None if it is not one."""
    lines: list[str] = []
    line = start
    while line < end:
        text = state.src[pos : state.eMarks[line]]
        close = text.find(closing)
        if close != -1:
            if text[close + len(closing) :].strip():
                return None
            lines.append(text[:close])
            content = "\n".join(lines).strip()
            return (line, content) if content else None
        lines.append(text)
        line += 1
        if line >= end or state.isEmpty(line) or state.sCount[line] < state.blkIndent:
            return None
        pos = state.bMarks[line] + state.tShift[line]
    return None


class MathRenderer:
    """Render rules for math tokens; one per Markup, with a cache of conversions."""

    def __init__(self, mode: str):
        self.mode = mode
        self.cache: dict[tuple[str, bool], str | None] = {}

    def render_inline(self, tokens: Sequence[Token], idx: int, _o: object, env: Env) -> str:
        token = tokens[idx]
        return self.formula(token.content, token.meta["display"], False, context(env),
                            token.meta["line"])

    def render_block(self, tokens: Sequence[Token], idx: int, _o: object, env: Env) -> str:
        token = tokens[idx]
        return self.formula(token.content, True, True, context(env), token.meta["line"]) + "\n"

    def formula(self, tex: str, display: bool, block: bool, ctx: RenderContext,
                line: int) -> str:
        """One formula as HTML, in the configured mode."""
        if self.mode == "mathjax":
            ctx.uses_math = True
            return mathjax(tex, display, block)
        mathml = self.mathml(tex, display)
        if mathml is None:
            ctx.warn(line, f"cannot convert formula to MathML: {_why(tex, display)}; "
                     "shown as source", "check the TeX, or set math: mathjax in _config.yml")
            source = f"\\[{tex}\\]" if display else f"\\({tex}\\)"
            error = f'<span class="math-error">{escapeHtml(source)}</span>'
            return f'<div class="math display">{error}</div>' if block else error
        return f'<div class="math display">{mathml}</div>' if block else mathml

    def mathml(self, tex: str, display: bool) -> str | None:
        """Cached latex2mathml conversion, or None when it fails."""
        key = (tex, display)
        try:
            return self.cache[key]
        except KeyError:
            if len(self.cache) >= 10_000:
                self.cache.clear()
            result = self.cache[key] = _convert(tex, display)
            return result


def _convert(tex: str, display: bool) -> str | None:
    try:
        mathml = latex2mathml.converter.convert(tex, display="block" if display else "inline")
    except Exception:
        return None
    if _UNKNOWN_COMMAND.search(mathml):
        return None
    return mathml.replace(_XMLNS, "", 1).replace(' display="inline"', "", 1)


def _why(tex: str, display: bool) -> str:
    """A short reason the conversion failed, for the warning."""
    try:
        mathml = latex2mathml.converter.convert(tex, display="block" if display else "inline")
    except Exception as exc:
        name = type(exc).__name__
        return f"{name} {exc}".strip() if str(exc) else name
    unknown = _UNKNOWN_COMMAND.search(mathml)
    return f"unknown command {unknown[1]}" if unknown else "unknown error"


def mathjax(tex: str, display: bool, block: bool) -> str:
    """Source with delimiters, for MathJax to typeset in the browser."""
    if display:
        tag = "div" if block else "span"
        return f'<{tag} class="math display">\\[{escapeHtml(tex)}\\]</{tag}>'
    return f'<span class="math inline">\\({escapeHtml(tex)}\\)</span>'

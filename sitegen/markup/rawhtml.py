"""Raw HTML in posts: real tags pass through, look-alikes stay text, ``markdown="1"`` works.

CommonMark treats anything shaped like a tag as HTML, so ``List<T>`` or ``Vec<u8>`` in a
chat about code would vanish into an unknown element. Here a tag counts as HTML only
if its name is a known HTML, SVG or MathML element (or a custom element, with a hyphen),
written all in lower or all in upper case, and not a lone capital letter without
attributes (``<T>``; ``</T>`` is a closing tag). Everything else stays visible text.

A block element whose opening tag carries ``markdown="1"`` (kramdown's switch) has its
content parsed as Markdown between the opening and the closing tag lines.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock, html_block
from markdown_it.rules_inline import StateInline, html_inline

_ELEMENT_NAMES = """
a abbr acronym address area article aside audio b base bdi bdo big blink blockquote body br
button canvas caption center cite code col colgroup data datalist dd del details dfn dialog dir
div dl dt em embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6
head header hgroup hr html i iframe img input ins kbd label legend li link main map mark
marquee menu meta meter nav nobr noembed noframes noscript object ol optgroup option output p
param picture plaintext pre progress q rb rp rt rtc ruby s samp script search section select
slot small source span strike strong style sub summary sup table tbody td template textarea
tfoot th thead time title tr track tt u ul var video wbr xmp svg g path circle ellipse line
polyline polygon rect text tspan defs use symbol desc image math mi mn mo ms mtext mrow msup
msub msubsup mfrac msqrt mroot mover munder munderover mtable mtr mtd mspace mstyle merror
mpadded mphantom menclose semantics annotation
"""
ELEMENTS = frozenset(_ELEMENT_NAMES.split())
_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(\s*/?>)?")
_MARKDOWN_OPEN = re.compile(
    r"""<([A-Za-z][A-Za-z0-9-]*)(?:\s[^>]*?)?\smarkdown\s*=\s*(["']?)(?:1|block)\2[^>]*>\s*$"""
)


def register(md: MarkdownIt) -> None:
    """Replace markdown-it's raw HTML rules by the filtered ones."""
    md.inline.ruler.at("html_inline", filtered_html_inline)
    md.block.ruler.at("html_block", filtered_html_block,
                      {"alt": ["paragraph", "reference", "blockquote"]})


def is_element(name: str, bare: bool) -> bool:
    """Whether a tag name is taken as real HTML (``bare``: an opening tag without attributes)."""
    if len(name) == 1 and name.isupper() and bare:
        return False
    if not (name.islower() or name.isupper()):
        return False
    lower = name.lower()
    return lower in ELEMENTS or "-" in lower


def _looks_like_text(src: str, pos: int, end: int) -> bool:
    match = _NAME.match(src, pos, end)
    bare = not match[1] and match[3] is not None if match else False
    return match is not None and not is_element(match[2], bare)


def filtered_html_inline(state: StateInline, silent: bool) -> bool:
    """markdown-it's inline HTML rule, for real element names only."""
    if state.src[state.pos] == "<" and _looks_like_text(state.src, state.pos, state.posMax):
        return False
    return html_inline(state, silent)


def filtered_html_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's HTML block rule, for real element names only."""
    pos = state.bMarks[start] + state.tShift[start]
    if pos < state.eMarks[start] and state.src[pos] == "<" and _looks_like_text(
        state.src, pos, state.eMarks[start]
    ):
        return False
    return html_block(state, start, end, silent)


def markdown_html_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """``<div markdown="1">`` ... ``</div>``: the tags as HTML, the inside as Markdown."""
    pos = state.bMarks[start] + state.tShift[start]
    if pos >= state.eMarks[start] or state.src[pos] != "<" or state.is_code_block(start):
        return False
    match = _MARKDOWN_OPEN.match(state.src, pos, state.eMarks[start])
    if match is None or not state.md.options.get("html"):
        return False
    close = _closing_line(state, start + 1, end, match[1].lower())
    if close is None:
        return False
    if not silent:
        _push_html(state, start)
        state.md.block.tokenize(state, start + 1, close)
        _push_html(state, close)
    state.line = close + 1
    return True


def _push_html(state: StateBlock, line: int) -> None:
    token = state.push("html_block", "", 0)
    token.map = [line, line + 1]
    token.content = state.getLines(line, line + 1, state.blkIndent, True)


def _closing_line(state: StateBlock, line: int, end: int, name: str) -> int | None:
    """The line that is only ``</name>`` and closes the element, or None."""
    opening = re.compile(rf"<{re.escape(name)}(?=[\s/>])", re.I)
    closing = re.compile(rf"</{re.escape(name)}\s*>", re.I)
    depth = 1
    while line < end:
        text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]
        depth += len(opening.findall(text)) - len(closing.findall(text))
        if depth <= 0:
            return line if closing.fullmatch(text.strip()) else None
        line += 1
    return None

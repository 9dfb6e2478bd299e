"""The one markdown-it-py parser a Markup uses: CommonMark plus what posts need.

sitegen adds three rules to markdown-it, each a dispatcher on the first character, so a
line or a character that concerns none of them costs one call:

* block ``sitegen`` (before ``fence``): ``$$``/``\\[`` display math, ``{% highlight %}``,
  ``<div markdown="1">``;
* inline ``sitegen`` (before ``escape``): ``$``/``\\(`` math, ``{:`` attribute lists;
* core ``sitegen`` (after ``inline``, which is ours too: it notes each block's line for
  warnings): Liquid placeholders, attribute lists, then one pass for autolinks, dashes,
  smart quotes, heading ids and unclosed fences, then ``{:toc}``.

Fewer rules and passes matter because the transcript renderer calls ``render`` once per
speaker turn.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.ruler import RuleOptionsType
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from sitegen.markup import autolink, headings, ial, liquid, math, rawhtml, sanitize, typography
from sitegen.markup.context import RenderContext, context
from sitegen.markup.highlight import Highlighter
from sitegen.markup.model import MarkupOptions

_ALL: RuleOptionsType = {"alt": ["paragraph", "reference", "blockquote", "list"]}
_CLOSING_FENCE = re.compile(r"[\s>]*([`~]{3,})\s*$")


class Markdown(MarkdownIt):
    """MarkdownIt with sitegen's URL policy."""

    def validateLink(self, url: str) -> bool:
        return sanitize.url_is_safe(url, image=True)


def build(options: MarkupOptions, highlighter: Highlighter,
          math_renderer: math.MathRenderer) -> Markdown:
    """A configured parser; build it once and reuse it for every render."""
    md = Markdown("commonmark", {"html": options.html, "typographer": True, "tasklists": True})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin, inline=False).use(deflist_plugin)
    md.block.ruler.before("fence", "sitegen", block_rule, _ALL)
    md.inline.ruler.before("escape", "sitegen", inline_rule)
    md.core.ruler.at("inline", parse_inlines)
    md.core.ruler.after("inline", "sitegen", core_rule)
    if options.html:
        rawhtml.register(md)
    md.block.ruler.after("table", "prose", prose_rule(md), {"alt": []})
    _render_rules(md, highlighter, math_renderer)
    return md


_NOT_PROSE = frozenset("`~>*-_+<#[|$\\{:0123456789" + liquid.OPEN)
"""First characters with which a block other than a paragraph, a setext heading or a
definition list can start (or that sitegen's own block rule reads: math, a protected
Liquid tag, HTML)."""
_PROSE_RULES = ("lheading", "deflist", "paragraph")


def prose_rule(md: MarkdownIt) -> Callable[[StateBlock, int, int, bool], bool]:
    """A block rule for the common case, a block starting with ordinary text: only the
    rules that can take it are tried (setext heading, definition list, paragraph, in
    markdown-it's order), not the ten that would each decline."""
    chain = [rule.fn for rule in md.block.ruler.__rules__
             if rule.name in _PROSE_RULES and rule.enabled]

    def prose(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if silent or state.is_code_block(start):
            return False
        first = state.bMarks[start] + state.tShift[start]
        if first >= state.eMarks[start] or state.src[first] in _NOT_PROSE:
            return False
        return any(rule(state, start, end, False) for rule in chain)

    return prose


def _render_rules(md: MarkdownIt, highlighter: Highlighter,
                  math_renderer: math.MathRenderer) -> None:
    md.add_render_rule("fence", lambda self, *args: highlighter.render_fence(*args))
    md.add_render_rule("code_block", lambda self, *args: highlighter.render_code_block(*args))
    md.add_render_rule("math_inline", lambda self, *args: math_renderer.render_inline(*args))
    md.add_render_rule("math_block", lambda self, *args: math_renderer.render_block(*args))
    md.add_render_rule("link_open", sanitize.render_link_open)
    md.add_render_rule("html_block", sanitize.render_html)
    md.add_render_rule("html_inline", sanitize.render_html)
    md.add_render_rule("ial", lambda self, tokens, idx, *_: escapeHtml(tokens[idx].content))


def block_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Display math, ``{% highlight %}`` or a ``markdown="1"`` HTML block."""
    pos = state.bMarks[start] + state.tShift[start]
    if pos >= state.eMarks[start]:
        return False
    char = state.src[pos]
    if char == "$" or char == "\\":
        return math.math_block(state, start, end, silent)
    if char == liquid.OPEN:
        return liquid.highlight_block(state, start, end, silent)
    if char == "<":
        return rawhtml.markdown_html_block(state, start, end, silent)
    return False


def inline_rule(state: StateInline, silent: bool) -> bool:
    """Inline math or a kramdown attribute list."""
    char = state.src[state.pos]
    if char == "$" or char == "\\":
        return math.math_inline(state, silent)
    if char == "{":
        return ial.ial_inline(state, silent)
    return False


def parse_inlines(state: StateCore) -> None:
    """markdown-it's ``inline`` core rule, noting each block's first line for warnings."""
    ctx = context(state.env)
    for token in state.tokens:
        if token.type == "inline":
            ctx.inline_line = token.map[0] if token.map else 0
            if token.children is None:
                token.children = []
            state.md.inline.parse(token.content, state.md, state.env, token.children)


def core_rule(state: StateCore) -> None:
    """Everything sitegen does between inline parsing and rendering."""
    ctx = context(state.env)
    if ctx.liquid:
        liquid.resolve(state)
    if ctx.has_ial:
        ial.apply_all(state)
    _prose(state, ctx)
    if ctx.has_ial:
        headings.toc_rule(state)


def _prose(state: StateCore, ctx: RenderContext) -> None:
    """Autolinks, dashes, smart quotes, heading ids and fence checks in one pass."""
    tokens, lines = state.tokens, None
    for i, token in enumerate(tokens):
        if token.type == "inline":
            autolink.linkify(token, state.md)
            typography.typography(token, state)
            if tokens[i - 1].type == "heading_open":
                headings.identify(tokens[i - 1], token, ctx)
        elif token.type == "fence" and token.markup[:1] in ("`", "~"):
            lines = lines or state.src.split("\n")
            _check_fence(token, lines, ctx)


def _check_fence(token: Token, lines: list[str], ctx: RenderContext) -> None:
    """Warn about a fence never closed; make a ``math`` fence display math (as GitHub)."""
    start, end = token.map or (0, 0)
    closing = _CLOSING_FENCE.match(lines[end - 1]) if start < end - 1 < len(lines) else None
    if closing is None or closing[1][0] != token.markup[0] or len(closing[1]) < len(token.markup):
        ctx.warn(start, f"code block opened with {token.markup} is never closed; "
                 "it runs to the end of the text", f"add a line {token.markup} after the code")
    if token.info.strip().lower() == "math":
        token.type, token.meta = "math_block", {"display": True, "line": start}

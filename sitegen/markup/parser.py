"""The one markdown-it-py parser a Markup uses: CommonMark plus what posts need.

Core rules run in this order after ``block``: ``inline`` (ours: it remembers each block's
line for warnings), ``liquid`` and ``ial`` (both return at once when the text has none),
``prose`` (one pass over the tokens for autolinks, dashes, smart quotes and heading ids,
then ``{:toc}``), ``footnote_tail`` and ``text_join``. Fewer passes matter because the
transcript renderer calls ``render`` once per speaker turn.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock, fence
from markdown_it.rules_core import StateCore
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from sitegen.markup import autolink, headings, ial, liquid, math, rawhtml, sanitize, typography
from sitegen.markup.context import context
from sitegen.markup.highlight import Highlighter
from sitegen.markup.model import MarkupOptions

_FENCE_ALT = ["paragraph", "reference", "blockquote", "list"]


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
    md.core.ruler.at("inline", inline_rule)
    md.block.ruler.at("fence", checked_fence, {"alt": _FENCE_ALT})
    for module in (liquid, math, ial):
        module.register(md)
    md.core.ruler.after("ial", "prose", prose_rule)
    if options.html:
        rawhtml.register(md)
    _render_rules(md, highlighter, math_renderer)
    return md


def _render_rules(md: MarkdownIt, highlighter: Highlighter,
                  math_renderer: math.MathRenderer) -> None:
    md.add_render_rule("fence", lambda self, *args: highlighter.render_fence(*args))
    md.add_render_rule("code_block", lambda self, *args: highlighter.render_code_block(*args))
    md.add_render_rule("math_inline", lambda self, *args: math_renderer.render_inline(*args))
    md.add_render_rule("math_block", lambda self, *args: math_renderer.render_block(*args))
    md.add_render_rule("link_open", sanitize.render_link_open)
    md.add_render_rule("html_block", sanitize.render_html)
    md.add_render_rule("html_inline", sanitize.render_html)


def inline_rule(state: StateCore) -> None:
    """markdown-it's ``inline`` core rule, noting each block's first line for warnings."""
    ctx = context(state.env)
    for token in state.tokens:
        if token.type == "inline":
            ctx.inline_line = token.map[0] if token.map else 0
            if token.children is None:
                token.children = []
            state.md.inline.parse(token.content, state.md, state.env, token.children)


def prose_rule(state: StateCore) -> None:
    """Autolinks, dashes, smart quotes and heading ids, in one pass over the tokens."""
    ctx = context(state.env)
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type == "inline":
            autolink.linkify(token, state.md)
            typography.typography(token, state)
            if tokens[i - 1].type == "heading_open":
                headings.identify(tokens[i - 1], token, ctx)
    if ctx.has_ial:
        headings.toc_rule(state)


def checked_fence(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's fence rule, warning about a fence that is never closed.

    A fence whose language is ``math`` becomes display math, as on GitHub.
    """
    if not fence(state, start, end, silent):
        return False
    if silent:
        return True
    token = state.tokens[-1]
    if token.info.strip().lower() == "math":
        token.type, token.meta = "math_block", {"display": True, "line": start}
    if not _closed(state, state.line - 1, token.markup) or state.line - 1 == start:
        context(state.env).warn(start, f"code block opened with {token.markup} is never closed; "
                                "it runs to the end of the text",
                                f"add a line {token.markup} after the code")
    return True


def _closed(state: StateBlock, line: int, markup: str) -> bool:
    text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]].rstrip()
    return len(text) >= len(markup) and text == markup[0] * len(text)

"""Markdown to HTML for post bodies: markdown-it-py, Pygments, math, Jekyll's habits.

    markup = Markup(MarkupOptions(...))      # once per process
    rendered = markup.render(text, path="_posts/x.md", line=5)
    rendered.html, rendered.problems, rendered.headings, rendered.uses_math, rendered.text
    css = pygments_css(options)

``render`` is a pure function of the text, the options and its keyword arguments: the
same input gives the same bytes. It never raises for anything a post contains; what it
cannot render as asked comes back as a warning with the file's line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from markdown_it.common.utils import escapeHtml
from pygments.styles import get_all_styles

from sitegen.errors import SitegenError, did_you_mean
from sitegen.markup import liquid, parser
from sitegen.markup.context import KEY, RenderContext
from sitegen.markup.highlight import Highlighter, pygments_css
from sitegen.markup.math import MathRenderer
from sitegen.markup.model import Heading, MarkupOptions, Rendered, plain_text

__all__ = ["Heading", "Markup", "MarkupOptions", "References", "Rendered", "plain_text",
           "pygments_css", "style_names"]


def style_names() -> list[str]:
    """The Pygments styles a site may choose, sorted."""
    return sorted(get_all_styles())


class Markup:
    """A Markdown renderer: one parser, one formatter and the lexer cache, built once."""

    def __init__(self, options: MarkupOptions):
        _check(options)
        self.options = options
        self._md = parser.build(options, Highlighter(options), MathRenderer(options.math))

    def render(self, text: str, *, path: str, line: int, taken_ids: Iterable[str] = (),
               doc_id: str = "", references: References | None = None) -> Rendered:
        """Render Markdown ``text`` found at ``line`` (1-based) of the file ``path``.

        ``taken_ids`` are element ids already used on the page (headings get other
        ones); ``doc_id`` keeps footnote ids apart when one page holds several renders;
        ``references`` are the link reference definitions of the whole text this is a
        part of (from ``Markup.references``), for parts that use each other's.
        """
        protected, tags = liquid.protect(text)
        ctx = RenderContext(path, line, self.options, liquid=tags, taken_ids=set(taken_ids))
        env: dict[str, object] = {KEY: ctx, "docId": doc_id} if doc_id else {KEY: ctx}
        if references:
            env["references"] = dict(references)
        try:
            html = self._md.render(protected, env)
        except Exception as exc:
            ctx.warn(0, f"could not render this text as Markdown ({type(exc).__name__}: "
                     f"{exc}); shown as plain text", "please report this as a sitegen bug")
            html = f"<pre>{escapeHtml(text)}</pre>\n"
        return Rendered(html, tuple(ctx.problems), ctx.uses_math, tuple(ctx.headings))

    def references(self, text: str) -> References:
        """The link reference definitions (``[label]: url "title"``) of a whole text, the
        first of each label, as CommonMark takes them; only blocks are parsed, and only
        when a line looks like one."""
        if "]:" not in text or not _DEFINITION.search(text):
            return {}
        protected, tags = liquid.protect(text.replace("\r\n", "\n").replace("\0", "\ufffd"))
        env = {KEY: RenderContext("", 1, self.options, liquid=tags)}
        self._md.block.parse(protected, self._md, env, [])
        found: References = env.get("references", {})  # type: ignore[assignment]
        return {label: found[label] for label in sorted(found)}


_DEFINITION = re.compile(r"^[ \t>]*\[[^\]\n]+\]:", re.MULTILINE)
References = Mapping[str, Mapping[str, Any]]
"""Normalized label -> markdown-it's definition (``href``, ``title``, ``map``)."""


def _check(options: MarkupOptions) -> None:
    if options.math not in ("mathml", "mathjax"):
        raise SitegenError(f"unknown math mode '{options.math}'", hint="use mathml or mathjax")
    styles = style_names()
    for style in (options.light_style, options.dark_style):
        if style not in styles:
            raise SitegenError(f"unknown Pygments style '{style}'",
                               hint=did_you_mean(style, styles) or "see pygments.org/styles")

"""The Jekyll Liquid that post bodies contain, understood without running a template engine.

Post bodies are never rendered as templates, so ``{{ }}`` and ``{% %}`` show as written,
except for the few tags Jekyll posts actually use:

* ``{% raw %}`` ... ``{% endraw %}``: the markers are removed (everywhere, as Jekyll does,
  code blocks included) and what is between them is left alone;
* ``{% highlight lang %}`` ... ``{% endhighlight %}``: a code block;
* ``{% post_url name %}`` and ``{% link path %}``: the URL of a post or file;
* ``{{ site.baseurl }}``, ``{{ site.url }}``, ``{{ 'x' | relative_url }}`` and
  ``{{ 'x' | absolute_url }}``.

Before parsing, every tag outside ``{% raw %}`` is swapped for a placeholder of private-use
characters (``protect``), so Markdown sees one opaque word, even inside a link destination.
After parsing, a core rule puts back the original text in code and math, and the value in
prose, HTML and URLs (``resolve``); any other tag is shown as text with a warning.
"""

from __future__ import annotations

import re

from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from sitegen.errors import did_you_mean
from sitegen.markup.context import LiquidTag, RenderContext, context

OPEN, CLOSE = "\ue000", "\ue001"
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.S)
_TAG = re.compile(r"\{%-?[ \t]*(\w+)([^\n]*?)-?%\}|\{\{-?([^\n]*?)-?\}\}")
_PLACEHOLDER = re.compile(f"{OPEN}(\\d+){CLOSE}")
_ENCODED = re.compile("%EE%80%80(\\d+)%EE%80%81")
_LINE = re.compile(f"[ \t]*{OPEN}(\\d+){CLOSE}[ \t]*$")
_FILTER = re.compile(r"""^(["'])(.*)\1\s*\|\s*(relative_url|absolute_url)$""")
_CODE = frozenset({"fence", "code_block", "code_inline", "math_inline", "math_block"})
_PROSE = frozenset({"text", "html_inline", "html_block"})
_HIDE = "wrap it in {% raw %}...{% endraw %} to show it as written without this warning"


def protect(text: str) -> tuple[str, list[LiquidTag]]:
    """Replace Liquid tags by placeholders and drop ``{% raw %}`` markers."""
    if "{%" not in text and "{{" not in text:
        return text, []
    tags: list[LiquidTag] = []
    pieces: list[str] = []
    pos = 0
    lines = _LineCounter(text)
    for raw in _RAW.finditer(text):
        pieces.append(_take_tags(text, pos, raw.start(), tags, lines))
        pieces.append(raw.group(1))
        pos = raw.end()
    pieces.append(_take_tags(text, pos, len(text), tags, lines))
    return "".join(pieces), tags


class _LineCounter:
    """0-based line numbers of increasing offsets, counted incrementally."""

    def __init__(self, text: str):
        self.text, self.pos, self.line = text, 0, 0

    def at(self, offset: int) -> int:
        self.line += self.text.count("\n", self.pos, offset)
        self.pos = offset
        return self.line


def _take_tags(text: str, start: int, end: int, tags: list[LiquidTag],
               lines: _LineCounter) -> str:
    pieces: list[str] = []
    pos = start
    for match in _TAG.finditer(text, start, end):
        name, args, output = match.groups()
        line = lines.at(match.start())
        tags.append(LiquidTag(match.group(0), name or "", (args or output or "").strip(), line))
        pieces.append(text[pos : match.start()])
        pieces.append(f"{OPEN}{len(tags) - 1}{CLOSE}")
        pos = match.end()
    pieces.append(text[pos:end])
    return "".join(pieces)


def line_tag(state: StateBlock, line: int) -> LiquidTag | None:
    """The Liquid tag that is alone on ``line``, if there is one."""
    start = state.bMarks[line] + state.tShift[line]
    if start >= state.eMarks[line] or state.src[start] != OPEN:
        return None
    match = _LINE.match(state.src, start, state.eMarks[line])
    tags = context(state.env).liquid
    return tags[int(match[1])] if match and int(match[1]) < len(tags) else None


def highlight_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """``{% highlight lang opts %}`` ... ``{% endhighlight %}`` as a fenced code block."""
    pos = state.bMarks[start] + state.tShift[start]
    if pos >= state.eMarks[start] or state.src[pos] != OPEN or state.is_code_block(start):
        return False
    tag = line_tag(state, start)
    if tag is None or tag.name != "highlight":
        return False
    if silent:
        return True
    close = start + 1
    while close < end and not _is_endhighlight(state, close):
        close += 1
    token = state.push("fence", "code", 0)
    token.info, token.markup = tag.args, "{%"
    token.content = state.getLines(start + 1, close, state.sCount[start], True)
    token.map = [start, min(close + 1, end)]
    if close >= end:
        context(state.env).warn(start, "{% highlight %} is never closed; the code runs to the end",
                                "add a line {% endhighlight %}")
    state.line = min(close + 1, end)
    return True


def _is_endhighlight(state: StateBlock, line: int) -> bool:
    tag = line_tag(state, line)
    return tag is not None and tag.name == "endhighlight"


def resolve(state: StateCore) -> None:
    """Put each placeholder's code text or value back into the tokens."""
    ctx = context(state.env)
    if ctx.liquid:
        resolver = _Resolver(ctx)
        for token in state.tokens:
            resolver.token(token)


class _Resolver:
    """Resolves the placeholders of one render call, warning once per tag."""

    def __init__(self, ctx: RenderContext):
        self.ctx = ctx
        self.warned: set[int] = set()

    def token(self, token: Token) -> None:
        if token.type in _CODE:
            token.content = self.restore(token.content)
            token.info = self.restore(token.info)
        elif token.type in _PROSE and OPEN in token.content:
            token.content = _PLACEHOLDER.sub(lambda m: self.value(int(m[1]), False),
                                             token.content)
        if token.attrs:
            self.attrs(token)
        for child in token.children or ():
            self.token(child)

    def attrs(self, token: Token) -> None:
        for name, value in list(token.attrs.items()):
            if isinstance(value, str) and (OPEN in value or "%EE%80%80" in value):
                value = _PLACEHOLDER.sub(lambda m: self.value(int(m[1]), True), value)
                token.attrs[name] = _ENCODED.sub(lambda m: self.value(int(m[1]), True), value)

    def restore(self, text: str) -> str:
        if OPEN not in text:
            return text
        return _PLACEHOLDER.sub(lambda m: self.source(int(m[1])), text)

    def source(self, index: int) -> str:
        tags = self.ctx.liquid
        return tags[index].source if index < len(tags) else f"{OPEN}{index}{CLOSE}"

    def value(self, index: int, in_url: bool) -> str:
        if index >= len(self.ctx.liquid):
            return f"{OPEN}{index}{CLOSE}"
        tag = self.ctx.liquid[index]
        if tag.name == "":
            return self.output(index, tag)
        if tag.name in ("post_url", "link"):
            return self.lookup(index, tag, in_url)
        self.warn(index, tag.line, f"Liquid tag {tag.source} is shown as text",
                  _TAG_HINTS.get(tag.name, _HIDE))
        return tag.source

    def output(self, index: int, tag: LiquidTag) -> str:
        options = self.ctx.options
        if tag.args in ("site.baseurl", "site.url"):
            return options.baseurl if tag.args == "site.baseurl" else options.url
        match = _FILTER.match(tag.args)
        if match:
            return site_url(match[2], options.baseurl, options.url, match[3] == "absolute_url")
        self.warn(index, tag.line, f"Liquid output {tag.source} is shown as text", _HIDE)
        return tag.source

    def lookup(self, index: int, tag: LiquidTag, in_url: bool) -> str:
        urls = self.ctx.options.post_urls
        key = tag.args.strip("\"'").lstrip("/")
        for candidate in (key, re.sub(r"\.(?:md|markdown)$", "", key)):
            if candidate in urls:
                return urls[candidate]
        what = "post" if tag.name == "post_url" else "file"
        hint = did_you_mean(key, urls) or f"check the {what} name; the link leads nowhere"
        self.warn(index, tag.line, f"{tag.source}: there is no {what} '{key}'", hint)
        return "#" if in_url else tag.source

    def warn(self, index: int, line: int, message: str, hint: str) -> None:
        if index not in self.warned:
            self.warned.add(index)
            self.ctx.warn(line, message, hint)


_TAG_HINTS = {
    "highlight": "put {% highlight lang %} on a line of its own",
    "endhighlight": "a {% highlight %} line must come first",
    "raw": "close it with {% endraw %}",
    "endraw": "a {% raw %} must come first",
}


def site_url(path: str, baseurl: str, url: str, absolute: bool) -> str:
    """Jekyll's ``relative_url`` / ``absolute_url`` filters."""
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", path):
        return path
    relative = baseurl.rstrip("/") + "/" + path.lstrip("/")
    return url.rstrip("/") + relative if absolute else relative

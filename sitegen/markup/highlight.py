"""Code blocks: Pygments highlighting, fence options, the figure around each block, the CSS.

A block becomes::

    <figure class="code" data-lang="python">
      <figcaption><span class="lang">Python</span><button class="copy" ... hidden>Copy</button>
      </figcaption>
      <pre class="highlight" tabindex="0"><code class="language-python">...</code></pre>
    </figure>

The copy button is hidden until the theme's script un-hides it, so pages work without
JavaScript. Options after the language in the fence's info string: ``linenos``,
``hl_lines="2 4-6"`` (or Jekyll's ``mark_lines``), ``linenostart=N`` (or ``start=N``) and
``title="file.py"``. Tokens become HTML as ``HtmlFormatter(nowrap=True)`` writes it
(``formatting``); line numbers and highlighted lines are added here, line by line, and
lexers are cached by name (and tokenize with joined rules, ``lexing``).
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_all_lexers, get_lexer_by_name, get_lexer_for_filename
from pygments.util import ClassNotFound

from sitegen.markup.context import Env, RenderContext, context
from sitegen.markup.formatting import format_html
from sitegen.markup.lexing import accelerate
from sitegen.markup.model import MarkupOptions

PLAIN = frozenset({"", "text", "txt", "plain", "plaintext", "none", "nohighlight"})
_WORD = re.compile(r"""([\w-]+)(?:=("[^"]*"|'[^']*'|[^\s"']*))?|\S+""")
_RANGE = re.compile(r"(\d+)(?:-(\d+))?")
_COPY = '<button class="copy" type="button" hidden>Copy</button>'


@dataclass(frozen=True)
class FenceInfo:
    """What a fence's info string asks for."""

    lang: str = ""
    linenos: bool = False
    start: int = 1
    marked: frozenset[int] = frozenset()
    """Lines to highlight, counted from 1 at the block's first line."""
    title: str = ""
    unknown: tuple[str, ...] = ()
    """Options that were not understood, as written."""


@functools.lru_cache(maxsize=256)
def parse_info(info: str) -> FenceInfo:
    """Split ``python linenos hl_lines="2 4-6" title="a.py"`` into a FenceInfo."""
    first, rest = [*info.split(None, 1), "", ""][:2]
    lang = "" if "=" in first else first.strip("{}.")
    if not lang:
        rest = info
    words = [(m[0], m[1], m[2]) for m in _WORD.finditer(rest.replace("{", " ").replace("}", " "))]
    fields: dict[str, Any] = {"lang": lang}
    unknown = [text for text, key, value in words if not _option(fields, key, value)]
    return FenceInfo(**fields, unknown=tuple(unknown))


def _option(fields: dict[str, Any], key: str | None, value: str | None) -> bool:
    """Store one option in ``fields``; False when it is not understood."""
    value = (value or "").strip("\"'")
    if key == "linenos" and value in ("", "true", "table", "inline"):
        fields["linenos"] = True
    elif key in ("linenostart", "start") and value.isdigit():
        fields["start"] = int(value)
    elif key in ("hl_lines", "mark_lines") and _RANGE.match(value):
        fields["marked"] = _line_set(value)
    elif key == "title" and value:
        fields["title"] = value
    else:
        return False
    return True


def _line_set(spec: str) -> frozenset[int]:
    lines: set[int] = set()
    for match in _RANGE.finditer(spec):
        first = int(match[1])
        lines.update(range(first, int(match[2] or first) + 1))
    return frozenset(lines)


class Highlighter:
    """Renders code blocks; one per Markup, holding the formatter and the lexer cache."""

    def __init__(self, options: MarkupOptions):
        self.limit = options.code_size_limit
        self.lexers: dict[str, Lexer | None] = {}

    def render_fence(self, tokens: Sequence[Token], idx: int, _opts: object, env: Env) -> str:
        """markdown-it render rule for ``fence`` tokens."""
        token = tokens[idx]
        info = parse_info(token.info.strip())
        line = token.map[0] if token.map else 0
        ctx = context(env)
        for option in info.unknown:
            ctx.warn(line, f"unknown code block option '{option}' ignored",
                     "known: linenos, hl_lines=\"2 4-6\", linenostart=N, title=\"file\"")
        return self.block(token.content, info, token.attrs, ctx, line)

    def render_code_block(self, tokens: Sequence[Token], idx: int, _opts: object,
                          env: Env) -> str:
        """markdown-it render rule for indented code: plain text in the same figure."""
        token = tokens[idx]
        line = token.map[0] if token.map else 0
        return self.block(token.content, FenceInfo(), token.attrs, context(env), line)

    def block(self, code: str, info: FenceInfo, attrs: Mapping[str, object],
              ctx: RenderContext, line: int) -> str:
        """The figure for one block of code."""
        lexer = self.lexer(info.lang)
        if lexer is None and info.lang.lower() not in PLAIN:
            ctx.warn(line, f"unknown code language '{info.lang}'; shown as plain text",
                     _suggest(info.lang.lower()))
        body = self.body(code, lexer, ctx, line)
        if info.linenos or info.marked:
            body = number_lines(body, info)
        if lexer is None and info.lang.lower() in PLAIN:
            return figure(body, "text", "Text", info.title, attrs)
        if lexer is None:
            return figure(body, info.lang.lower(), info.lang, info.title, attrs)
        return figure(body, lexer.aliases[0] if lexer.aliases else info.lang.lower(),
                      lexer.name, info.title, attrs)

    def body(self, code: str, lexer: Lexer | None, ctx: RenderContext, line: int) -> str:
        """The code as HTML: highlighted when possible, else escaped."""
        if lexer is None:
            return escapeHtml(code)
        if len(code) * 4 > self.limit and len(code.encode("utf-8")) > self.limit:
            ctx.warn(line, f"code block of {len(code.encode('utf-8'))} bytes is over the "
                     f"highlighting limit of {self.limit}; shown as plain text",
                     "raise code_size_limit in _config.yml, or split the block")
            return escapeHtml(code)
        try:
            return format_html(lexer.get_tokens(code))
        except Exception as exc:
            ctx.warn(line, f"Pygments could not highlight this block ({exc}); shown as plain text")
            return escapeHtml(code)

    def lexer(self, name: str) -> Lexer | None:
        """The cached lexer for a language name, alias or file extension, or None."""
        key = name.lower()
        try:
            return self.lexers[key]
        except KeyError:
            lexer = self.lexers[key] = None if key in PLAIN else _find_lexer(key)
            return lexer


def _find_lexer(name: str) -> Lexer | None:
    try:
        return accelerate(get_lexer_by_name(name))
    except ClassNotFound:
        pass
    try:
        return accelerate(get_lexer_for_filename("code." + name)) if name.isalnum() else None
    except ClassNotFound:
        return None


@functools.cache
def _aliases() -> tuple[str, ...]:
    return tuple(sorted({alias for _, aliases, _, _ in get_all_lexers() for alias in aliases}))


def _suggest(lang: str) -> str:
    close = difflib.get_close_matches(lang, _aliases(), n=1, cutoff=0.75)
    return f"did you mean '{close[0]}'?" if close else "see pygments.org/languages"


def number_lines(body: str, info: FenceInfo) -> str:
    """Add line numbers and line highlights to formatted code (one line per ``\\n``)."""
    lines = body.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    width = len(str(info.start + len(lines) - 1))
    out: list[str] = []
    for n, line in enumerate(lines, 1):
        if info.linenos:
            line = f'<span class="linenos">{info.start + n - 1:>{width}}</span>{line}'
        out.append(f'<span class="hll">{line}\n</span>' if n in info.marked else line + "\n")
    return "".join(out)


def figure(body: str, lang: str, label: str, title: str, attrs: Mapping[str, object]) -> str:
    """Wrap formatted code in the figure with its label and copy button."""
    lang = escapeHtml(lang)
    extra = "".join(f' {escapeHtml(k)}="{escapeHtml(str(v))}"' for k, v in attrs.items()
                    if k != "class")
    classes = " ".join(["code", *(str(attrs["class"]).split() if "class" in attrs else [])])
    caption = f'<span class="title">{escapeHtml(title)}</span>' if title else ""
    return (
        f'<figure class="{escapeHtml(classes)}" data-lang="{lang}"{extra}>'
        f'<figcaption>{caption}<span class="lang">{escapeHtml(label)}</span>{_COPY}</figcaption>'
        f'<pre class="highlight" tabindex="0"><code class="language-{lang}">{body}</code></pre>'
        "</figure>\n"
    )


def pygments_css(options: MarkupOptions) -> str:
    """CSS for highlighted code: the light style, and the dark one when the reader wants it.

    The dark style applies under ``@media (prefers-color-scheme: dark)`` unless the root
    element says ``data-theme="light"``, and always under ``[data-theme="dark"]`` (the
    theme's toggle sets that attribute on ``<html>``).
    """
    return _css(options.light_style, options.dark_style)


@functools.cache
def _css(light: str, dark: str) -> str:
    light_f, dark_f = HtmlFormatter(style=light), HtmlFormatter(style=dark)
    return "\n".join([
        f"/* Code colours: Pygments style '{light}', and '{dark}' in dark mode. */",
        ".highlight { line-height: 125%; }",
        ".highlight .hll { display: block; }",
        *_rules(light_f, ".highlight"),
        "@media (prefers-color-scheme: dark) {",
        *_dark_rules(dark_f, ':root:not([data-theme="light"]) .highlight'),
        "}",
        *_dark_rules(dark_f, '[data-theme="dark"] .highlight'),
        "",
    ])


def _rules(formatter: HtmlFormatter[str], scope: str) -> list[str]:
    linenos = [f"{scope} {rule}" for rule in formatter.get_linenos_style_defs()  # type: ignore[no-untyped-call]
               if not rule.startswith("pre ")]
    background = formatter.get_background_style_defs(scope)  # type: ignore[no-untyped-call]
    tokens = formatter.get_token_style_defs(scope)  # type: ignore[no-untyped-call]
    return [*linenos, *background, *tokens]


def _dark_rules(formatter: HtmlFormatter[str], scope: str) -> list[str]:
    """The dark style, after a reset so no light colour shows through where it sets none."""
    reset = (f"{scope} span {{ color: inherit; background-color: transparent; "
             "font-style: inherit; font-weight: inherit; text-decoration: inherit; }")
    return [reset, *_rules(formatter, scope)]

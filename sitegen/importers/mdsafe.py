"""Make a message's Markdown safe to place between the turns of a post.

A message is pasted between ``**You:**`` / ``**ChatGPT:**`` label lines and ``---``
separators, so its own text must not be read as a turn or an exchange boundary, and must
not swallow what follows. :func:`sanitize` parses the message once with markdown-it-py and,
for top-level blocks only: escapes the first letter of a speaker-like label as an HTML
entity (it renders the same), turns thematic breaks into ``<hr>`` (same rendering, no
separator), and closes a fence or raw-HTML block left open at the end.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

WELL_KNOWN = (
    "You", "Me", "User", "Human", "Assistant", "AI", "Bot", "System", "ChatGPT", "GPT",
    "GPT-4", "GPT-4o", "Claude", "Gemini", "Bard", "Copilot", "DeepSeek", "Grok", "Llama",
    "Mistral", "Qwen", "Q", "A", "Question", "Answer",
)
_PARSER = MarkdownIt("commonmark").disable("inline")
"""Block structure is all that matters here, so inline parsing is skipped."""
_BLOCK_STARTS = re.compile(
    r"^[ \t]{0,3}(?:`{3}|~{3}|<|([-*_])[ \t]*(?:\1[ \t]*){2,}$)", re.MULTILINE)
"""Lines that may open a fence or an HTML block, or be a thematic break."""
_HTML_CLOSERS = (
    (re.compile(r"<(pre|script|style|textarea)\b", re.I), None),
    (re.compile(r"<!--"), "-->"),
    (re.compile(r"<\?"), "?>"),
    (re.compile(r"<!\[CDATA\["), "]]>"),
    (re.compile(r"<![A-Za-z]"), ">"),
)


@lru_cache(maxsize=64)
def label_pattern(names: tuple[str, ...], heading: bool = False,
                  anywhere: bool = False) -> re.Pattern[str]:
    """A line that starts like a label for one of ``names`` (any of the usual shapes).

    In a paragraph a label needs its colon; a heading is a label by its name alone.
    ``anywhere``: match at the start of any line of a longer text.
    """
    alternatives = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))
    ending = r"(?:[:：]|$)" if heading else r"[:：]"
    return re.compile(
        rf"^(?P<lead>[ \t]{{0,3}}(?:#{{1,6}}[ \t]+)?(?:[^\w\s*_#]{{1,3}}[ \t]*)?[*_]{{0,3}})"
        rf"(?P<name>{alternatives})(?:[ \t]+said)?[ \t]*[*_]{{0,3}}[ \t]*{ending}",
        re.IGNORECASE | (re.MULTILINE if anywhere else 0),
    )


def sanitize(markdown: str, names: Collection[str] = (), inside_html: bool = False) -> str:
    """The message's Markdown, unable to start a turn or swallow the rest of the post.

    ``inside_html``: the text goes inside a ``<details>`` element, so ``</details`` outside
    code is escaped first (before the blocks are read, as it changes them).
    """
    text = _normalize(markdown)
    if inside_html:
        text = _escape_outside_code(text, "</details", "&lt;/details")
    every = (*WELL_KNOWN, *names)
    if not _BLOCK_STARTS.search(text) and not label_pattern(every, True, True).search(text):
        return text
    lines = text.split("\n")
    patterns = {"paragraph_open": label_pattern(every), "heading_open": label_pattern(every, True)}
    blocks = [t for t in _PARSER.parse(text) if t.level == 0 and t.map is not None]
    for token in blocks:
        _fix_block(token, lines, patterns)
    return "\n".join(_closed(lines, blocks[-1] if blocks else None)).strip("\n")


def _escape_outside_code(text: str, old: str, new: str) -> str:
    if old not in text:
        return text
    lines = text.split("\n")
    code = {n for t in _PARSER.parse(text) if t.type in ("fence", "code_block") and t.map
            for n in range(*t.map)}
    return "\n".join(ln if n in code else ln.replace(old, new) for n, ln in enumerate(lines))


def _normalize(markdown: str) -> str:
    """LF endings, no trailing blanks (but a hard break's two spaces), no blank lines around."""
    text = markdown.replace("\r\n", "\n").replace("\r", "\n")
    lines = (ln if ln.endswith("  ") and ln.strip() else ln.rstrip() for ln in text.split("\n"))
    return "\n".join(lines).strip("\n")


def _fix_block(token: Token, lines: list[str], patterns: dict[str, re.Pattern[str]]) -> None:
    start, end = token.map or (0, 0)
    if token.type in patterns:
        for n in range(start, end):
            lines[n] = escape_label(lines[n], patterns[token.type])
    elif token.type == "hr":
        lines[start] = "<hr>" if end >= len(lines) or not lines[end].strip() else "<hr>\n"


def escape_label(line: str, pattern: re.Pattern[str]) -> str:
    """Write the first letter of a label-like name as an entity, so it is no label."""
    match = pattern.match(line)
    if not match:
        return line
    at = match.start("name")
    return f"{line[:at]}&#{ord(line[at])};{line[at + 1:]}"


def _closed(lines: list[str], last: Token | None) -> list[str]:
    """Close a fence or HTML block that the message leaves open at its end."""
    if last is None or last.map is None or last.map[1] < len(lines):
        return lines
    if last.type == "fence" and not _fence_closed(last, lines):
        return [*lines, last.markup]
    if last.type == "html_block":
        closer = _html_closer(last.content)
        return [*lines, closer] if closer and closer not in last.content.split("\n", 1)[-1] \
            else lines
    return lines


def _fence_closed(token: Token, lines: list[str]) -> bool:
    start, end = token.map or (0, 0)
    if end - start < 2:
        return False
    last = lines[end - 1].strip()
    char = token.markup[0]
    return len(last) >= len(token.markup) and set(last) == {char}


def _html_closer(content: str) -> str:
    first = content.lstrip()
    for opener, closer in _HTML_CLOSERS:
        match = opener.match(first)
        if match:
            return closer or f"</{match.group(1).lower()}>"
    return ""


def fence(body: str, info: str = "") -> str:
    """A fenced block around ``body``, with a fence longer than any backtick run inside."""
    runs = [len(r) for r in re.findall(r"`+", body)]
    ticks = "`" * max(3, max(runs, default=0) + 1)
    language = re.sub(r"[\s`]+", "", info)
    content = body.replace("\r\n", "\n").rstrip("\n")
    return f"{ticks}{language}\n{content}\n{ticks}" if content else f"{ticks}{language}\n{ticks}"


def quote(markdown: str) -> str:
    """The Markdown as a block quote."""
    return "\n".join(f"> {line}" if line else ">" for line in markdown.split("\n"))


def link(title: str, url: str) -> str:
    """A Markdown link whose title and address cannot break out of it."""
    label = re.sub(r"([\\\[\]])", r"\\\1", " ".join(title.split()) or url)
    target = url.strip()
    if re.search(r"[\s()<>]", target):
        target = "<" + target.replace("<", "%3C").replace(">", "%3E") + ">"
    return f"[{label}]({target})"


def escape_html(text: str) -> str:
    """Text for an HTML element such as ``<summary>``."""
    return html.escape(" ".join(text.split()), quote=False)

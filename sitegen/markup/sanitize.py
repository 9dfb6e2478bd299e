"""Which URLs may appear in a page: no ``javascript:``, ``vbscript:``, ``file:`` or ``data:``.

The one exception is ``data:image/...`` as the source of an image. The policy holds for
Markdown links and images (markdown-it's ``validateLink``), for attributes set by kramdown
attribute lists, and for the URL attributes of raw HTML tags, whose offending attributes
are dropped. URLs are compared the way browsers read them: entities decoded, percent
escapes decoded, ASCII whitespace and control characters removed, case ignored, so
``JaVaScRiPt:``, ``java&#09;script:`` and `` javascript:`` are all caught.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import unquote

from markdown_it.common.html_re import open_tag
from markdown_it.token import Token

_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_BAD_SCHEMES = frozenset({"javascript", "vbscript", "data", "file"})
_OPEN_TAG = re.compile(open_tag)
_TAG_NAME = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)")
_ATTR = re.compile(r"""(\s+)([A-Za-z_:][\w:.-]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
URL_ATTRIBUTES = frozenset({
    "href", "src", "srcset", "action", "formaction", "xlink:href", "data", "poster",
    "background", "cite", "longdesc", "lowsrc", "dynsrc", "ping", "codebase", "manifest",
})
_IMAGE_TAGS = frozenset({"img", "source", "picture", "video", "input"})
_IMAGE_ATTRIBUTES = frozenset({"src", "srcset", "poster"})


def url_is_safe(url: str, image: bool = False) -> bool:
    """False for script and data URLs (``data:image/`` is allowed when ``image``)."""
    text = html.unescape(url) if "&" in url else url
    if "%" in text:
        text = unquote(text)
    text = _CONTROL.sub("", text).lower()
    scheme = _SCHEME.match(text)
    if scheme is None or scheme[1] not in _BAD_SCHEMES:
        return True
    return image and text.startswith("data:image/")


def render_link_open(self: Any, tokens: Sequence[Token], idx: int, options: Any,
                     env: Any) -> str:
    """Render rule for ``link_open``: markdown-it allows ``data:image`` links too; drop them."""
    token = tokens[idx]
    href = token.attrs.get("href")
    if isinstance(href, str) and not url_is_safe(href):
        del token.attrs["href"]
    return str(self.renderToken(tokens, idx, options, env))


def render_html(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    """Render rule for raw HTML tokens: pass them through with bad URLs removed."""
    return neutralize(tokens[idx].content)


def neutralize(fragment: str) -> str:
    """Raw HTML with URL attributes that break the policy (and ``markdown=``) removed."""
    if ":" not in fragment and "&" not in fragment and "markdown" not in fragment:
        return fragment
    return _OPEN_TAG.sub(_clean_tag, fragment)


def _clean_tag(match: re.Match[str]) -> str:
    tag = match.group(0)
    name = _TAG_NAME.match(tag)
    image = name is not None and name[1].lower() in _IMAGE_TAGS
    return _ATTR.sub(lambda attr: _clean_attribute(attr, image), tag)


def _clean_attribute(attr: re.Match[str], image_tag: bool) -> str:
    name, value = attr[2].lower(), attr[3]
    if name == "markdown":
        return ""
    if name not in URL_ATTRIBUTES or value is None:
        return attr[0]
    url = value[1:-1] if value[:1] in "\"'" else value
    return attr[0] if url_is_safe(url, image_tag and name in _IMAGE_ATTRIBUTES) else ""

"""Plain text of rendered HTML, for excerpts, structured data and search.

Kept apart from the renderer so that the views can use it without importing Markdown.
"""

from __future__ import annotations

import html
import re

EXCERPT_WORDS = 60
"""Words in an excerpt."""
_TAG = re.compile(r"<[^>]*>")
_CAPTION = re.compile(r"<figcaption\b.*?</figcaption>", re.IGNORECASE | re.DOTALL)
"""Code blocks' language label and copy button: chrome, not text."""
_BLOCK_TAG = re.compile(r"</?(?:p|br|li|h[1-6]|pre|div|td|th|tr|blockquote|figure|figcaption|"
                        r"ul|ol|dl|dt|dd|table|hr|section)\b[^>]*>", re.IGNORECASE)
_SPAN_OPEN = re.compile(r'<span class="[^"<>]*">')
"""Most tags in a page are highlighted code's spans: removed first, by their exact text."""


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment: tags removed, blocks apart, whitespace folded."""
    if "<span" in fragment:
        fragment = _SPAN_OPEN.sub("", fragment.replace("</span>", ""))
    if "<figcaption" in fragment:
        fragment = _CAPTION.sub(" ", fragment)
    text = _TAG.sub("", _BLOCK_TAG.sub(" ", fragment))
    return " ".join(html.unescape(text).split())

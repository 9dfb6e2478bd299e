"""The per-call state of one ``Markup.render``: where the text is, and what was found.

markdown-it-py hands every rule an ``env`` mapping; sitegen keeps exactly one entry in
it, a ``RenderContext``, so that rules can report problems with file lines and share
what one stage learned (the Liquid tags taken out, whether math was seen) with another.
It lives only for one call and is never shared between calls.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, field
from typing import Any, cast

from sitegen.errors import Problem, warning
from sitegen.markup.model import Heading, MarkupOptions

KEY = "sitegen"
Env = MutableMapping[str, Any]
"""markdown-it's ``env``: one render call's shared mapping."""


@dataclass
class LiquidTag:
    """One ``{% tag %}`` or ``{{ output }}`` taken out of the text before parsing."""

    source: str
    """The tag exactly as written."""
    name: str
    """The tag name (``post_url``), or ``""`` for an output ``{{ ... }}``."""
    args: str
    """What follows the name (or the whole expression of an output), stripped."""
    line: int
    """0-based line in the rendered text."""


@dataclass
class RenderContext:
    """Mutable state of one render call (kept in markdown-it's ``env``)."""

    path: str
    first_line: int
    """File line of the text's first line."""
    options: MarkupOptions
    liquid: list[LiquidTag] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    taken_ids: set[str] = field(default_factory=set)
    uses_math: bool = False
    has_ial: bool = False
    inline_line: int = 0
    """0-based text line of the inline block being parsed (for inline warnings)."""

    def warn(self, line: int, message: str, hint: str = "") -> None:
        """Record a warning at 0-based ``line`` of the text."""
        self.problems.append(warning(self.path, self.first_line + line, message, hint))


def context(env: Env) -> RenderContext:
    """The render context stored in a markdown-it ``env``."""
    return cast(RenderContext, env[KEY])

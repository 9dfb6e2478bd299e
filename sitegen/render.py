"""The per-post stage: split a post into its transcript and render every part to HTML.

Pure apart from the ``Markup`` instance it reuses; safe to run in worker processes.
One ``PostRenderer`` is made per process and renders many posts.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

from sitegen.config import SiteConfig
from sitegen.errors import Problem, warning
from sitegen.markup import Markup, MarkupOptions, References
from sitegen.model import Post, RenderedExchange, RenderedPost, RenderedTurn
from sitegen.text import EXCERPT_WORDS, plain_text
from sitegen.transcript import (
    Exchange,
    SpeakerSpec,
    Transcript,
    parse_speaker_specs,
    split_transcript,
)


def markup_options(config: SiteConfig, post_urls: Mapping[str, str]) -> MarkupOptions:
    """Markup settings from ``_config.yml`` (``markdown:``, ``highlight:``, ``math:``)."""
    markdown = config.section("markdown")
    highlight = config.section("highlight")
    return MarkupOptions(
        html=markdown.get("html", True) is not False,
        math="mathjax" if config.raw.get("math") == "mathjax" else "mathml",
        light_style=str(highlight.get("light", "default")),
        dark_style=str(highlight.get("dark", "monokai")),
        code_size_limit=int(config.raw.get("code_size_limit") or 200_000),
        baseurl=config.baseurl, url=config.url, post_urls=dict(post_urls),
    )


class PostRenderer:
    """Renders posts for one site; holds the parser and the site's speaker settings."""

    def __init__(self, config: SiteConfig, post_urls: Mapping[str, str]):
        self.markup = Markup(markup_options(config, post_urls))
        transcript = config.section("transcript")
        self.site_speakers, self.config_problems = parse_speaker_specs(
            transcript.get("speakers"), "_config.yml", None)

    def render(self, post: Post) -> RenderedPost:
        """Split and render one post."""
        specs, problems = self._speakers(post)
        transcript = split_transcript(post.body, body_line=post.body_line, speakers=specs or None,
                                      known_speakers=self.site_speakers or None)
        anchors = {t.anchor for ex in transcript.exchanges for t in ex.turns}
        parts = _Parts(self.markup, post.source.rel, [], anchors,
                       self.markup.references(post.body))
        preamble = parts.render(transcript.preamble.text, transcript.preamble.line, "") \
            if transcript.preamble else ""
        exchanges = tuple(_exchange(parts, transcript, ex) for ex in transcript.exchanges)
        epilogue = parts.render(transcript.epilogue.text, transcript.epilogue.line, "end") \
            if transcript.epilogue else ""
        # What the splitter warns of (an unclosed fence), the Markdown renderer warns of too,
        # with a hint: one warning a line is enough.
        told = {p.line for p in parts.problems}
        problems += [warning(post.source.rel, line, msg) for line, msg in transcript.warnings
                     if line not in told] + parts.problems
        return RenderedPost(
            post=post, transcript=transcript, preamble_html=preamble, exchanges=exchanges,
            epilogue_html=epilogue, content_html=_content(preamble, exchanges, epilogue),
            excerpt=_excerpt(preamble, exchanges), uses_math=parts.uses_math,
            problems=tuple(post.problems) + tuple(problems),
        )

    def _speakers(self, post: Post) -> tuple[Mapping[str, SpeakerSpec], list[Problem]]:
        """The post's own declared speakers (the site's are passed as known ones)."""
        raw = post.meta.get("speakers")
        if raw is None:
            return {}, []
        specs, problems = parse_speaker_specs(raw, post.source.rel, None)
        return specs, list(problems)


class _Parts:
    """Renders the pieces of one post, collecting problems and whether math was used."""

    def __init__(self, markup: Markup, path: str, problems: list[Problem], taken: set[str],
                 references: References | None = None):
        self.markup, self.path, self.problems = markup, path, problems
        self.taken = taken
        """Element ids used so far on the page: headings of later parts get other ones."""
        self.references = references
        """The post's link reference definitions: a turn may use one another turn holds."""
        self.uses_math = False

    def render(self, text: str, line: int, doc_id: str) -> str:
        result = self.markup.render(text, path=self.path, line=line, taken_ids=self.taken,
                                    doc_id=doc_id, references=self.references)
        self.taken.update(h.id for h in result.headings)
        self.problems.extend(result.problems)
        self.uses_math = self.uses_math or result.uses_math
        return result.html


def _exchange(parts: _Parts, transcript: Transcript, exchange: Exchange) -> RenderedExchange:
    turns = tuple(
        RenderedTurn(speaker=t.speaker, role=t.role, anchor=t.anchor, line=t.line,
                     html=parts.render(_turn_text(t.text), t.line, t.anchor))
        for t in exchange.turns
    )
    group, index, count = _variant_of(transcript, exchange.number)
    return RenderedExchange(exchange.number, turns, group, index, count)


def _turn_text(text: str) -> str:
    """A turn's Markdown; a hard-break backslash that joined it to the next label goes."""
    stripped = text.rstrip()
    return stripped[:-1] if stripped.endswith("\\") else text


def _variant_of(transcript: Transcript, number: int) -> tuple[int | None, int, int]:
    for group_number, group in enumerate(transcript.variants, start=1):
        if number in group:
            return group_number, group.index(number), len(group)
    return None, 0, 1


def _content(preamble: str, exchanges: tuple[RenderedExchange, ...], epilogue: str) -> str:
    pieces = [preamble]
    for exchange in exchanges:
        for turn in exchange.turns:
            pieces.append(f"<p><strong>{html.escape(turn.speaker)}:</strong></p>\n{turn.html}")
    pieces.append(epilogue)
    return "\n".join(p for p in pieces if p)


def _excerpt(preamble: str, exchanges: tuple[RenderedExchange, ...]) -> str:
    if exchanges and exchanges[0].turns:
        text = exchanges[0].turns[0].text
    else:
        first = re.search(r"<p>(.*?)</p>", preamble, re.DOTALL)
        text = plain_text(first.group(1) if first else preamble)
    words = text.split()
    return " ".join(words[:EXCERPT_WORDS]) + (" …" if len(words) > EXCERPT_WORDS else "")

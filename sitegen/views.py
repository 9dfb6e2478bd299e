"""The template-facing view of posts and the site, separate from the parsing model.

Templates receive these frozen objects and nothing else; every field is documented in
``templates/README.md``. URLs here never include the ``baseurl``: templates add it with
the ``relative_url`` and ``absolute_url`` filters, as in Jekyll.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sitegen import permalinks
from sitegen.model import RenderedExchange, RenderedPost, RenderedTurn
from sitegen.transcript import Speaker

RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv"})


@dataclass(frozen=True)
class TurnView:
    """One speaker turn as the theme shows it."""

    speaker: str
    display: str
    role: str
    anchor: str
    html: str
    text: str
    initials: str
    color: str
    avatar: str
    speaker_index: int


@dataclass(frozen=True)
class ExchangeView:
    """A question and its answers."""

    number: int
    anchor: str
    turns: tuple[TurnView, ...]


@dataclass(frozen=True)
class ThreadView:
    """An exchange, or several exchanges asking the same question (regenerated answers)."""

    anchor: str
    variants: tuple[ExchangeView, ...]
    question: str


@dataclass(frozen=True)
class TagView:
    """A tag or category with the site-relative URL of its page."""

    name: str
    url: str


@dataclass(frozen=True)
class PostView:
    """A post as templates see it (``page`` in post.html)."""

    title: str
    url: str
    date: dt.datetime
    lang: str
    dir: str
    tags: tuple[TagView, ...]
    categories: tuple[TagView, ...]
    is_draft: bool
    is_transcript: bool
    preamble_html: str
    threads: tuple[ThreadView, ...]
    epilogue_html: str
    content_html: str
    excerpt: str
    description: str
    meta: Mapping[str, Any]
    uses_math: bool
    speakers: tuple[Speaker, ...]
    source: str
    layout: str

    @property
    def turn_count(self) -> int:
        return sum(len(ex.turns) for th in self.threads for ex in th.variants)


def make_post_view(rendered: RenderedPost, config_lang: str) -> PostView:
    """Build the view of one rendered post."""
    post = rendered.post
    speakers = rendered.transcript.speakers
    lang = post.lang or config_lang
    description = str(post.meta.get("description") or post.meta.get("excerpt") or rendered.excerpt)
    return PostView(
        title=post.title, url=permalinks.escape(post.url), date=post.date, lang=lang,
        dir="rtl" if lang.split("-")[0] in RTL_LANGUAGES else "ltr",
        tags=_tag_views(post.tags, "tags"), categories=_tag_views(post.categories, "categories"),
        is_draft=post.is_draft, is_transcript=rendered.transcript.is_transcript,
        preamble_html=rendered.preamble_html,
        threads=_threads(rendered.exchanges, speakers), epilogue_html=rendered.epilogue_html,
        content_html=rendered.content_html, excerpt=rendered.excerpt, description=description,
        meta=post.meta, uses_math=rendered.uses_math, speakers=speakers,
        source=post.source.rel, layout=post.layout,
    )


def _tag_views(names: tuple[str, ...], kind: str) -> tuple[TagView, ...]:
    return tuple(TagView(name, f"/{kind}/{permalinks.slugify(name)}/") for name in names)


def _threads(exchanges: tuple[RenderedExchange, ...],
             speakers: tuple[Speaker, ...]) -> tuple[ThreadView, ...]:
    threads: list[ThreadView] = []
    groups: dict[int, list[ExchangeView]] = {}
    for exchange in exchanges:
        view = _exchange_view(exchange, speakers)
        if exchange.variant_group is None:
            threads.append(ThreadView(view.anchor, (view,), _question(view)))
        elif exchange.variant_group not in groups:
            groups[exchange.variant_group] = [view]
            threads.append(ThreadView(view.anchor, (), _question(view)))
        else:
            groups[exchange.variant_group].append(view)
    return tuple(_fill(t, groups) for t in threads)


def _fill(thread: ThreadView, groups: dict[int, list[ExchangeView]]) -> ThreadView:
    if thread.variants:
        return thread
    for members in groups.values():
        if members[0].anchor == thread.anchor:
            return ThreadView(thread.anchor, tuple(members), thread.question)
    return thread


def _exchange_view(exchange: RenderedExchange, speakers: tuple[Speaker, ...]) -> ExchangeView:
    turns = tuple(_turn_view(t, speakers) for t in exchange.turns)
    return ExchangeView(exchange.number, f"x{exchange.number}", turns)


def _question(view: ExchangeView) -> str:
    for turn in view.turns:
        if turn.role == "asker":
            return turn.text
    return view.turns[0].text if view.turns else ""


def _turn_view(turn: RenderedTurn, speakers: tuple[Speaker, ...]) -> TurnView:
    index, speaker = _find(turn.speaker, speakers)
    display = (speaker.display if speaker and speaker.display else turn.speaker)
    return TurnView(
        speaker=turn.speaker, display=display, role=turn.role, anchor=turn.anchor,
        html=turn.html, text=turn.text, initials=initials(display),
        color=(speaker.color if speaker and speaker.color else ""),
        avatar=(speaker.avatar if speaker and speaker.avatar else ""), speaker_index=index,
    )


def _find(name: str, speakers: tuple[Speaker, ...]) -> tuple[int, Speaker | None]:
    for index, speaker in enumerate(speakers):
        if speaker.name == name:
            return index, speaker
    return 0, None


def initials(name: str) -> str:
    """One or two letters standing for a speaker in an avatar circle."""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalnum()]
    if not words:
        return name[:1] or "?"
    if len(words) == 1:
        return words[0][:2] if not words[0][:1].isascii() else words[0][:1].upper()
    return (words[0][:1] + words[1][:1]).upper()

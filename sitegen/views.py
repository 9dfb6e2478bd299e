"""The template-facing view of posts, separate from the parsing model.

Templates receive these frozen objects and nothing else; every field is documented in
``templates/README.md``. URLs here never include the ``baseurl``: templates add it with
the ``relative_url`` and ``absolute_url`` filters, as in Jekyll.

Listing pages (home, tags, feed) get a *summary* of each post: the same ``PostView`` with
``threads``, ``preamble_html``, ``epilogue_html`` and ``speakers`` emptied (``content_html``
kept only for the posts the feed shows). Whatever a listing shows is therefore a field of
its own: ``excerpt``, ``question_count``, ``asker``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sitegen import permalinks, ui
from sitegen.feed import feed_html
from sitegen.model import RenderedExchange, RenderedPost, RenderedTurn
from sitegen.present import (
    PALETTE_SIZE,
    css_color,
    first_paragraph,
    initials,
    ink_for,
    shorten,
    words,
    wrap_tables,
)
from sitegen.text import EXCERPT_WORDS, plain_text

if TYPE_CHECKING:  # the transcript engine is not needed to show posts
    from sitegen.transcript import Speaker

RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb", "syr"})
SUMMARY_CHARS = 120


@dataclass(frozen=True)
class SpeakerView:
    """Someone who speaks in a transcript, with what the theme needs to draw them."""

    name: str
    display: str
    role: str
    initials: str
    color: str
    """The speaker's own CSS colour (validated), or "" to use the palette."""
    ink: str
    """Text colour that reads on ``color`` (black or white)."""
    avatar: str
    palette: int
    """Palette slot (``speaker-N`` class) for a speaker without a colour of their own."""


@dataclass(frozen=True)
class TurnView:
    """One speaker turn as the theme shows it."""

    speaker: str
    display: str
    role: str
    anchor: str
    html: str
    initials: str
    color: str
    avatar: str
    speaker_index: int
    ink: str = "#fff"

    @property
    def palette(self) -> int:
        """The palette slot for this speaker's colour."""
        return self.speaker_index % PALETTE_SIZE

    @cached_property
    def text(self) -> str:
        """The turn's plain text, made when first asked for."""
        return plain_text(self.html)


@dataclass(frozen=True)
class ExchangeView:
    """A question and its answers."""

    number: int
    anchor: str
    turns: tuple[TurnView, ...]
    shares_question: bool = False
    """In a thread of variants: its question is the thread's, shown once above the answers."""

    @property
    def question_turns(self) -> tuple[TurnView, ...]:
        """The leading asker turns (the question)."""
        count = next((i for i, t in enumerate(self.turns) if t.role != "asker"), len(self.turns))
        return self.turns[:count]

    @property
    def answer_turns(self) -> tuple[TurnView, ...]:
        """Every turn after the question."""
        return self.turns[len(self.question_turns):]

    @property
    def panel_turns(self) -> tuple[TurnView, ...]:
        """What a variant's panel shows: the answers, or everything if its question differs."""
        return self.answer_turns if self.shares_question else self.turns


@dataclass(frozen=True)
class ThreadView:
    """An exchange, or several exchanges asking the same question (regenerated answers)."""

    anchor: str
    variants: tuple[ExchangeView, ...]
    question: str
    """Plain text of the question."""
    number: int = 0
    """1-based position among the post's threads."""
    summary: str = ""
    """The question's first paragraph as plain text, shortened (for lists of questions)."""

    @property
    def has_variants(self) -> bool:
        return len(self.variants) > 1

    @property
    def question_turns(self) -> tuple[TurnView, ...]:
        """The question, shown once (from the first variant)."""
        return self.variants[0].question_turns if self.variants else ()

    @property
    def first_anchor(self) -> str:
        """The anchor a list of questions links to."""
        first = self.variants[0].turns if self.variants else ()
        return first[0].anchor if first else self.anchor


@dataclass(frozen=True)
class TagView:
    """A tag or category with the site-relative URL of its page."""

    name: str
    url: str


@dataclass(frozen=True)
class TranslationView:
    """Another language version of a page (filled in by multilingual sites)."""

    lang: str
    """BCP 47 tag, for ``hreflang`` and ``lang`` (``zh-Hant``)."""
    url: str
    title: str
    name: str = ""
    """The language's own name, for a language switcher (``繁體中文``)."""
    dir: str = "ltr"
    """Text direction of that language."""


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
    """The whole body as one plain HTML fragment, for feeds (variants labelled)."""
    excerpt: str
    description: str
    meta: Mapping[str, Any]
    uses_math: bool
    speakers: tuple[Speaker, ...]
    source: str
    layout: str
    author: str = ""
    """``author`` of the front matter ("" when the site's author wrote it)."""
    image: str = ""
    """``image`` of the front matter (for social cards)."""
    translations: tuple[TranslationView, ...] = ()
    question_count: int = 0
    """Questions asked (regenerated answers count once); kept in summaries."""
    asker: SpeakerView | None = None
    """Who asks the first question; kept in summaries (listings show the excerpt as theirs)."""

    @property
    def speaker_views(self) -> tuple[SpeakerView, ...]:
        """The speakers in order of first appearance, ready to draw."""
        return tuple(speaker_view(s) for s in self.speakers)

    @property
    def turn_count(self) -> int:
        return sum(len(ex.turns) for th in self.threads for ex in th.variants)


def text_direction(lang: str) -> str:
    """``rtl`` for right-to-left languages, else ``ltr``."""
    return "rtl" if lang.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


def make_post_view(rendered: RenderedPost, config_lang: str) -> PostView:
    """Build the view of one rendered post."""
    post = rendered.post
    speakers = rendered.transcript.speakers
    lang = post.lang or config_lang
    threads = _threads(rendered.exchanges, speakers)
    preamble, epilogue = wrap_tables(rendered.preamble_html), wrap_tables(rendered.epilogue_html)
    excerpt = words(threads[0].question, EXCERPT_WORDS) if threads else rendered.excerpt
    return PostView(
        title=post.title, url=permalinks.escape(post.url), date=post.date, lang=lang,
        dir=text_direction(lang),
        tags=_tag_views(post.tags, "tags"), categories=_tag_views(post.categories, "categories"),
        is_draft=post.is_draft, is_transcript=rendered.transcript.is_transcript,
        preamble_html=preamble, threads=threads, epilogue_html=epilogue,
        content_html=feed_html(preamble, threads, epilogue, ui.strings(lang)),
        excerpt=excerpt, description=_description(post.meta, excerpt), meta=post.meta,
        uses_math=rendered.uses_math, speakers=speakers, source=post.source.rel,
        layout=post.layout, author=_meta_name(post.meta.get("author")),
        image=str(post.meta.get("image") or ""), question_count=len(threads),
        asker=_first_asker(threads, speakers),
    )


def _description(meta: Mapping[str, Any], excerpt: str) -> str:
    return str(meta.get("description") or meta.get("excerpt") or excerpt)


def _first_asker(threads: tuple[ThreadView, ...],
                 speakers: tuple[Speaker, ...]) -> SpeakerView | None:
    turns = (threads[0].question_turns or threads[0].variants[0].turns) if threads else ()
    found = next((s for s in speakers if turns and s.name == turns[0].speaker), None)
    return speaker_view(found) if found else None


_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def visible_name(name: str) -> str:
    """A speaker's name without bidirectional overrides, which could disguise it."""
    return name.translate(_BIDI_CONTROLS)


def speaker_view(speaker: Speaker) -> SpeakerView:
    """The drawable view of a speaker."""
    display = visible_name(speaker.display or speaker.name)
    color = css_color(speaker.color)
    return SpeakerView(speaker.name, display, speaker.role, initials(display), color,
                       ink_for(color), speaker.avatar, speaker.index % PALETTE_SIZE)


def _meta_name(value: Any) -> str:
    if isinstance(value, Mapping):
        value = value.get("name")
    return str(value) if isinstance(value, str | int) else ""


def _tag_views(names: tuple[str, ...], kind: str) -> tuple[TagView, ...]:
    return tuple(TagView(name, permalinks.escape(f"/{kind}/{permalinks.slugify(name)}/"))
                 for name in names)


def _threads(exchanges: tuple[RenderedExchange, ...],
             speakers: tuple[Speaker, ...]) -> tuple[ThreadView, ...]:
    """Exchanges grouped into threads: variants of one question share a thread."""
    groups: dict[int | str, list[ExchangeView]] = {}
    for exchange in exchanges:
        key: int | str = exchange.variant_group or f"x{exchange.number}"
        groups.setdefault(key, []).append(_exchange_view(exchange, speakers))
    return tuple(_thread(number, members)
                 for number, members in enumerate(groups.values(), start=1))


def _thread(number: int, members: list[ExchangeView]) -> ThreadView:
    first = members[0]
    asked = _plain(first.question_turns)
    shared = tuple(ExchangeView(ex.number, ex.anchor, ex.turns,
                                shares_question=_plain(ex.question_turns) == asked)
                   for ex in members)
    question = asked or (first.turns[0].text if first.turns else "")
    lead = (first.question_turns or first.turns)[:1]
    summary = (first_paragraph(lead[0].html) or lead[0].text) if lead else ""
    return ThreadView(first.anchor, shared, question, number, shorten(summary, SUMMARY_CHARS))


def _plain(turns: tuple[TurnView, ...]) -> str:
    return "\n".join(t.text for t in turns)


def _exchange_view(exchange: RenderedExchange, speakers: tuple[Speaker, ...]) -> ExchangeView:
    turns = tuple(_turn_view(t, speakers) for t in exchange.turns)
    return ExchangeView(exchange.number, f"x{exchange.number}", turns)


def _turn_view(turn: RenderedTurn, speakers: tuple[Speaker, ...]) -> TurnView:
    speaker = next((s for s in speakers if s.name == turn.speaker), None)
    display = visible_name(speaker.display if speaker and speaker.display else turn.speaker)
    color = css_color(speaker.color if speaker else "")
    return TurnView(
        speaker=turn.speaker, display=display, role=turn.role, anchor=turn.anchor,
        html=wrap_tables(turn.html), initials=initials(display),
        color=color, avatar=speaker.avatar if speaker else "",
        speaker_index=speaker.index if speaker else 0, ink=ink_for(color),
    )

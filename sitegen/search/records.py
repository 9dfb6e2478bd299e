"""What a reader can find in a post: one record per turn, one for the post's own prose.

Pure and cheap: it reads a post's view (the same one its page is rendered from) and keeps
only plain text, so the build can compute it while it renders the page and keep it in its
cache. Drafts and unpublished posts give nothing: they are never searchable.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitegen import languages
from sitegen.present import shorten
from sitegen.text import plain_text
from sitegen.views import ExchangeView, PostView, ThreadView, TurnView

QUESTION_CHARS = 160
"""How much of the question an answer's result shows."""


@dataclass(frozen=True)
class SearchRecord:
    """One thing a search can find: a turn, or the post's title and prose."""

    anchor: str
    """The turn's id (``a3``); "" for the post's own prose (links to the post's top)."""
    text: str
    """What is searched: the turn's plain text (or the title and prose)."""
    speaker: str = ""
    """The speaker's display name ("" for prose)."""
    role: str = ""
    """``asker`` or ``answerer`` ("" for prose): what the questions/answers filter reads."""
    question: str = ""
    """For an answer: the question it answers, shortened (shown with the result)."""


@dataclass(frozen=True)
class SearchPost:
    """A published post as the search index sees it."""

    url: str
    """Site-relative, without the baseurl (as ``PostView.url``)."""
    title: str
    lang: str
    """BCP 47 tag (``zh-Hant``)."""
    date: str
    """ISO 8601 date (``2024-03-01``)."""
    tags: tuple[str, ...]
    records: tuple[SearchRecord, ...]


def search_post(view: PostView) -> SearchPost | None:
    """The searchable records of a post; None for drafts and unpublished posts."""
    if view.is_draft:
        return None
    prose = " ".join(t for t in (view.title, plain_text(view.preamble_html),
                                 plain_text(view.epilogue_html)) if t)
    turns = tuple(record for thread in view.threads for record in _thread_records(thread))
    return SearchPost(view.url, view.title, languages.language(view.lang).tag,
                      view.date.date().isoformat(), tuple(t.name for t in view.tags),
                      (SearchRecord("", prose), *turns))


def _thread_records(thread: ThreadView) -> list[SearchRecord]:
    """The question once, then every answer (regenerated answers too) with its question."""
    records = [_record(turn, "") for turn in thread.question_turns]
    asked = _asked(thread.variants[0]) if thread.variants else ""
    for exchange in thread.variants:
        if exchange.shares_question:
            records += [_record(turn, asked) for turn in exchange.answer_turns]
        else:
            own = _asked(exchange)
            records += [_record(turn, own) for turn in exchange.turns]
    return records


def _asked(exchange: ExchangeView) -> str:
    return " ".join(turn.text for turn in exchange.question_turns)


def _record(turn: TurnView, question: str) -> SearchRecord:
    answer = turn.role != "asker"
    return SearchRecord(turn.anchor, turn.text, turn.display, turn.role,
                        shorten(question, QUESTION_CHARS) if answer else "")

"""The words the theme itself shows (not the posts'), by language.

Every page gets a ``ui`` mapping in its template context. The English words are here;
other languages translate them in ``sitegen/i18n/<code>.yml`` (see ``sitegen.languages``,
which also adds month names and a date pattern), and ``strings()`` falls back to English
for any key a language lacks. Placeholders are ``str.format`` fields: ``{n}``, ``{m}``,
``{name}``; plural forms are ``<key>_one`` and ``<key>_other``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from sitegen import languages

ENGLISH: Mapping[str, str] = MappingProxyType({
    "skip": "Skip to content",
    "site_nav": "Site",
    "home": "Home",
    "archive": "Archive",
    "tags": "Tags",
    "categories": "Categories",
    "feed": "Feed",
    "theme_dark": "Dark theme",
    "draft": "Draft",
    "draft_note": "Not published. Only builds with drafts show this post.",
    "questions": "Questions in this conversation",
    "question_n": "Question {n}",
    "answer_n_of_m": "Answer {n} of {m}",
    "answers_to": "Answers to question {n}",
    "n_answers": "{n} answers",
    "role_asker": "asks",
    "role_answerer": "answers",
    "permalink": "Link to this turn ({name})",
    "copy_link": "Copy link to this turn ({name})",
    "copy": "Copy",
    "copied": "Copied",
    "link_copied": "Link copied",
    "copy_failed": "Could not copy",
    "published": "Published",
    "tagged": "Tagged",
    "n_posts_one": "{n} post",
    "n_posts_other": "{n} posts",
    "n_questions_one": "{n} question",
    "n_questions_other": "{n} questions",
    "newer": "Newer posts",
    "older": "Older posts",
    "pages": "Pages",
    "page_n_of_m": "Page {n} of {m}",
    "tag_title": "Tagged “{name}”",
    "category_title": "Category “{name}”",
    "all_tags": "All tags",
    "all_categories": "All categories",
    "no_posts": "No posts yet.",
    "no_tags": "No tags yet.",
    "not_found": "Page not found",
    "not_found_text": "There is nothing at this address. It may have moved, or the link "
                      "may be mistyped.",
    "recent": "Recent posts",
    "read_more": "Read the conversation",
    "built_with": "Built with sitegen",
    "asked": "{name} asked",
    "search": "Search",
    "search_label": "Search this site",
    "search_title": "Search",
    "search_show": "Show",
    "search_everything": "Everything",
    "search_questions": "Questions only",
    "search_answers": "Answers only",
    "search_speaker": "Speaker",
    "search_anyone": "Anyone",
    "search_tag": "Tag",
    "search_any_tag": "Any tag",
    "search_language": "Language",
    "search_results_one": "{n} result",
    "search_results_other": "{n} results",
    "search_none": "Nothing found.",
    "search_more": "More results",
    "search_question": "Question: {question}",
    "search_unavailable": "Search is not available here: sitegen build makes its index, "
                          "the preview server leaves it out.",
    "search_needs_js": "Search runs in your browser and needs JavaScript. The archive and "
                       "the tags list every post.",
})

STRINGS: Mapping[str, Mapping[str, str]] = MappingProxyType({"en": ENGLISH})
"""UI strings by language code (the part before any ``-``)."""


@cache
def strings(lang: str) -> Mapping[str, str]:
    """The UI strings for a language (``sitegen/i18n/<lang>.yml``), English where it has none."""
    return MappingProxyType({**ENGLISH, **languages.strings(lang)})

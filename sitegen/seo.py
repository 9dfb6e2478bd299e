"""Structured data (schema.org JSON-LD) for posts and the home page.

Every post is a ``BlogPosting``. A transcript is also a ``Conversation`` whose parts are
``Message`` items (sender and text), linked to the posting by ``@id``. Not ``QAPage``: its
guidelines are for pages where users submit answers, which a kept conversation is not.
The templates serialise these values with the ``jsonld`` filter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sitegen.views import PostView, ThreadView, TurnView

Absolute = Callable[[str], str]
"""Site-relative path -> absolute URL (with the site's url and baseurl)."""
SCHEMA = "https://schema.org"
HEADLINE_CHARS = 110


def post_graph(post: PostView, site_title: str, site_author: str,
               absolute: Absolute) -> dict[str, Any]:
    """The JSON-LD of one post page."""
    url = absolute(post.url)
    posting = blog_posting(post, site_title, site_author, url, absolute)
    if not post.is_transcript:
        return {"@context": SCHEMA, **posting}
    posting["hasPart"] = {"@id": f"{url}#conversation"}
    return {"@context": SCHEMA, "@graph": [posting, conversation(post, url)]}


def blog_posting(post: PostView, site_title: str, site_author: str, url: str,
                 absolute: Absolute) -> dict[str, Any]:
    """The ``BlogPosting`` of a post."""
    author = person(post.author or site_author or site_title)
    data: dict[str, Any] = {
        "@type": "BlogPosting", "@id": f"{url}#post", "url": url, "mainEntityOfPage": url,
        "headline": post.title[:HEADLINE_CHARS], "name": post.title,
        "datePublished": post.date.isoformat(timespec="seconds"),
        "dateModified": post.date.isoformat(timespec="seconds"),
        "author": author, "publisher": person(site_author) if site_author else
        {"@type": "Organization", "name": site_title},
        "inLanguage": post.lang, "description": post.description,
    }
    keywords = [t.name for t in post.tags] + [c.name for c in post.categories]
    if keywords:
        data["keywords"] = keywords
    if post.image:
        data["image"] = absolute(post.image)
    return data


def conversation(post: PostView, url: str) -> dict[str, Any]:
    """The ``Conversation`` of a transcript: every turn of every variant, in order."""
    messages = [message(turn, url, position)
                for position, turn in enumerate(_turns(post.threads), start=1)]
    return {"@type": "Conversation", "@id": f"{url}#conversation", "name": post.title,
            "url": url, "inLanguage": post.lang, "isPartOf": {"@id": f"{url}#post"},
            "hasPart": messages}


def _turns(threads: tuple[ThreadView, ...]) -> list[TurnView]:
    return [turn for thread in threads for exchange in thread.variants for turn in exchange.turns]


def message(turn: TurnView, url: str, position: int) -> dict[str, Any]:
    """One turn as a ``Message``."""
    return {"@type": "Message", "@id": f"{url}#{turn.anchor}", "url": f"{url}#{turn.anchor}",
            "position": position, "sender": person(turn.display), "text": turn.text}


def person(name: str) -> dict[str, str]:
    """A ``Person`` with a name."""
    return {"@type": "Person", "name": name}


def home_graph(title: str, description: str, lang: str, url: str) -> dict[str, Any]:
    """The JSON-LD of the home page: the site as a ``WebSite``."""
    data = {"@context": SCHEMA, "@type": "WebSite", "name": title, "url": url,
            "inLanguage": lang}
    if description:
        data["description"] = description
    return data

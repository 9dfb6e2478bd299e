"""Small stages of the importer, as tables: slugs, privacy findings, threading a tree."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sitegen.importers import privacy
from sitegen.importers.fields import FormatError
from sitegen.importers.model import Conversation, Message, Node, Text
from sitegen.importers.slugs import slugify, unique
from sitegen.importers.thread import build_thread


@pytest.mark.parametrize(("title", "slug"), [
    ("What is SpaCy?", "what-is-spacy"),
    ("Café déjà vu", "cafe-deja-vu"),
    ("Straße & Łódź", "strasse-and-lodz"),
    ("机器学习入门：第一课", "机器学习入门-第一课"),
    ("Почему небо голубое?", "почему-небо-голубое"),
    ("!!! ???", "abc-123"),
    ("", "abc-123"),
    ("snake_case__name", "snake-case-name"),
    ("a " * 80, "-".join(["a"] * 30)),
])
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title, "ABC 123") == slug


def test_unique() -> None:
    assert unique("x", set()) == "x"
    assert unique("x", {"x", "x-2"}) == "x-3"


@pytest.mark.parametrize(("text", "kinds"), [
    ("write to jo.doe+x@example.co.uk today", ["e-mail address"]),
    ("call +1 415-555-0132 or (415) 555-0199", ["phone number", "phone number"]),
    ("+44 20 7946 0958", ["phone number"]),
    ("sk-ant-api03-abcdefghijklmnopqrstuvwxyz", ["API key"]),
    ("token ghp_abcdefghijklmnopqrstuvwxyz0123456789", ["GitHub token"]),
    ("AKIAIOSFODNN7EXAMPLE", ["AWS access key"]),
    ("Authorization: Bearer abcdefghijklmnopqrstuvwx", ["bearer token"]),
    ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----",
     ["private key"]),
    ("2024-05-01, 1.2.3.4, 123e4567-e89b-12d3-a456-426614174000, 3.14159265", []),
    ("skeleton sk-short and user@localhost", []),
])
def test_privacy_findings(text: str, kinds: list[str]) -> None:
    found = privacy.find(text)
    assert [f.kind for f in found] == kinds
    redacted = privacy.redact(text)
    assert privacy.find(redacted) == []
    if not kinds:
        assert redacted == text


def test_findings_carry_lines_and_no_secret() -> None:
    found = privacy.find("a\nb\nkey: sk-proj-abcdefghijklmnopqrstuvwxyz0123\n")
    assert [(f.line, f.sample) for f in found] == [(3, "sk-p… (38 characters)")]


def conversation(nodes: list[tuple[str, str | None, str, float]],
                 current: str | None) -> Conversation:
    """A conversation from (id, parent, role/text, time); role 'hidden' has no message."""
    built = []
    for order, (nid, parent, spec, time) in enumerate(nodes):
        role, _, words = spec.partition(":")
        message = None if role == "hidden" else Message(nid, role, (Text(words),), time)  # type: ignore[arg-type]
        built.append(Node(nid, parent, message, order))
    return Conversation("chatgpt", "c", "t", datetime(2024, 1, 1, tzinfo=UTC), tuple(built),
                        current)


def shape(nodes: list[tuple[str, str | None, str, float]], current: str | None) -> list[str]:
    thread = build_thread(conversation(nodes, current))
    out = []
    for exchange in thread.exchanges:
        question = exchange.question.id if exchange.question else "-"
        others = "".join(f" [{o.question.id}{'>' if o.later else '<'}]" for o in exchange.others)
        out.append(f"{question}{others}: {' '.join(m.id for m in exchange.answer)}")
    return out + ([f"dropped {thread.dropped}"] if thread.dropped else [])


TREES = [
    ("linear, hidden root", [("r", None, "hidden", 0), ("u", "r", "user:q", 1),
                             ("a", "u", "assistant:x", 2)], "a", ["u: a"]),
    ("no current node: the newest leaf", [("u", None, "user:q", 1), ("a1", "u", "assistant:x", 2),
                                          ("a2", "u", "assistant:y", 3)], None,
     ["u: a2", "u: a1"]),
    ("current node hidden: its visible parent", [("u", None, "user:q", 1),
                                                 ("a", "u", "assistant:x", 2),
                                                 ("h", "a", "hidden", 3)], "h", ["u: a"]),
    ("regenerated, current is the older one", [("u", None, "user:q", 1),
                                               ("a1", "u", "assistant:x", 2),
                                               ("a2", "u", "assistant:y", 3)], "a1",
     ["u: a1", "u: a2"]),
    ("fork inside a multi-message answer", [("u", None, "user:q", 1),
                                            ("c", "u", "assistant:code", 2),
                                            ("o1", "c", "assistant:out", 3),
                                            ("o2", "c", "assistant:other", 4)], "o1",
     ["u: c o1", "u: c o2"]),
    ("later version of a prompt", [("u1", None, "user:old", 1), ("a1", "u1", "assistant:x", 2),
                                   ("u2", None, "user:new", 3), ("a2", "u2", "assistant:y", 4)],
     "a1", ["u1 [u2>]: a1"]),
    ("a branch that went on is counted", [("u", None, "user:q", 1),
                                          ("a1", "u", "assistant:x", 2),
                                          ("u2", "a1", "user:more", 3),
                                          ("a3", "u2", "assistant:z", 4),
                                          ("a2", "u", "assistant:y", 5)], "a2",
     ["u: a2", "u: a1", "dropped 2"]),
    ("answer first", [("a", None, "assistant:hello", 1), ("u", "a", "user:hi", 2)], "u",
     ["-: a", "u: "]),
]


@pytest.mark.parametrize(("title", "nodes", "current", "expected"), TREES,
                         ids=[t[0] for t in TREES])
def test_threading(title: str, nodes: list[tuple[str, str | None, str, float]],
                   current: str | None, expected: list[str]) -> None:
    assert shape(nodes, current) == expected


def test_a_cycle_is_an_error_not_a_hang() -> None:
    looped = [("a", "c", "user:q", 1), ("b", "a", "assistant:x", 2), ("c", "b", "hidden", 3)]
    with pytest.raises(FormatError, match=r"cycle \(a -> c -> b -> a\)"):
        build_thread(conversation(looped, "b"))
    with pytest.raises(FormatError, match="cycle"):
        build_thread(conversation([("s", "s", "user:q", 1)], None))

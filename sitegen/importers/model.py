"""Frozen dataclasses for an imported conversation, shared by every importer stage.

A reader (``chatgpt.py``, ``claude.py``) turns one conversation of an export into a
:class:`Conversation`: a tree of :class:`Node` objects whose visible messages are made of
:class:`Part` values. ``thread.py`` turns the tree into :class:`Exchange` values, which
``writer.py`` renders as a post.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Role = Literal["user", "assistant"]


@dataclass(frozen=True)
class Text:
    """Markdown written by a person or a model (citations already turned into links)."""

    markdown: str


@dataclass(frozen=True)
class Code:
    """Code the model ran or showed, outside of its prose."""

    code: str
    language: str = ""


@dataclass(frozen=True)
class Output:
    """What running code printed."""

    text: str


@dataclass(frozen=True)
class Thinking:
    """The model's reasoning, shown collapsed and apart from the answer."""

    markdown: str


@dataclass(frozen=True)
class Image:
    """An image in a message; ``pointer`` names the file in the export, if any."""

    pointer: str
    alt: str = ""


@dataclass(frozen=True)
class Attachment:
    """A file attached to a message, with its text when the export carries it."""

    name: str
    text: str = ""


@dataclass(frozen=True)
class ToolCall:
    """A tool the model called, with its input as JSON text."""

    name: str
    payload: str


@dataclass(frozen=True)
class ToolResult:
    """What a tool gave back to the model."""

    name: str
    text: str


@dataclass(frozen=True)
class Quote:
    """A passage quoted from a web page."""

    text: str
    title: str = ""
    url: str = ""


@dataclass(frozen=True)
class Unknown:
    """Content of a type the importer does not know, kept as JSON rather than dropped."""

    kind: str
    raw: str


Part = (
    Text | Code | Output | Thinking | Image | Attachment | ToolCall | ToolResult | Quote | Unknown
)


@dataclass(frozen=True)
class Message:
    """One visible message."""

    id: str
    role: Role
    parts: tuple[Part, ...]
    time: float | None = None
    """Creation time in seconds since the epoch, when the export has it."""
    model: str = ""


@dataclass(frozen=True)
class Node:
    """A node of the conversation tree; ``message`` is None for hidden or empty nodes."""

    id: str
    parent: str | None
    message: Message | None
    order: int = 0
    """Position in the export, to order siblings that have no time."""


@dataclass(frozen=True)
class Conversation:
    """One conversation read from an export, before threading."""

    service: Literal["chatgpt", "claude"]
    id: str
    title: str
    created: datetime
    nodes: tuple[Node, ...]
    current: str | None
    """The node shown last in the app (the leaf of the visible branch), when known."""
    model: str = ""
    source_url: str = ""


@dataclass(frozen=True)
class Earlier:
    """Another version of an edited prompt, with the answer it got."""

    question: Message
    answer: tuple[Message, ...]
    later: bool = False
    """True when this version was written after the one shown."""


@dataclass(frozen=True)
class Exchange:
    """A question and its answer; a repeated question makes a variant."""

    question: Message | None
    answer: tuple[Message, ...]
    others: tuple[Earlier, ...] = field(default=())


@dataclass(frozen=True)
class Thread:
    """The exchanges to write, in order, and what was left out."""

    exchanges: tuple[Exchange, ...]
    dropped: int = 0
    """Messages on side branches that continue past an alternative answer."""

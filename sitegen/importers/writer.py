"""Write a threaded conversation as the text of an ordinary post (pure).

The post has YAML front matter (title, date, source, conversation_id, model, speakers)
and a body of turns: a label line such as ``**You:**`` alone, a blank line, the message;
exchanges are separated by ``---``. Every piece of message text passes through
:func:`mdsafe.sanitize`, and every block the importer adds (code, output, thinking, JSON)
is fenced or wrapped so that it cannot be read as a turn.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import tzinfo
from typing import Any

import yaml

from sitegen.importers.mdsafe import escape_html, fence, link, quote, sanitize
from sitegen.importers.model import (
    Attachment,
    Code,
    Conversation,
    Earlier,
    Exchange,
    Image,
    Message,
    Output,
    Part,
    Quote,
    Text,
    Thinking,
    Thread,
    ToolCall,
    ToolResult,
    Unknown,
)


@dataclass(frozen=True)
class Speakers:
    """The names written on the label lines."""

    asker: str
    answerer: str


SPEAKERS = {"chatgpt": Speakers("You", "ChatGPT"), "claude": Speakers("You", "Claude")}


@dataclass(frozen=True)
class Context:
    """What rendering needs besides the conversation: names and where images went."""

    speakers: Speakers
    links: Mapping[str, str]
    """Image pointer -> URL of the copied file; pointers missing here get a note."""
    nested: bool = False
    """True inside a ``<details>`` element, where a stray ``</details>`` would close it."""

    @property
    def names(self) -> tuple[str, str]:
        return (self.speakers.asker, self.speakers.answerer)


def render_post(conversation: Conversation, thread: Thread, links: Mapping[str, str],
                zone: tzinfo) -> str:
    """The whole post: front matter, a blank line, the body."""
    context = Context(SPEAKERS[conversation.service], links)
    return front_matter(conversation, thread, context.speakers, zone) + "\n" + \
        render_body(thread, context)


def post_title(conversation: Conversation, thread: Thread) -> str:
    """The conversation's title, or the first words of its first question."""
    if conversation.title:
        return conversation.title
    for exchange in thread.exchanges:
        words = _plain_words(exchange.question)
        if words:
            return " ".join(words[:8]) + ("…" if len(words) > 8 else "")
    return "Untitled conversation"


def _plain_words(message: Message | None) -> list[str]:
    if message is None:
        return []
    texts = " ".join(p.markdown for p in message.parts if isinstance(p, Text))
    return re.sub(r"[`*_#>\[\]]", " ", texts).split()


def front_matter(conversation: Conversation, thread: Thread, speakers: Speakers,
                 zone: tzinfo) -> str:
    """The YAML block; every string is quoted, so no title can break it."""
    fields = [
        ("title", _scalar(post_title(conversation, thread))),
        ("date", conversation.created.astimezone(zone).isoformat(timespec="seconds")),
        ("source", _scalar(conversation.source_url)),
        ("conversation_id", _scalar(conversation.id)),
    ]
    if conversation.model:
        fields.append(("model", _scalar(conversation.model)))
    lines = [f"{key}: {value}" for key, value in fields]
    lines += ["speakers:", f"  {_key(speakers.asker)}: {{role: asker}}",
              f"  {_key(speakers.answerer)}: {{role: answerer}}"]
    return "---\n" + "\n".join(lines) + "\n---\n"


def _key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z][A-Za-z0-9 ._-]*[A-Za-z0-9]", name) else _scalar(name)


def _scalar(value: str) -> str:
    dumped = yaml.safe_dump(value, default_style='"', allow_unicode=True, width=1_000_000)
    return dumped.removesuffix("\n...\n").strip()


def render_body(thread: Thread, context: Context) -> str:
    """The turns of every exchange, separated by ``---`` lines."""
    blocks = ["\n\n".join(_exchange(e, context)) for e in thread.exchanges]
    return "\n\n---\n\n".join(b for b in blocks if b) + "\n"


def _exchange(exchange: Exchange, context: Context) -> list[str]:
    blocks: list[str] = []
    if exchange.question is not None:
        blocks += [f"**{context.speakers.asker}:**", _message(exchange.question, context)]
        blocks += [_other_version(o, context) for o in exchange.others]
    if exchange.answer:
        body = "\n\n".join(_message(m, context) for m in exchange.answer)
        blocks += [f"**{context.speakers.answerer}:**", body]
    return [b for b in blocks if b]


def _message(message: Message, context: Context) -> str:
    rendered = (_part(p, context) for p in message.parts)
    return "\n\n".join(r for r in rendered if r)


def _other_version(other: Earlier, context: Context) -> str:
    context = replace(context, nested=True)
    when = "A later" if other.later else "An earlier"
    parts = [f"<details><summary>{when} version of this prompt</summary>",
             quote(_message(other.question, context))]
    if other.answer:
        parts += ["*The answer to that version*",
                  quote("\n\n".join(_message(m, context) for m in other.answer))]
    return "\n\n".join([*parts, "</details>"])


def _part(part: Part, context: Context) -> str:
    render = _RENDERERS[type(part)]
    return render(part, context)


def _text(part: Text, context: Context) -> str:
    return sanitize(part.markdown, context.names, inside_html=context.nested)


def _code(part: Code, context: Context) -> str:
    return fence(part.code, part.language)


def _output(part: Output, context: Context) -> str:
    return fence(part.text, "text")


def _thinking(part: Thinking, context: Context) -> str:
    body = sanitize(part.markdown, context.names, inside_html=True)
    return f"<details><summary>Thinking</summary>\n\n{body}\n\n</details>" if body else ""


def _image(part: Image, context: Context) -> str:
    url = context.links.get(part.pointer)
    if url is None:
        name = part.pointer.rsplit("://", 1)[-1]
        return f"*(Image not included in the export: {_inline(name)})*"
    alt = re.sub(r"([\\\[\]])", r"\\\1", " ".join(part.alt.split())) or "Image"
    return f"![{alt}]({url})"


def _attachment(part: Attachment, context: Context) -> str:
    if not part.text.strip():
        return f"*(Attached file not included in the export: {_inline(part.name)})*"
    return _collapsed(f"Attachment: {part.name}", fence(part.text, "text"))


def _tool_call(part: ToolCall, context: Context) -> str:
    return _collapsed(f"Tool call: {part.name}", fence(part.payload, "json"))


def _tool_result(part: ToolResult, context: Context) -> str:
    return _collapsed(f"Tool result: {part.name}", fence(part.text, "text"))


def _quote(part: Quote, context: Context) -> str:
    body = quote(sanitize(part.text, context.names, inside_html=context.nested))
    source = link(part.title or part.url, part.url) if part.url else _inline(part.title)
    return f"{body}\n>\n> — {source}" if source else body


def _unknown(part: Unknown, context: Context) -> str:
    note = (f"> **Note:** content of type `{part.kind.replace('`', '')}` that the importer "
            "does not know, kept as JSON.")
    return f"{note}\n\n{fence(part.raw, 'json')}"


def _collapsed(summary: str, body: str) -> str:
    return f"<details><summary>{escape_html(summary)}</summary>\n\n{body}\n\n</details>"


def _inline(value: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#!|])", r"\\\1", " ".join(value.split()))


_RENDERERS: dict[type[Any], Callable[[Any, Context], str]] = {
    Text: _text, Code: _code, Output: _output, Thinking: _thinking, Image: _image,
    Attachment: _attachment, ToolCall: _tool_call, ToolResult: _tool_result,
    Quote: _quote, Unknown: _unknown,
}

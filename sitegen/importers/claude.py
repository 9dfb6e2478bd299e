"""Read one conversation of a Claude export (``conversations.json``) into the model.

A Claude conversation has ``uuid``, ``name``, ``created_at`` and ``chat_messages``; each
message has a ``sender`` (``human`` or ``assistant``), a plain ``text`` and, in newer
exports, ``content`` blocks (``text``, ``thinking``, ``tool_use``, ``tool_result``), plus
``attachments`` (with their extracted text) and ``files``. Branches (a retried answer, an
edited prompt) are linked by ``parent_message_uuid``; older exports without it are linear.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sitegen.importers.fields import (
    FormatError,
    epoch,
    items,
    obj,
    optional_id,
    required,
    text,
)
from sitegen.importers.mdsafe import link
from sitegen.importers.model import (
    Attachment,
    Code,
    Conversation,
    Image,
    Message,
    Node,
    Part,
    Text,
    Thinking,
    ToolCall,
    ToolResult,
    Unknown,
)

ARTIFACT_LANGUAGES = {
    "text/markdown": "markdown", "text/html": "html", "image/svg+xml": "xml",
    "application/vnd.ant.react": "jsx", "application/vnd.ant.mermaid": "mermaid",
}
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp")


def read(raw: Any) -> tuple[Conversation, list[str]]:
    """One conversation and the warnings about its content."""
    conv = obj(raw, "conversation")
    cid = optional_id(conv.get("uuid"), "uuid")
    if not cid:
        raise FormatError("uuid", "missing")
    messages = items(conv.get("chat_messages"), "chat_messages")
    linked = any(isinstance(m, dict) and "parent_message_uuid" in m for m in messages)
    notes: list[str] = []
    nodes = _nodes(messages, linked, notes)
    return Conversation(
        service="claude", id=cid, title=text(conv.get("name"), "name").strip(),
        created=_created(conv, nodes), nodes=nodes,
        current=optional_id(conv.get("current_leaf_message_uuid"), "current_leaf_message_uuid"),
        model=text(conv.get("model"), "model"), source_url=f"https://claude.ai/chat/{cid}",
    ), notes


def _nodes(messages: list[Any], linked: bool, notes: list[str]) -> tuple[Node, ...]:
    nodes: list[Node] = []
    seen: set[str] = set()
    for n, raw in enumerate(messages):
        where = f"chat_messages[{n}]"
        msg = obj(raw, where)
        mid = optional_id(msg.get("uuid"), f"{where}.uuid") or f"message-{n + 1}"
        if mid in seen:
            raise FormatError(f"{where}.uuid", f"'{mid}' is used by two messages")
        seen.add(mid)
        parent = (optional_id(msg.get("parent_message_uuid"), f"{where}.parent_message_uuid")
                  if linked else (nodes[-1].id if nodes else None))
        nodes.append(Node(mid, parent, _message(msg, mid, where, notes), order=n))
    return tuple(nodes)


def _message(msg: dict[str, Any], mid: str, where: str, notes: list[str]) -> Message | None:
    sender = required(msg.get("sender"), f"{where}.sender")
    if sender not in ("human", "assistant"):
        notes.append(f"message '{mid}': unknown sender '{sender}'; message skipped")
        return None
    parts = (*_content(msg, where, mid, notes), *_attachments(msg, where))
    if not parts:
        return None
    return Message(id=mid, role="user" if sender == "human" else "assistant", parts=parts,
                   time=epoch(msg.get("created_at"), f"{where}.created_at"))


def _content(msg: dict[str, Any], where: str, mid: str, notes: list[str]) -> tuple[Part, ...]:
    blocks = items(msg.get("content"), f"{where}.content")
    if not blocks:
        plain = text(msg.get("text"), f"{where}.text")
        return (Text(plain),) if plain.strip() else ()
    found = (_block(b, f"{where}.content[{n}]", mid, notes) for n, b in enumerate(blocks))
    return tuple(p for p in found if p is not None)


def _block(raw: Any, where: str, mid: str, notes: list[str]) -> Part | None:
    block = obj(raw, where)
    kind = required(block.get("type"), f"{where}.type")
    if kind == "text":
        body = text(block.get("text"), f"{where}.text") + _sources(block.get("citations"))
        return Text(body) if body.strip() else None
    if kind == "thinking":
        body = text(block.get("thinking"), f"{where}.thinking")
        return Thinking(body) if body.strip() else None
    if kind == "tool_use":
        return _tool_use(block, where)
    if kind == "tool_result":
        return ToolResult(text(block.get("name"), f"{where}.name") or "tool",
                          _result_text(block.get("content")))
    notes.append(f"message '{mid}': unknown content type '{kind}' kept as a JSON block")
    return Unknown(kind, json.dumps(block, indent=2, ensure_ascii=False, sort_keys=True))


def _tool_use(block: dict[str, Any], where: str) -> Part:
    name = text(block.get("name"), f"{where}.name") or "tool"
    given = block.get("input")
    if name == "artifacts" and isinstance(given, dict) and isinstance(given.get("content"), str):
        kind = str(given.get("type", ""))
        language = str(given.get("language") or ARTIFACT_LANGUAGES.get(kind, ""))
        return Code(given["content"], language)
    return ToolCall(name, json.dumps(given, indent=2, ensure_ascii=False, sort_keys=True))


def _result_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    pieces = content if isinstance(content, list) else []
    texts = [p.get("text") for p in pieces if isinstance(p, dict)]
    found = [t for t in texts if isinstance(t, str)]
    return "\n\n".join(found) if found else json.dumps(content, indent=2, ensure_ascii=False)


def _sources(citations: Any) -> str:
    """Citations of a text block as a line of links after it."""
    found = (_cite_link(c) for c in (citations if isinstance(citations, list) else []))
    unique = list(dict.fromkeys(f for f in found if f))
    return f"\n\n(Sources: {', '.join(unique)})" if unique else ""


def _cite_link(cite: Any) -> str:
    if not isinstance(cite, dict):
        return ""
    details = cite.get("details")
    for source in (cite, details if isinstance(details, dict) else {}):
        url, title = source.get("url"), source.get("title")
        if isinstance(url, str) and url:
            return link(title if isinstance(title, str) and title else url, url)
    return ""


def _attachments(msg: dict[str, Any], where: str) -> tuple[Part, ...]:
    parts: list[Part] = []
    for n, raw in enumerate(items(msg.get("attachments"), f"{where}.attachments")):
        entry = obj(raw, f"{where}.attachments[{n}]")
        parts.append(Attachment(text(entry.get("file_name"), f"{where}.attachments[{n}].file_name")
                                or "attachment",
                                text(entry.get("extracted_content"),
                                     f"{where}.attachments[{n}].extracted_content")))
    key = "files_v2" if msg.get("files_v2") else "files"
    for n, raw in enumerate(items(msg.get(key), f"{where}.{key}")):
        entry = obj(raw, f"{where}.{key}[{n}]")
        name = text(entry.get("file_name"), f"{where}.{key}[{n}].file_name") or "file"
        parts.append(Image(name, name) if name.lower().endswith(IMAGE_SUFFIXES)
                     else Attachment(name))
    return tuple(parts)


def _created(conv: dict[str, Any], nodes: tuple[Node, ...]) -> datetime:
    when = epoch(conv.get("created_at"), "created_at")
    if when is None:
        times = [n.message.time for n in nodes if n.message and n.message.time is not None]
        if not times:
            raise FormatError("created_at", "missing, and no message has a time either")
        when = min(times)
    return datetime.fromtimestamp(when, UTC)

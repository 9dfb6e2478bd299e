"""Read one conversation of a ChatGPT export (``conversations.json``) into the model.

A ChatGPT conversation is a tree: ``mapping`` holds nodes with ``parent``, ``children`` and
a ``message`` (or null); ``current_node`` is the leaf of the branch the app shows. Hidden
messages (system prompts, custom instructions, tool calls, browsing status) become nodes
without a message, so threading can step over them; content types this reader does not know
are kept as :class:`Unknown` parts and named in a warning.
"""

from __future__ import annotations

import json
import re
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
    Code,
    Conversation,
    Image,
    Message,
    Node,
    Output,
    Part,
    Quote,
    Text,
    Thinking,
    Unknown,
)

HIDDEN_TYPES = frozenset({
    "user_editable_context", "model_editable_context", "tether_browsing_display",
    "reasoning_recap", "system_error", "sonic_webpage", "computer_output",
})
"""Known content types that hold internal status, never shown as part of the chat."""
TOOL_VISIBLE = frozenset({"execution_output", "multimodal_text", "tether_quote"})
SHOWN_RECIPIENTS = ("all", "python", "canmore.create_textdoc")
_MARKER = re.compile("\ue200[^\ue201]*\ue201")


def read(raw: Any) -> tuple[Conversation, list[str]]:
    """One conversation and the warnings about its content."""
    conv = obj(raw, "conversation")
    cid = conversation_id(conv)
    mapping = obj(conv.get("mapping"), "mapping")
    parents = _parents_from_children(mapping)
    notes: list[str] = []
    nodes = tuple(_node(key, value, order, parents, notes)
                  for order, (key, value) in enumerate(mapping.items()))
    current = optional_id(conv.get("current_node"), "current_node")
    return Conversation(
        service="chatgpt", id=cid, title=text(conv.get("title"), "title").strip(),
        created=_created(conv, nodes), nodes=nodes, current=current,
        model=_model(conv, nodes, current), source_url=f"https://chatgpt.com/c/{cid}",
    ), notes


def conversation_id(conv: dict[str, Any]) -> str:
    """The conversation's id (``conversation_id``, or ``id`` in older exports)."""
    for key in ("conversation_id", "id"):
        value = optional_id(conv.get(key), key)
        if value:
            return value
    raise FormatError("conversation_id", "missing (neither 'conversation_id' nor 'id' is set)")


def _parents_from_children(mapping: dict[str, Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for key, node in mapping.items():
        if isinstance(node, dict):
            for child in items(node.get("children"), f"mapping['{key}'].children"):
                if isinstance(child, str):
                    found.setdefault(child, key)
    return found


def _node(key: str, raw: Any, order: int, parents: dict[str, str], notes: list[str]) -> Node:
    where = f"mapping['{key}']"
    node = obj(raw, where)
    parent = (optional_id(node.get("parent"), f"{where}.parent") if "parent" in node
              else parents.get(key))
    message = _message(node.get("message"), f"{where}.message", key, notes)
    return Node(id=key, parent=parent, message=message, order=order)


def _message(raw: Any, where: str, key: str, notes: list[str]) -> Message | None:
    if raw is None:
        return None
    msg = obj(raw, where)
    role = required(obj(msg.get("author"), f"{where}.author").get("role"), f"{where}.author.role")
    content = obj(msg.get("content"), f"{where}.content")
    kind = required(content.get("content_type"), f"{where}.content.content_type")
    metadata = obj(msg.get("metadata") or {}, f"{where}.metadata")
    recipient = text(msg.get("recipient"), f"{where}.recipient") or "all"
    mid = text(msg.get("id"), f"{where}.id") or key
    if role not in ("user", "assistant", "tool", "system"):
        notes.append(f"message '{mid}': unknown author role '{role}'; message skipped")
        return None
    if _hidden(role, kind, recipient, metadata):
        return None
    parts = _parts(content, kind, recipient, metadata, f"{where}.content", mid, notes)
    if not parts:
        return None
    return Message(id=mid, role="user" if role == "user" else "assistant", parts=parts,
                   time=epoch(msg.get("create_time"), f"{where}.create_time"),
                   model=text(metadata.get("model_slug"), f"{where}.metadata.model_slug"))


def _hidden(role: str, kind: str, recipient: str, metadata: dict[str, Any]) -> bool:
    if role == "system" or metadata.get("is_visually_hidden_from_conversation"):
        return True
    if kind in HIDDEN_TYPES:
        return True
    if role == "tool":
        return kind not in TOOL_VISIBLE
    return role == "assistant" and not recipient.startswith(SHOWN_RECIPIENTS)


def _parts(content: dict[str, Any], kind: str, recipient: str, metadata: dict[str, Any],
           where: str, mid: str, notes: list[str]) -> tuple[Part, ...]:
    if kind in ("text", "multimodal_text"):
        raw_parts = items(content.get("parts"), f"{where}.parts")
        found = [_part(p, f"{where}.parts[{n}]", mid, notes) for n, p in enumerate(raw_parts)]
        return tuple(_cite(p, metadata) for p in found if p is not None)
    if kind == "code":
        return _code(content, recipient, where)
    if kind == "execution_output":
        return _nonempty(Output(text(content.get("text"), f"{where}.text")))
    if kind == "thoughts":
        return _nonempty(_thoughts(content, where))
    if kind == "tether_quote":
        return _nonempty(_quote(content, where))
    notes.append(f"message '{mid}': unknown content type '{kind}' kept as a JSON block")
    return (Unknown(kind, _json(content)),)


def _part(raw: Any, where: str, mid: str, notes: list[str]) -> Part | None:
    if isinstance(raw, str):
        return Text(raw) if raw.strip() else None
    part = obj(raw, where)
    kind = text(part.get("content_type"), f"{where}.content_type")
    if kind == "image_asset_pointer":
        return Image(text(part.get("asset_pointer"), f"{where}.asset_pointer"), _alt(part))
    if kind == "audio_transcription":
        said = text(part.get("text"), f"{where}.text")
        return Text(said) if said.strip() else None
    if kind in ("audio_asset_pointer", "real_time_user_audio_video_asset_pointer"):
        return Text("*(A voice recording, not imported.)*")
    notes.append(f"message '{mid}': unknown content type '{kind}' kept as a JSON block")
    return Unknown(kind, _json(part))


def _alt(part: dict[str, Any]) -> str:
    meta = part.get("metadata")
    dalle = meta.get("dalle") if isinstance(meta, dict) else None
    prompt = dalle.get("prompt") if isinstance(dalle, dict) else None
    return " ".join(prompt.split())[:200] if isinstance(prompt, str) else ""


def _code(content: dict[str, Any], recipient: str, where: str) -> tuple[Part, ...]:
    body = text(content.get("text"), f"{where}.text")
    language = text(content.get("language"), f"{where}.language")
    if recipient.startswith("canmore."):
        return _canvas(body)
    if language in ("", "unknown"):
        language = "python" if recipient == "python" else ""
    return _nonempty(Code(body, language))


def _canvas(body: str) -> tuple[Part, ...]:
    """A canvas document the model created: its text, as a document or as code."""
    try:
        doc = json.loads(body)
    except ValueError:
        return _nonempty(Code(body))
    if not isinstance(doc, dict) or not isinstance(doc.get("content"), str):
        return _nonempty(Code(body, "json"))
    kind = str(doc.get("type", ""))
    title = Text(f"**{doc['name']}**") if isinstance(doc.get("name"), str) else None
    body_part: Part = (Code(doc["content"], kind.split("/", 1)[1]) if kind.startswith("code/")
                       else Text(doc["content"]))
    return (title, body_part) if title else (body_part,)


def _thoughts(content: dict[str, Any], where: str) -> Thinking:
    blocks = []
    for n, thought in enumerate(items(content.get("thoughts"), f"{where}.thoughts")):
        entry = obj(thought, f"{where}.thoughts[{n}]")
        summary = text(entry.get("summary"), f"{where}.thoughts[{n}].summary").strip()
        body = text(entry.get("content"), f"{where}.thoughts[{n}].content").strip()
        blocks.append("\n\n".join(b for b in (f"**{summary}**" if summary else "", body) if b))
    return Thinking("\n\n".join(b for b in blocks if b))


def _quote(content: dict[str, Any], where: str) -> Quote:
    return Quote(text=text(content.get("text"), f"{where}.text"),
                 title=text(content.get("title"), f"{where}.title"),
                 url=text(content.get("url"), f"{where}.url"))


def _nonempty(part: Part) -> tuple[Part, ...]:
    value = getattr(part, "text", None) or getattr(part, "code", None) \
        or getattr(part, "markdown", None)
    return (part,) if value and value.strip() else ()


def _cite(part: Part, metadata: dict[str, Any]) -> Part:
    """Turn citation markers in a text part into links to the cited pages."""
    if not isinstance(part, Text):
        return part
    body = _cite_spans(part.markdown, metadata.get("citations"))
    body = _cite_references(body, metadata.get("content_references"))
    return Text(_MARKER.sub("", body))


def _cite_spans(body: str, citations: Any) -> str:
    spans = []
    for cite in citations if isinstance(citations, list) else []:
        if not isinstance(cite, dict):
            continue
        start, end = cite.get("start_ix"), cite.get("end_ix")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(body):
            spans.append((start, end, _target(cite.get("metadata"))))
    for start, end, target in sorted(spans, reverse=True):
        body = body[:start] + _cited(body[:start], [target] if target else []) + body[end:]
    return body


def _cited(before: str, targets: list[str]) -> str:
    """Links in parentheses, with a space before them unless the text has one."""
    if not targets:
        return ""
    space = "" if not before or before[-1].isspace() else " "
    return f"{space}({', '.join(targets)})"


def _cite_references(body: str, references: Any) -> str:
    for ref in references if isinstance(references, list) else []:
        if not isinstance(ref, dict) or not isinstance(ref.get("matched_text"), str):
            continue
        found = [_target(i) for i in ref.get("items") or [] if isinstance(i, dict)]
        targets = [t for t in (*found, _target(ref)) if t]
        marker = ref["matched_text"]
        while marker and marker in body:
            at = body.index(marker)
            body = body[:at] + _cited(body[:at], targets) + body[at + len(marker):]
    return body


def _target(meta: Any) -> str:
    if not isinstance(meta, dict) or not isinstance(meta.get("url"), str) or not meta["url"]:
        return ""
    title = meta.get("title") if isinstance(meta.get("title"), str) else ""
    return link(title or meta["url"], meta["url"])


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True)


def _created(conv: dict[str, Any], nodes: tuple[Node, ...]) -> datetime:
    when = epoch(conv.get("create_time"), "create_time")
    if when is None:
        times = [n.message.time for n in nodes if n.message and n.message.time is not None]
        if not times:
            raise FormatError("create_time", "missing, and no message has a time either")
        when = min(times)
    return datetime.fromtimestamp(when, UTC)


def _model(conv: dict[str, Any], nodes: tuple[Node, ...], current: str | None) -> str:
    for key in ("default_model_slug", "model_slug"):
        value = conv.get(key)
        if isinstance(value, str) and value:
            return value
    by_id = {n.id: n for n in nodes}
    node = by_id.get(current or "")
    return node.message.model if node and node.message else ""

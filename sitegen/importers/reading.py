"""Read every conversation of an opened export, carrying on past the broken ones.

Each conversation is read and threaded on its own: a malformed one becomes an error that
names the file, the conversation and the field, and the others are still imported.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sitegen.errors import Problem, SitegenError, error, warning
from sitegen.importers import chatgpt, claude
from sitegen.importers.archive import Export
from sitegen.importers.fields import FormatError
from sitegen.importers.model import Conversation, Thread
from sitegen.importers.thread import build_thread
from sitegen.importers.writer import post_title

Service = Literal["chatgpt", "claude"]
Reader = Callable[[Any], tuple[Conversation, list[str]]]
READERS: dict[str, Reader] = {"chatgpt": chatgpt.read, "claude": claude.read}
_SHAPE_ERRORS = (ValueError, TypeError, KeyError, AttributeError, OverflowError, OSError)


@dataclass(frozen=True)
class Imported:
    """A conversation read from the export and the exchanges to write for it."""

    conversation: Conversation
    thread: Thread


@dataclass(frozen=True)
class Loaded:
    """Everything read from an export: the conversations, and the problems met."""

    items: tuple[Imported, ...]
    problems: tuple[Problem, ...]

    @property
    def failed(self) -> int:
        return sum(1 for p in self.problems if p.is_error)


def load(export: Export, service: Service) -> Loaded:
    """Read and thread every conversation in the export's conversation files."""
    files = export.conversation_files()
    if not files:
        raise SitegenError("no conversations.json (or conversations-000.json) in the export",
                           export.label, hint="pass the export zip or its conversations.json")
    items: list[Imported] = []
    problems: list[Problem] = []
    for name in files:
        where = f"{export.label}/{name}" if not export.label.endswith(name) else export.label
        for imported, found in _read_file(export, name, where, READERS[service]):
            problems.extend(found)
            if imported is not None:
                items.append(imported)
    return Loaded(_unique(items, problems, export.label), tuple(problems))


def _read_file(export: Export, name: str, where: str,
               reader: Reader) -> Iterable[tuple[Imported | None, list[Problem]]]:
    try:
        data = json.loads(export.read(name).decode("utf-8-sig"))
    except SitegenError as exc:
        yield None, [error(where, None, exc.message, exc.hint)]
        return
    except UnicodeDecodeError as exc:
        yield None, [error(where, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
        return
    except json.JSONDecodeError as exc:
        yield None, [error(where, exc.lineno, f"invalid JSON: {exc.msg} (column {exc.colno})")]
        return
    conversations = data.get("conversations") if isinstance(data, dict) else data
    if not isinstance(conversations, list):
        yield None, [error(where, None, "expected a list of conversations at the top level")]
        return
    for index, raw in enumerate(conversations):
        yield _read_one(raw, index, where, reader)


def _read_one(raw: Any, index: int, where: str,
              reader: Reader) -> tuple[Imported | None, list[Problem]]:
    label = describe(raw, index)
    hint = "this conversation was not imported; the others were"
    try:
        conversation, notes = reader(raw)
        thread = build_thread(conversation)
    except FormatError as exc:
        return None, [error(where, None, f"conversation {label}: {exc}", hint)]
    except _SHAPE_ERRORS as exc:
        return None, [error(where, None, f"conversation {label}: unexpected data ({exc})", hint)]
    found = [warning(where, None, f"conversation {label}: {note}") for note in notes]
    if thread.dropped:
        found.append(warning(where, None, f"conversation {label}: {thread.dropped} messages "
                             "that continue other branches are not in the post"))
    return Imported(conversation, thread), found


def describe(raw: Any, index: int) -> str:
    """How messages name a conversation: its title and id, or its position."""
    if not isinstance(raw, dict):
        return f"#{index + 1}"
    title = next((raw[k] for k in ("title", "name") if isinstance(raw.get(k), str)), "")
    cid = next((raw[k] for k in ("conversation_id", "id", "uuid")
                if isinstance(raw.get(k), str) and raw[k]), "")
    title = " ".join(title.split())[:80]
    if title and cid:
        return f"'{title}' ({cid})"
    return f"'{title}'" if title else (cid or f"#{index + 1}")


def _unique(items: list[Imported], problems: list[Problem], label: str
            ) -> tuple[Imported, ...]:
    seen: dict[str, Imported] = {}
    for item in items:
        cid = item.conversation.id
        if cid in seen:
            problems.append(warning(label, None, f"conversation {cid} appears twice in the "
                                    "export; the first copy is imported"))
            continue
        seen[cid] = item
    return tuple(sorted(seen.values(), key=lambda i: (i.conversation.created, i.conversation.id)))


def select(items: Iterable[Imported], wanted: list[str], since: datetime | None
           ) -> list[Imported]:
    """The conversations matching any of ``wanted`` (id, or words of the title) and ``since``."""
    chosen = [i for i in items if not wanted or any(_matches(i, w) for w in wanted)]
    return [i for i in chosen if since is None or i.conversation.created >= since]


def _matches(item: Imported, wanted: str) -> bool:
    if wanted == item.conversation.id:
        return True
    title = post_title(item.conversation, item.thread)
    return wanted.casefold() in title.casefold() if wanted.strip() else False

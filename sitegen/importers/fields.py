"""Checked access to the fields of an export's JSON, with errors that name the field.

Exports are large JSON documents written by someone else; a reader never trusts a shape.
Each accessor either returns a value of the expected type or raises :class:`FormatError`
naming the field path (``mapping['a1'].message.content``) and what was found instead.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


class FormatError(Exception):
    """A conversation's JSON is not what the format promises."""

    def __init__(self, field: str, message: str):
        super().__init__(f"field '{field}': {message}")
        self.field = field
        self.message = message


def kind(value: Any) -> str:
    """A JSON-ish name for the type of a value, for error messages."""
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
             int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def obj(value: Any, field: str) -> dict[str, Any]:
    """The value as a JSON object, or a FormatError."""
    if not isinstance(value, dict):
        raise FormatError(field, f"expected an object, found {kind(value)}")
    return value


def items(value: Any, field: str) -> list[Any]:
    """The value as a list (null counts as empty), or a FormatError."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise FormatError(field, f"expected a list, found {kind(value)}")
    return value


def text(value: Any, field: str) -> str:
    """The value as a string (null counts as empty), or a FormatError."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise FormatError(field, f"expected a string, found {kind(value)}")
    return value


def required(value: Any, field: str) -> str:
    """A string that must be present and not empty."""
    found = text(value, field)
    if not found:
        raise FormatError(field, "missing")
    return found


def optional_id(value: Any, field: str) -> str | None:
    """An identifier that may be missing: a string, or None."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    raise FormatError(field, f"expected an id string, found {kind(value)}")


def epoch(value: Any, field: str) -> float | None:
    """Seconds since the epoch from a number or an ISO 8601 string; None when missing."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise FormatError(field, "expected a time, found a boolean")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        return _parse_iso(value, field).timestamp()
    raise FormatError(field, f"expected a time, found {kind(value)}")


def _parse_iso(value: str, field: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise FormatError(field, f"'{value[:40]}' is not an ISO 8601 time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)

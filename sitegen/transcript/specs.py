"""Speaker declarations: front matter ``speakers:`` or ``_config.yml`` ``transcript.speakers``.

Accepted shapes::

    speakers: [Zhiwei, ChatGPT]                 # names only
    speakers:
      Zhiwei: asker                             # name: role
      ChatGPT: {role: answerer, display: "GPT", aliases: [GPT-4], avatar: /a.png, color: "#0a7"}

Bad shapes become problems naming the file and line; they never raise.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sitegen.errors import Problem, did_you_mean, error, warning
from sitegen.transcript.model import Role, SpeakerSpec

ROLES: tuple[Role, ...] = ("asker", "answerer")
_FIELDS = ("role", "display", "aliases", "avatar", "color")
_HINT = "write 'speakers: {Name: {role: asker}, Other: {role: answerer}}'"


def parse_speaker_specs(raw: object, path: str, line: int | None
                        ) -> tuple[dict[str, SpeakerSpec], list[Problem]]:
    """Speaker declarations from front matter or config, and the problems found in them."""
    if raw is None:
        return {}, []
    if isinstance(raw, str):
        raw = [raw]
    if isinstance(raw, list):
        return _from_list(raw, path, line)
    if isinstance(raw, Mapping):
        return _from_mapping(raw, path, line)
    kind = type(raw).__name__
    return {}, [error(path, line, f"speakers must be a mapping or a list of names, not {kind}",
                      _HINT)]


def _from_list(items: list[Any], path: str, line: int | None
               ) -> tuple[dict[str, SpeakerSpec], list[Problem]]:
    specs: dict[str, SpeakerSpec] = {}
    problems: list[Problem] = []
    for item in items:
        if isinstance(item, Mapping) and isinstance(item.get("name"), str):
            fields = {k: v for k, v in item.items() if k != "name"}
            spec, found = _spec(item["name"], fields, path, line)
            specs[spec.name] = spec
            problems += found
        elif isinstance(item, str | int | float) and not isinstance(item, bool) and str(item):
            specs[str(item)] = SpeakerSpec(str(item))
        else:
            problems.append(error(path, line, f"speaker {item!r} is not a name", _HINT))
    return specs, problems


def _from_mapping(raw: Mapping[Any, Any], path: str, line: int | None
                  ) -> tuple[dict[str, SpeakerSpec], list[Problem]]:
    specs: dict[str, SpeakerSpec] = {}
    problems: list[Problem] = []
    for name, value in raw.items():
        if not str(name).strip():
            problems.append(error(path, line, "a speaker has an empty name", _HINT))
            continue
        if value is None or isinstance(value, str):
            value = {} if value is None else {"role": value}
        if not isinstance(value, Mapping):
            problems.append(error(path, line, f"speaker '{name}' must be a mapping of settings",
                                  "write 'Name: {role: asker}'"))
            continue
        spec, found = _spec(str(name), value, path, line)
        specs[spec.name] = spec
        problems += found
    return specs, problems


def _spec(name: str, fields: Mapping[Any, Any], path: str, line: int | None
          ) -> tuple[SpeakerSpec, list[Problem]]:
    problems = [_unknown_field(name, str(k), path, line) for k in fields if k not in _FIELDS]
    role = _role(name, fields.get("role"), path, line, problems)
    aliases = _aliases(name, fields.get("aliases"), path, line, problems)
    text = {k: _text(name, k, fields.get(k), path, line, problems)
            for k in ("display", "avatar", "color")}
    spec = SpeakerSpec(name.strip(), role, text["display"], aliases, text["avatar"], text["color"])
    return spec, problems


def _unknown_field(name: str, field: str, path: str, line: int | None) -> Problem:
    hint = did_you_mean(field, _FIELDS) or f"known settings: {', '.join(_FIELDS)}"
    return warning(path, line, f"unknown setting '{field}' for speaker '{name}'", hint)


def _role(name: str, value: object, path: str, line: int | None,
          problems: list[Problem]) -> Role | None:
    if value is None:
        return None
    text = str(value).strip().lower()
    if text == "asker" or text == "answerer":
        return "asker" if text == "asker" else "answerer"
    hint = did_you_mean(text, ROLES) or "use 'asker' or 'answerer'"
    problems.append(error(path, line, f"speaker '{name}' has unknown role '{value}'", hint))
    return None


def _aliases(name: str, value: object, path: str, line: int | None,
             problems: list[Problem]) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str | int) for v in value):
        return tuple(str(v) for v in value)
    problems.append(error(path, line, f"aliases of speaker '{name}' must be a list of names",
                          "write 'aliases: [GPT-4, GPT]'"))
    return ()


def _text(name: str, field: str, value: object, path: str, line: int | None,
          problems: list[Problem]) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    problems.append(error(path, line, f"{field} of speaker '{name}' must be text",
                          f"write '{field}: \"...\"'"))
    return None

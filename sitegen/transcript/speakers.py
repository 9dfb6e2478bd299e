"""Who is a speaker, in which label style, and with which role.

Declared speakers (front matter ``speakers:``) are the only speakers when the post uses
them; otherwise speakers are detected in the post's dominant label style: well-known
names (assistants, ``User``, ``Q``...), names declared site-wide, and other names used at
least twice that take turns with a known speaker. Section words are never speakers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sitegen.transcript import names
from sitegen.transcript.labels import Label
from sitegen.transcript.model import Role, SpeakerSpec

MAX_UNKNOWN = 6
"""More names nobody knows than this are not a conversation but a glossary or a list."""


@dataclass(frozen=True, slots=True)
class Cast:
    """The speakers of one post: their label style and, per name key, who they are."""

    style: str = ""
    members: Mapping[str, str] = field(default_factory=dict)
    """Label key -> canonical name."""
    roles: Mapping[str, Role] = field(default_factory=dict)
    """Canonical name -> role."""
    specs: Mapping[str, SpeakerSpec] = field(default_factory=dict)
    """Canonical name -> declaration, for declared speakers."""

    def name_of(self, label: Label) -> str | None:
        """The canonical speaker a label names, if it is a turn of this cast."""
        return self.members.get(label.key) if label.style == self.style else None


class _Specs:
    """Declared speakers indexed by every key that names them."""

    def __init__(self, specs: Mapping[str, SpeakerSpec] | None):
        self.by_key: dict[str, SpeakerSpec] = {}
        for spec in (specs or {}).values():
            for alias in (spec.name, *spec.aliases):
                self.by_key.setdefault(names.key(alias), spec)

    def __bool__(self) -> bool:
        return bool(self.by_key)


def choose_cast(labels: Sequence[Label], declared: Mapping[str, SpeakerSpec] | None,
                known: Mapping[str, SpeakerSpec] | None) -> Cast:
    """The speakers of a post from its candidate labels."""
    exclusive = _Specs(declared)
    if exclusive:
        cast = _declared_cast(labels, exclusive)
        if _viable(labels, cast):
            return cast
    merged = dict(known or {})
    merged.update(declared or {})
    return _detected_cast(labels, _Specs(merged))


def _viable(labels: Sequence[Label], cast: Cast) -> bool:
    speaking = [cast.name_of(label) for label in labels]
    return len([n for n in speaking if n]) >= 2 and len({n for n in speaking if n}) >= 2


def _declared_cast(labels: Sequence[Label], specs: _Specs) -> Cast:
    matching = [label for label in labels if label.key in specs.by_key]
    style = _dominant({s: len(ls) for s, ls in _by_style(matching).items()}, matching)
    members = {la.key: specs.by_key[la.key].name for la in matching if la.style == style}
    return _with_roles(style, members, specs, matching)


def _detected_cast(labels: Sequence[Label], specs: _Specs) -> Cast:
    groups = _by_style(labels)
    eligible = {style: _eligible(seq, specs) for style, seq in groups.items()}
    scores = {s: sum(1 for la in groups[s] if la.key in eligible[s]) for s in groups}
    style = _dominant(scores, labels)
    if not style or scores[style] == 0:
        return Cast()
    members: dict[str, str] = {}
    for label in groups[style]:
        if label.key in eligible[style]:
            spec = specs.by_key.get(label.key)
            members.setdefault(label.key, spec.name if spec else label.name)
    return _with_roles(style, members, specs, groups[style])


def _by_style(labels: Sequence[Label]) -> dict[str, list[Label]]:
    groups: dict[str, list[Label]] = {}
    for label in labels:
        groups.setdefault(label.style, []).append(label)
    return groups


def _dominant(scores: Mapping[str, int], labels: Sequence[Label]) -> str:
    order: dict[str, int] = {}
    for label in labels:
        order.setdefault(label.style, len(order))
    best = sorted(scores, key=lambda s: (-scores[s], order.get(s, 0)))
    return best[0] if best else ""


def _eligible(seq: Sequence[Label], specs: _Specs) -> set[str]:
    counts = Counter(label.key for label in seq)
    present = {names.bare(k) for k in counts}
    roles = {k: role for k in counts if (role := _known(k, present, specs)) is not None}
    known = set(roles)
    first = {la.key: la for la in reversed(seq) if not la.bare}
    unknown = {k for k, la in first.items() if k not in known and _could_be_speaker(la, counts)}
    if known:
        paired = _turn_takers(seq, roles)
        unknown = {k for k in unknown if paired[k] and paired[k] * 2 >= counts[k]}
    else:
        unknown = {k for k in unknown if counts[k] >= 2}
        unknown = unknown if len(unknown) >= 2 else set()
    return known | (unknown if len(unknown) <= MAX_UNKNOWN else set())


def _known(key: str, present: set[str], specs: _Specs) -> str | None:
    """The role of a declared or well-known name ("" when declared without a role)."""
    spec = specs.by_key.get(key)
    if spec is not None:
        return spec.role or names.known_role(key) or ""
    return names.role_beside(key, present)


def _could_be_speaker(label: Label, counts: Mapping[str, int]) -> bool:
    name = label.name
    if not names.plausible(name) or names.is_stop(name) or names.starts_lowercase(name):
        return False
    return counts[label.key] >= 2 or names.looks_like_person(name)


def _turn_takers(seq: Sequence[Label], roles: Mapping[str, object]) -> Counter[str]:
    """How often each name speaks right before a known answerer or after a known asker."""
    paired: Counter[str] = Counter()
    for i, label in enumerate(seq):
        before = roles.get(seq[i - 1].key) if i > 0 else None
        after = roles.get(seq[i + 1].key) if i + 1 < len(seq) else None
        if before == "asker" or after == "answerer":
            paired[label.key] += 1
    return paired


def _with_roles(style: str, members: Mapping[str, str], specs: _Specs,
                seq: Sequence[Label]) -> Cast:
    canon = list(dict.fromkeys(members[la.key] for la in seq if la.key in members))
    keys = {names.bare(names.key(n)) for n in canon}
    roles: dict[str, Role | None] = {n: _declared_or_known_role(n, specs, keys) for n in canon}
    for name in canon:
        if roles[name] is None:
            roles[name] = _role_from_neighbours(names.key(name), seq, roles, members)
    unknown = [n for n in canon if roles[n] is None]
    has_asker = any(r == "asker" for r in roles.values())
    final = {n: r or ("answerer" if has_asker or n != unknown[0] else "asker")
             for n, r in roles.items()}
    declared = {n: specs.by_key[names.key(n)] for n in canon if names.key(n) in specs.by_key}
    return Cast(style, dict(members), final, declared)


def _role_from_neighbours(key: str, seq: Sequence[Label], roles: Mapping[str, Role | None],
                          members: Mapping[str, str]) -> Role | None:
    """Asker if the name mostly speaks right before an answerer, answerer if after an asker."""
    def role_at(i: int) -> Role | None:
        if 0 <= i < len(seq) and seq[i].key in members:
            return roles.get(members[seq[i].key])
        return None
    asks = answers = 0
    for i, label in enumerate(seq):
        if label.key == key:
            asks += role_at(i + 1) == "answerer"
            answers += role_at(i - 1) == "asker"
    if asks == answers:
        return None
    return "asker" if asks > answers else "answerer"


def _declared_or_known_role(name: str, specs: _Specs, present: set[str]) -> Role | None:
    spec = specs.by_key.get(names.key(name))
    if spec is not None and spec.role:
        return spec.role
    return names.role_beside(names.key(name), present)

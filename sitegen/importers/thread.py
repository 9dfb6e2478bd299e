"""Turn a conversation tree into the exchanges of a post (pure).

The branch the app shows (from the root to ``current``) is the transcript. Where it forks:

- an answer regenerated (several answers below one question) becomes the same question
  asked again with the other answer, so the transcript engine groups them as variants;
- a prompt edited to the same words is treated the same way;
- a prompt edited to other words stays with the exchange it belongs to, as an ``Earlier``
  version with the answer it got (the writer shows it collapsed inside the question's turn).

The shown branch comes first, other versions follow in the order they were written. Hidden
nodes are stepped over; a cycle in the parent links is a :class:`FormatError`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sitegen.importers.fields import FormatError
from sitegen.importers.model import Conversation, Earlier, Exchange, Message, Node, Text, Thread


@dataclass(frozen=True)
class Tree:
    """The visible messages of a conversation and how they hang together."""

    messages: Mapping[str, Message]
    parent: Mapping[str, str | None]
    """Nearest visible ancestor of every node (visible or not); None at the root."""
    children: Mapping[str | None, tuple[str, ...]]
    """Visible children of every visible node (and of the root, None), oldest first."""


def build_thread(conversation: Conversation) -> Thread:
    """The exchanges to write for a conversation."""
    tree = visible_tree(conversation.nodes)
    path = main_path(tree, conversation.current)
    on_path = frozenset(path)
    exchanges: list[Exchange] = []
    for question, answer in _groups(tree, path):
        exchanges.extend(_exchanges(tree, question, answer, on_path))
    written = {m.id for e in exchanges for m in _messages_of(e)}
    reworded = {s for q in written for s in _same_words(tree, q)}
    return Thread(tuple(exchanges), dropped=len(set(tree.messages) - written - reworded))


def visible_tree(nodes: Iterable[Node]) -> Tree:
    """Index the nodes, step over hidden ones, and refuse cycles."""
    by_id = {n.id: n for n in nodes}
    parent = _visible_parents(by_id)
    messages = {i: n.message for i, n in by_id.items() if n.message is not None}
    grouped: dict[str | None, list[str]] = defaultdict(list)
    for node_id in messages:
        grouped[parent[node_id]].append(node_id)
    order = {i: n.order for i, n in by_id.items()}

    def age(node_id: str) -> tuple[bool, float, int]:
        time = messages[node_id].time
        return (time is None, time or 0.0, order[node_id])

    children = {k: tuple(sorted(v, key=age)) for k, v in grouped.items()}
    return Tree(messages, parent, children)


def _visible_parents(by_id: Mapping[str, Node]) -> dict[str, str | None]:
    resolved: dict[str, str | None] = {}
    for start in by_id:
        chain: list[str] = []
        node: str | None = start
        while node is not None and node not in resolved:
            if node in chain:
                raise _cycle(chain[chain.index(node):])
            chain.append(node)
            node = _raw_parent(by_id, node)
        for child in reversed(chain):
            up = _raw_parent(by_id, child)
            shown = up is not None and by_id[up].message is not None
            resolved[child] = up if shown or up is None else resolved[up]
    return resolved


def _raw_parent(by_id: Mapping[str, Node], node_id: str) -> str | None:
    parent = by_id[node_id].parent
    return parent if parent in by_id else None


def _cycle(ids: list[str]) -> FormatError:
    loop = " -> ".join([*ids, ids[0]][:8]) + (" -> ..." if len(ids) > 7 else "")
    return FormatError("parent", f"the message tree has a cycle ({loop}); "
                                 "the conversation cannot be read")


def main_path(tree: Tree, current: str | None) -> list[str]:
    """Visible node ids from the root down to the shown leaf."""
    leaf = _leaf(tree, current)
    path: list[str] = []
    while leaf is not None:
        path.append(leaf)
        leaf = tree.parent[leaf]
    return path[::-1]


def _leaf(tree: Tree, current: str | None) -> str | None:
    if current is not None and current in tree.parent:
        return current if current in tree.messages else tree.parent[current]
    leaves = [i for i in tree.messages if not tree.children.get(i)]
    if not leaves:
        return None
    return max(leaves, key=lambda i: (tree.messages[i].time or 0.0, i))


def _groups(tree: Tree, path: list[str]) -> list[tuple[str | None, list[str]]]:
    """Split the path into (question, answer nodes); an opening answer has no question."""
    groups: list[tuple[str | None, list[str]]] = []
    for node_id in path:
        if tree.messages[node_id].role == "user" or not groups:
            is_user = tree.messages[node_id].role == "user"
            groups.append((node_id if is_user else None, [] if is_user else [node_id]))
        else:
            groups[-1][1].append(node_id)
    return groups


def _exchanges(tree: Tree, question: str | None, answer: list[str],
               on_path: frozenset[str]) -> list[Exchange]:
    asked = tree.messages[question] if question else None
    variants = _answer_variants(tree, question, answer, on_path)
    others: list[Earlier] = []
    if question is not None:
        same, others = _other_versions(tree, question)
        variants = sorted([*variants, *same], key=lambda v: v[0])
    main = Exchange(asked, _resolve(tree, answer), tuple(others))
    return [main, *(Exchange(asked, _resolve(tree, v)) for _, v in variants)]


def _answer_variants(tree: Tree, question: str | None, answer: list[str],
                     on_path: frozenset[str]) -> list[tuple[float, list[str]]]:
    """Other answers: a fork below the question or inside the answer, as full answers."""
    points = ([question] if question else []) + answer
    found = []
    for n, point in enumerate(points):
        prefix = answer[:n] if question else answer[: n + 1]
        for child in tree.children.get(point, ()):
            if child not in on_path and tree.messages[child].role != "user":
                found.append((_time(tree, child), prefix + _chain(tree, child)))
    return found


def _other_versions(tree: Tree, question: str) -> tuple[list[tuple[float, list[str]]],
                                                        list[Earlier]]:
    """Edited prompts beside the shown one: same words make variants, others ``Earlier``."""
    shown = tree.messages[question]
    same: list[tuple[float, list[str]]] = []
    others: list[Earlier] = []
    for sibling in tree.children.get(tree.parent[question], ()):
        version = tree.messages[sibling]
        if sibling == question or version.role != "user":
            continue
        answer = _first_answer(tree, sibling)
        if _words(version) == _words(shown):
            same.append((_time(tree, sibling), answer))
        else:
            later = (version.time or 0.0) > (shown.time or 0.0)
            others.append(Earlier(version, _resolve(tree, answer), later))
    return same, others


def _same_words(tree: Tree, question: str) -> list[str]:
    """Versions of a shown prompt with the same words (written as the shown one)."""
    shown = tree.messages[question]
    if shown.role != "user":
        return []
    siblings = tree.children.get(tree.parent[question], ())
    return [s for s in siblings if s != question and tree.messages[s].role == "user"
            and _words(tree.messages[s]) == _words(shown)]


def _first_answer(tree: Tree, question: str) -> list[str]:
    replies = [c for c in tree.children.get(question, ()) if tree.messages[c].role != "user"]
    return _chain(tree, replies[-1]) if replies else []


def _chain(tree: Tree, start: str) -> list[str]:
    """An answer from ``start`` down, following the newest reply until the next question."""
    chain = [start]
    while True:
        replies = [c for c in tree.children.get(chain[-1], ())
                   if tree.messages[c].role != "user"]
        if not replies:
            return chain
        chain.append(replies[-1])


def _time(tree: Tree, node_id: str) -> float:
    return tree.messages[node_id].time or 0.0


def _words(message: Message) -> str:
    texts = " ".join(p.markdown for p in message.parts if isinstance(p, Text))
    return " ".join(texts.split()).casefold()


def _resolve(tree: Tree, ids: list[str]) -> tuple[Message, ...]:
    return tuple(tree.messages[i] for i in ids)


def _messages_of(exchange: Exchange) -> list[Message]:
    found = ([exchange.question] if exchange.question else []) + list(exchange.answer)
    for other in exchange.others:
        found += [other.question, *other.answer]
    return found

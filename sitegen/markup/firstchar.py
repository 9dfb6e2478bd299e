"""Which characters a regular expression's match can start with.

A tokenizer that knows the character at its position need not try the rules that cannot
start there. ``first_char_test(pattern)`` reads the pattern's parse tree (the ``re``
module's own parser) down to the first element that consumes a character (a literal, a
class, any character, or a choice of these), passing over anchors and look-arounds, which
consume none. The test it returns is that element compiled on its own with the pattern's
flags, so case folding and classes mean exactly what they mean in the pattern.

A pattern that can match the empty string, or whose first element is anything else (a
back-reference, a group with flags of its own), gets no test: it may start anywhere.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable
from typing import Any

CharTest = Callable[[str], object]
"""Called with one character (or "" at the end of the text); true if a match may start."""

try:
    _parser: Any = importlib.import_module("re._parser")
    _compiler: Any = importlib.import_module("re._compiler")
    _c: Any = importlib.import_module("re._constants")
except ImportError:  # another Python's re: every rule is tried, as without this module
    _parser = _compiler = _c = None


@functools.lru_cache(maxsize=4096)
def first_char_test(pattern: re.Pattern[str]) -> CharTest | None:
    """A test of the first character of `pattern`'s matches, or None if there is none.
    (Kept per pattern: a lexer's states share many rules.)"""
    if _parser is None:
        return None
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        first = _first(parsed.data)
        if first is None or first[1] or not first[0]:
            return None
        nodes = first[0]
        alternatives = [_parser.SubPattern(parsed.state, [node]) for node in nodes]
        data = [(_c.BRANCH, (None, alternatives))] if len(nodes) > 1 else nodes
        test: CharTest = _compiler.compile(_parser.SubPattern(parsed.state, data),
                                           pattern.flags).match
        return test
    except (re.error, RecursionError, AttributeError, TypeError, ValueError):
        return None


First = tuple[list[Any], bool]
"""The single-character elements a match can begin with, and whether it can be empty."""


def _first(items: Any) -> First | None:
    """What a match of the sequence `items` can begin with; None if that is not known."""
    found: list[Any] = []
    for op, arg in items:
        if op in (_c.LITERAL, _c.NOT_LITERAL, _c.IN, _c.ANY):
            return [*found, (op, arg)], False
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue  # consumes nothing: the next element starts the match
        inner = _first_of_compound(op, arg)
        if inner is None:
            return None
        found += inner[0]
        if not inner[1]:
            return found, False
    return found, True  # every element may be empty


def _first_of_compound(op: Any, arg: Any) -> First | None:
    if op is _c.SUBPATTERN:
        _, add_flags, del_flags, inner = arg
        return None if add_flags or del_flags else _first(inner)
    if op is _c.BRANCH:
        found: list[Any] = []
        empty = False
        for alternative in arg[1]:
            first = _first(alternative)
            if first is None:
                return None
            found += first[0]
            empty = empty or first[1]
        return found, empty
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, _, inner = arg
        first = _first(inner)
        return None if first is None else (first[0], first[1] or low == 0)
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _first(arg)
    return None

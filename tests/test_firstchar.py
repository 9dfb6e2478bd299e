"""The first-character tests never rule out a character a match can start with."""

from __future__ import annotations

import functools
import re
from typing import Any

import pytest
from hypothesis import given, settings
from pygments.lexers import get_lexer_by_name
from test_lexing import SAMPLE, _regex_lexer_names, code_text

from sitegen.markup.firstchar import first_char_test
from sitegen.markup.lexing import ByChar


@pytest.mark.parametrize(("pattern", "starts", "never"), [
    (r"abc", "a", "bA"),
    (r"(?i)abc", "aA", "b"),
    (r"a*b", "ab", "c"),
    (r"(x|yz)+w", "xy", "zw"),
    (r"(?=q)[a-z]", "qz", "Q1"),
    (r"\bfoo|\d+", "f0", "o "),
    (r"[^\n]", "a ", "\n"),
    (r"(\s*)([rRuU]{,2})(\"\"\")", ' \tru"', "x#"),
    (r"(?s).", "a\n", ""),
])
def test_first_characters(pattern: str, starts: str, never: str) -> None:
    test = first_char_test(re.compile(pattern))
    assert test is not None
    assert all(test(char) for char in starts)
    assert not any(test(char) for char in never)


@pytest.mark.parametrize("pattern", [r"", r"a?", r"(?=x)", r"(a?)\1b", r"(?i:a)b", r"x*|y"])
def test_no_test_when_a_match_may_start_anywhere(pattern: str) -> None:
    assert first_char_test(re.compile(pattern)) is None


def _tokens(name: str) -> dict[str, Any]:
    tokens: dict[str, Any] = get_lexer_by_name(name)._tokens  # type: ignore[attr-defined]
    return tokens


def _rule_patterns() -> list[re.Pattern[str]]:
    patterns = []
    for name in _regex_lexer_names():
        for rules in _tokens(name).values():
            patterns += [rule[0].__self__ for rule in rules
                         if isinstance(getattr(rule[0], "__self__", None), re.Pattern)]
    return list({(p.pattern, p.flags): p for p in patterns}.values())


_test_of = functools.cache(first_char_test)


def _sound(pattern: re.Pattern[str], text: str) -> bool:
    test = _test_of(pattern)
    return test is None or all(
        test(text[pos] if pos < len(text) else "")
        for pos in range(len(text) + 1) if pattern.match(text, pos))


def test_every_rule_of_every_lexer_is_tested_soundly() -> None:
    patterns = _rule_patterns()
    assert len(patterns) > 5000
    tested = [p for p in patterns if _test_of(p) is not None]
    assert len(tested) > 0.8 * len(patterns)
    for pattern in tested:
        assert _sound(pattern, SAMPLE), pattern.pattern


@settings(max_examples=100, deadline=None)
@given(text=code_text)
def test_the_usual_rules_are_sound_on_random_text(text: str) -> None:
    for name in ("python", "bash", "javascript", "yaml", "html", "rust"):
        for rules in _tokens(name).values():
            for rule in rules:
                assert _sound(rule[0].__self__, text), rule[0].__self__.pattern


def test_a_state_tries_only_the_rules_that_can_start_at_the_character() -> None:
    root = _tokens("python")["root"]
    by_char = ByChar(root)
    tried = {char: len(by_char[char][1]) for char in "#rx"}
    assert tried["x"] < tried["r"] < len(root)  # r: raw strings and keywords
    assert 0 < tried["#"] < len(root)
    assert by_char["#"] is by_char["#"]

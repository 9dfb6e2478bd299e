"""Faster tokenizing for Pygments' regular-expression lexers, with the same tokens.

A ``RegexLexer`` tries the rules of its current state one regular expression at a time,
in a Python loop, so a token often costs a dozen calls. Here the rules of each state are
joined into one alternation, ``(rule1)|(rule2)|...``, which the regex engine tries in the
same order at the same position; the first rule that matches wins in both cases, so one
call finds the same rule with the same match. The number of the outer group that matched
(``Match.lastindex``) names the rule. Each rule keeps its own flags in a scoped group, and
numbered back-references are renumbered for their place in the alternation.

The regex engine still enters every alternative in turn, so the rules are narrowed first
by the character at the position: only those that can start with it (``firstchar``) are
joined, in their order, one alternation per distinct set of rules, made the first time a
state meets a character. As a rule that cannot start with the character cannot match
there, the first rule that matches is the same. Those alternations take longer to compile
than they save on a few blocks, so a process leaves its first blocks of a language to
Pygments' own tokenizer (whose rules Pygments has compiled already) and joins rules only
once it has many to do.

Everything else is Pygments' own: the rules, their token types, the callbacks (they get a
match of their own rule's expression, as before) and the state changes. A state whose
rules cannot be joined exactly (conditional groups, ASCII-only rules, group names used
twice) has its rules tried one at a time; lexers that override the tokenizer are left as
they are.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from pygments.lexer import Lexer, RegexLexer
from pygments.token import Error, Whitespace, _TokenType

from sitegen.markup.firstchar import first_char_test

Rule = tuple[Callable[[str, int], "re.Match[str] | None"], Any, Any]
State = tuple[Callable[[str, int], Any], Mapping[int, Rule]]
Token = tuple[int, Any, str]

_LEADING_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
_SCOPED_FLAGS = ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"), (re.VERBOSE, "x"))
_BACKREF = re.compile(r"[1-9][0-9]?")
_OCTAL = re.compile(r"[0-7]{3}")
_MAYBE_BACKREF = re.compile(r"\\[1-9]")


def accelerate(lexer: Lexer) -> Lexer:
    """The lexer, tokenizing with joined rules (Pygments' own tokenizer is replaced only
    for plain ``RegexLexer`` subclasses)."""
    if type(lexer).get_tokens_unprocessed is RegexLexer.get_tokens_unprocessed:
        lexer.get_tokens_unprocessed = functools.partial(  # type: ignore[method-assign]
            _tokenize_block, lexer, states_of(lexer._tokens))  # type: ignore[attr-defined]
    return lexer


def _tokenize_block(lexer: Lexer, table: Table, text: str,
                    stack: Sequence[str] = ("root",)) -> Iterator[Token]:
    if table.warm():
        return tokenize(lexer, table.narrowed, text, stack)
    return RegexLexer.get_tokens_unprocessed(lexer, text, stack)  # type: ignore[arg-type]


class ByChar(dict[str, State]):
    """One state's rules by the character at the position: the character (or "" at the
    end of the text) -> the joined rules that can start with it, in their order."""

    def __init__(self, rules: Sequence[Rule]):
        super().__init__()
        self.rules = rules
        self.tests = [first_char_test(p) if isinstance(p := getattr(rule[0], "__self__", None),
                                                       re.Pattern) else None for rule in rules]
        self.joined: dict[tuple[int, ...], State] = {}

    def __missing__(self, char: str) -> State:
        chosen = tuple(n for n, test in enumerate(self.tests) if test is None or test(char))
        state = self.joined.get(chosen)
        if state is None:
            state = self.joined[chosen] = _matcher([self.rules[n] for n in chosen])
        self[char] = state
        return state


def _matcher(rules: Sequence[Rule]) -> State:
    """The rules joined; a single rule as it is (nothing to compile)."""
    pattern = getattr(rules[0][0], "__self__", None) if len(rules) == 1 else None
    if isinstance(pattern, re.Pattern):
        return rules[0][0], dict.fromkeys(range(pattern.groups + 1), rules[0])
    return (join(rules) if rules else None) or (_OneByOne(rules), dict(enumerate(rules, 1)))


class JoinedStates(dict[str, Mapping[str, State]]):
    """The states of one token table, each prepared the first time the tokenizer enters it."""

    def __init__(self, tokendefs: Mapping[str, Sequence[Rule]],
                 prepare: Callable[[Sequence[Rule]], Mapping[str, State]]):
        super().__init__()
        self.tokendefs, self.prepare = tokendefs, prepare

    def __missing__(self, name: str) -> Mapping[str, State]:
        state = self[name] = self.prepare(self.tokendefs[name])
        return state


WARM_BLOCKS = 16
"""Blocks of a language Pygments tokenizes on its own in a process before rules are
joined: joined rules are faster but must be compiled, which only many blocks repay."""


class Table:
    """How the lexers of one token table tokenize: Pygments' own way for the first blocks
    of a process, then with states narrowed by character."""

    def __init__(self, tokendefs: Mapping[str, Sequence[Rule]]):
        self.tokendefs = tokendefs
        self.narrowed = JoinedStates(tokendefs, ByChar)
        self.blocks = 0

    def warm(self) -> bool:
        """Count one more block; whether there have been enough to join rules for it."""
        self.blocks += 1
        return self.blocks > WARM_BLOCKS


_TABLES: dict[int, Table] = {}
"""By the id of the token table, which the lexers of one class share."""


def states_of(tokendefs: Mapping[str, Sequence[Rule]]) -> Table:
    """How a token table is tokenized, shared by every lexer that uses it."""
    known = _TABLES.get(id(tokendefs))
    if known is None or known.tokendefs is not tokendefs:
        known = _TABLES[id(tokendefs)] = Table(tokendefs)
    return known


def join(rules: Sequence[Rule]) -> State | None:
    """One matcher for a state's rules, or None when they cannot be joined exactly
    (conditional groups, ASCII-only rules, group names used twice...)."""
    parts: list[str] = []
    table: dict[int, Rule] = {}
    group = 1
    for rule in rules:
        pattern = getattr(rule[0], "__self__", None)
        if not isinstance(pattern, re.Pattern) or not isinstance(pattern.pattern, str) \
                or "(?(" in pattern.pattern or pattern.flags & re.ASCII:
            return None
        table[group] = rule
        parts.append(f"({_scoped(pattern, group)})")
        group += 1 + pattern.groups
    try:
        return re.compile("|".join(parts)).match, table
    except (re.error, RecursionError, OverflowError):
        return None


class _Found:
    """A rule's match, numbered like the group of a joined state."""

    def __init__(self, match: re.Match[str], number: int):
        self.match, self.lastindex = match, number

    def group(self) -> str:
        return self.match.group()

    def end(self) -> int:
        return self.match.end()


class _OneByOne:
    """The rules of a state that cannot be joined, tried one at a time as Pygments does."""

    def __init__(self, rules: Sequence[Rule]):
        self.rules = rules

    def __call__(self, text: str, pos: int) -> _Found | None:
        for number, (rexmatch, _, _) in enumerate(self.rules, 1):
            match = rexmatch(text, pos)
            if match is not None:
                return _Found(match, number)
        return None


def _scoped(pattern: re.Pattern[str], group: int) -> str:
    """The rule as a group with its own flags, its back-references shifted by `group`."""
    text = pattern.pattern
    while match := _LEADING_FLAGS.match(text):
        text = text[match.end():]
    text = renumber(text, group)
    on = "".join(letter for flag, letter in _SCOPED_FLAGS if pattern.flags & flag)
    off = "".join(letter for flag, letter in _SCOPED_FLAGS if not pattern.flags & flag)
    end = "\n" if pattern.flags & re.VERBOSE else ""
    """A verbose rule may end in a comment: a newline closes it."""
    return f"(?{on}-{off}:{text}{end})" if off else f"(?{on}:{text}{end})"


def renumber(text: str, offset: int) -> str:
    """Shift the numbered back-references (``\\1``..``\\99``) of a pattern by `offset`."""
    if not _MAYBE_BACKREF.search(text):
        return text  # most patterns have none: no need to read them character by character
    out: list[str] = []
    i, in_class = 0, False
    while i < len(text):
        char = text[i]
        if char == "\\":
            number = None if in_class or _OCTAL.match(text, i + 1) \
                else _BACKREF.match(text, i + 1, i + 3)
            if number:
                out.append(f"(?:\\{int(number[0]) + offset})")
                i = number.end()
            else:
                out.append(text[i:i + 2])
                i += 2
            continue
        out.append(char)
        i += 1
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            for lead in "^]":
                if text.startswith(lead, i):
                    out.append(lead)
                    i += 1
    return "".join(out)


def tokenize(lexer: Lexer, states: Mapping[str, Mapping[str, State]], text: str,
             stack: Sequence[str] = ("root",)) -> Iterator[Token]:
    """``RegexLexer.get_tokens_unprocessed`` with one match call per token."""
    pos, end = 0, len(text)
    names = list(stack)
    state = states[names[-1]]
    while True:
        match, table = state[text[pos] if pos < end else ""]
        found = match(text, pos)
        if found is None:
            if pos >= end:
                return
            if text[pos] == "\n":
                names = ["root"]
                state = states["root"]
                yield pos, Whitespace, "\n"
            else:
                yield pos, Error, text[pos]
            pos += 1
            continue
        rexmatch, action, new_state = table[found.lastindex or 0]
        if action is not None:
            if type(action) is _TokenType:
                yield pos, action, found.group()
            else:
                yield from action(lexer, rexmatch(text, pos))
        pos = found.end()
        if new_state is not None:
            _change_state(names, new_state)
            state = states[names[-1]]


def _change_state(names: list[str], new_state: Any) -> None:
    """Apply a rule's state change to the stack, as RegexLexer does."""
    if isinstance(new_state, tuple):
        for name in new_state:
            if name == "#pop":
                if len(names) > 1:
                    names.pop()
            elif name == "#push":
                names.append(names[-1])
            else:
                names.append(name)
    elif isinstance(new_state, int):
        del names[1 if -new_state >= len(names) else new_state:]
    elif new_state == "#push":
        names.append(names[-1])
    else:
        raise ValueError(f"wrong state change {new_state!r}")

"""Joined lexer rules give exactly Pygments' own tokens, for every regex lexer it has."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pygments.lexer import RegexLexer
from pygments.lexers import get_all_lexers, get_lexer_by_name
from pygments.util import ClassNotFound

from sitegen.markup import lexing
from sitegen.markup.lexing import accelerate, join, renumber

SAMPLE = '''#!/usr/bin/env bash
# comment <b>&amp;</b> "quote" 'single' `tick`
def f(x, *args, **kw):  # type: ignore
    """Doc string with {braces} and \\n escapes."""
    return [i ** 2 for i in range(10) if i % 3 == 0] + {"k": 1.5e-3, 'v': 0x1F}
cat <<EOF
heredoc $HOME ${x:-y} $(echo hi)
EOF
SELECT * FROM t WHERE a = 'x' AND b <> 3; -- sql comment
<div class="a" id='b'>text &lt; more</div><?php echo $x; ?>
function g(a, b) { return a => b ?? `t${a}`; } // js
/* block
   comment */ int main(void) { printf("%d\\n", 42); }
key: value
list:
  - item: [1, 2, {a: b}]
\\begin{equation} x^2 + \\frac{1}{2} \\end{equation}
(define (sq x) (* x x)) ; lisp
r#"raw"# b"bytes" 'c' 1_000u32 => &mut self;
\ttab\tindented\tline
unicode: é ü 中文 🎉 λx.x
@decorator
class A(B, metaclass=M): pass
'''

COMMON = ["python", "bash", "javascript", "typescript", "json", "yaml", "html", "css", "sql",
          "go", "rust", "java", "diff", "toml", "dockerfile", "ini", "xml", "latex"]


def _regex_lexer_names() -> list[str]:
    names = []
    for _, aliases, _, _ in get_all_lexers():
        if not aliases:
            continue
        try:
            lexer = get_lexer_by_name(aliases[0])
        except ClassNotFound:
            continue
        if type(lexer).get_tokens_unprocessed is RegexLexer.get_tokens_unprocessed:
            names.append(aliases[0])
    return names


def _joined(name: str):  # type: ignore[no-untyped-def]
    return accelerate(get_lexer_by_name(name))


@pytest.fixture(params=["first", "narrowed"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """A process's first blocks of a language (Pygments' own tokenizer), or the blocks
    after (joined states, narrowed by character)."""
    monkeypatch.setattr(lexing, "WARM_BLOCKS", 10**9 if request.param == "first" else 0)
    return str(request.param)


def test_every_regex_lexer_gives_pygments_tokens(mode: str) -> None:
    for name in _regex_lexer_names():
        expected = list(get_lexer_by_name(name).get_tokens(SAMPLE))
        assert list(_joined(name).get_tokens(SAMPLE)) == expected, name


def test_nearly_every_state_is_joined() -> None:
    tables = [get_lexer_by_name(name)._tokens for name in _regex_lexer_names()]
    states = [rules for table in tables for rules in table.values()]
    joined = sum(1 for rules in states if join(rules) is not None)
    assert joined > 0.99 * len(states)


@pytest.mark.parametrize("name", ["python", "bash", "javascript", "rust", "go", "sql", "html"])
def test_the_usual_languages_are_joined(name: str) -> None:
    lexer = _joined(name)
    assert "get_tokens_unprocessed" in vars(lexer)
    assert all(join(rules) is not None for rules in lexer._tokens.values())


def test_a_state_that_cannot_be_joined_is_tried_rule_by_rule() -> None:
    code = "SELECT `a` FROM t WHERE b = 'x' -- note\n"
    assert any(join(rules) is None for rules in get_lexer_by_name("mysql")._tokens.values())
    assert "get_tokens_unprocessed" in vars(_joined("mysql"))
    assert list(_joined("mysql").get_tokens(code)) == list(
        get_lexer_by_name("mysql").get_tokens(code))


def test_lexers_with_their_own_tokenizer_are_left_alone() -> None:
    lexer = get_lexer_by_name("c")
    assert accelerate(lexer) is lexer
    assert "get_tokens_unprocessed" not in vars(lexer)


code_text = st.text(
    alphabet=st.sampled_from(list("abcdefxyz_019 \t\n\"'`#$%&*(){}[]<>/\\|=+-:;,.!?@^~é中")),
    max_size=300)


@settings(max_examples=150, deadline=None)
@given(name=st.sampled_from(COMMON), text=code_text)
def test_random_text_gives_the_same_tokens(name: str, text: str) -> None:
    expected, usual = list(get_lexer_by_name(name).get_tokens(text)), lexing.WARM_BLOCKS
    for warm in (10**9, 0):  # Pygments' own tokenizer, then narrowed states
        lexing.WARM_BLOCKS = warm
        try:
            assert list(_joined(name).get_tokens(text)) == expected
        finally:
            lexing.WARM_BLOCKS = usual


def test_substates_and_callbacks_match(mode: str) -> None:
    # Heredocs use a back-reference; f-strings and decorators use nested states and bygroups.
    code = ('cat <<END\n$x\nEND\necho "a $(b "c")"\n'
            'x = f"{a!r:>{w}} {{b}}"\n@dec(1)\nclass K: ...\n')
    for name in ("bash", "python"):
        fast = list(_joined(name).get_tokens(code))
        assert fast == list(get_lexer_by_name(name).get_tokens(code)), name


@pytest.mark.parametrize(("pattern", "offset", "expected"), [
    (r"(a)\1", 3, r"(a)(?:\4)"),
    (r"(a)(b)\2\1", 10, r"(a)(b)(?:\12)(?:\11)"),
    (r"(a)[\1]\1", 1, r"(a)[\1](?:\2)"),
    (r"\\1", 5, r"\\1"),
    (r"(A)\101\1", 2, r"(A)\101(?:\3)"),
    (r"(])[]\1]\1", 1, r"(])[]\1](?:\2)"),
    (r"(])[^]\1]\1", 1, r"(])[^]\1](?:\2)"),
])
def test_back_references_are_renumbered(pattern: str, offset: int, expected: str) -> None:
    assert renumber(pattern, offset) == expected
    # The shifted pattern, behind `offset` groups, matches what the original matches.
    padded = re.compile("()" * offset + renumber(pattern, offset))
    for text in ("aa", "abba", "a\x01a", "AAA", "\\1", "]]]", "]\x01]", "]a]", "a"):
        assert bool(padded.match(text)) == bool(re.match(pattern, text)), text

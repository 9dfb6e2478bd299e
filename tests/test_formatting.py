"""Our HTML of highlighted tokens is byte for byte what HtmlFormatter(nowrap=True) writes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pygments import format as pygments_format
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.token import Comment, Keyword, Name, String, Text, Token, Whitespace
from test_lexing import COMMON, SAMPLE, code_text

from sitegen.markup.formatting import css_classes, format_html

PYGMENTS = HtmlFormatter(nowrap=True)


def pygments_html(tokens: list[tuple[object, str]]) -> str:
    return str(pygments_format(tokens, PYGMENTS))


@pytest.mark.parametrize("name", COMMON)
def test_a_sample_in_each_common_language(name: str) -> None:
    tokens = list(get_lexer_by_name(name).get_tokens(SAMPLE))
    assert format_html(tokens) == pygments_html(tokens)


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from(COMMON), text=code_text)
def test_random_code(name: str, text: str) -> None:
    tokens = list(get_lexer_by_name(name).get_tokens(text))
    assert format_html(tokens) == pygments_html(tokens)


token_types = st.sampled_from([Text, Whitespace, Keyword, Name, Name.Custom, Text.Custom,
                               Comment.Single, String, Token, Name.Custom.Deeper])
token_text = st.text(alphabet=st.sampled_from(list("ab <>&\"'\n\t")), max_size=12)


@settings(max_examples=300, deadline=None)
@given(tokens=st.lists(st.tuples(token_types, token_text), max_size=25))
def test_any_token_stream(tokens: list[tuple[object, str]]) -> None:
    """Empty tokens, runs of one type, newlines at every place, escapes, unknown types."""
    assert format_html(tokens) == pygments_html(tokens)


def test_classes_of_types_pygments_has_no_name_for() -> None:
    assert css_classes(Keyword) == "k"
    assert css_classes(Name.Custom) == "n n-Custom"
    assert css_classes(Text) == ""
    assert css_classes(Text.Custom) == " -Custom"

"""Front matter: Jekyll's rules, YAML errors with file lines, safe loading only."""

from __future__ import annotations

import pytest

from sitegen.frontmatter import FrontMatterError, decode, split


def test_body_and_line_after_front_matter() -> None:
    doc = split("---\ntitle: Hi\n---\nbody\n", "p.md")
    assert doc.meta == {"title": "Hi"}
    assert doc.body == "body\n"
    assert doc.body_line == 4


def test_closed_by_dots_and_no_blank_line_after() -> None:
    doc = split("---\ntitle: Hi\n...\nbody", "p.md")
    assert (doc.meta, doc.body, doc.body_line) == ({"title": "Hi"}, "body", 4)


def test_file_without_front_matter_is_all_body() -> None:
    doc = split("# Title\n\ntext\n", "p.md")
    assert doc.meta == {} and not doc.has_front_matter and doc.body_line == 1


def test_empty_front_matter() -> None:
    assert split("---\n---\nx", "p.md").meta == {}


def test_yaml_error_names_the_file_line() -> None:
    with pytest.raises(FrontMatterError) as info:
        split("---\ntitle: ok\ntags: [a, b\nlayout: post\n---\nx", "_posts/p.md")
    assert str(info.value).startswith("_posts/p.md:")
    assert info.value.problem.line == 3  # where the bracket opened


def test_bad_indentation_line() -> None:
    with pytest.raises(FrontMatterError) as info:
        split("---\ntitle: ok\n  bad: indent\nx: [\n---\n", "p.md")
    assert info.value.problem.line == 3


def test_unclosed_front_matter() -> None:
    with pytest.raises(FrontMatterError, match="not closed"):
        split("---\ntitle: x\nbody", "p.md")


def test_scalar_front_matter_is_an_error() -> None:
    with pytest.raises(FrontMatterError, match="mapping"):
        split("---\njust text\n---\n", "p.md")


def test_python_tags_are_never_constructed() -> None:
    with pytest.raises(FrontMatterError):
        split("---\nx: !!python/object/apply:os.system ['echo hi']\n---\n", "p.md")


def test_aliases_are_refused() -> None:
    with pytest.raises(FrontMatterError, match="aliases"):
        split("---\na: &a [1, 2]\nb: *a\n---\n", "p.md")


def test_unquoted_colon_in_title_is_read_with_a_warning() -> None:
    doc = split("---\ntitle: Optimizing Tokens: A Guide\nlang: en\n---\n", "p.md")
    assert doc.meta["title"] == "Optimizing Tokens: A Guide"
    assert [(p.line, p.is_error) for p in doc.problems] == [(2, False)]


def test_trailing_spaces_after_values_and_fences() -> None:
    doc = split("---  \nlayout: post  \ntitle: \"T\"  \n---  \nbody", "p.md")
    assert doc.meta == {"layout": "post", "title": "T"}


def test_bom_and_crlf_keep_lines() -> None:
    text = decode("\ufeff---\r\ntitle: x\r\n---\r\nbody\r\n".encode(), "p.md")
    doc = split(text, "p.md")
    assert doc.body == "body\n" and doc.body_line == 4


def test_invalid_utf8_names_the_byte() -> None:
    with pytest.raises(FrontMatterError, match="byte 9"):
        decode(b"---\nt: x\n\xff\n", "p.md")

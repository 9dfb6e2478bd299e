"""The splitter's model in detail: turn texts, anchors, variants, separators, segments."""

from __future__ import annotations

from sitegen.transcript import split_transcript

SEED = "\n".join([
    "Zhiwei: ", "", "Could you explain?", "", "ChatGPT: Of course.", "", "----", "",
    "Zhiwei: What is SpaCy? ", "", "ChatGPT: A library.", "", "---", "",
    "Zhiwei: What is SpaCy?", "", "ChatGPT: An NLP library.", "", "## Bard 2", "",
    "Another answer.", "", "---", "",
])


def test_turn_texts_are_the_markdown_after_the_label() -> None:
    t = split_transcript(SEED, body_line=5)
    first, second = t.turns[:2]
    assert (first.label, first.text) == ("Zhiwei: ", "\n\nCould you explain?\n\n")
    assert (second.label, second.text) == ("ChatGPT: ", "Of course.\n\n")
    assert (first.line, first.end_line, second.line, second.end_line) == (5, 7, 9, 9)
    assert t.exchanges[1].separator is not None
    assert t.exchanges[1].separator.text == "----\n\n"
    assert t.exchanges[1].separator.line == 11


def test_anchors_variants_and_closing_break() -> None:
    t = split_transcript(SEED)
    assert [x.anchor for x in t.turns] == ["q1", "a1", "q2", "a2", "q3", "a3"]
    assert t.variants == ((2, 3),)
    assert [(e.variant_group, e.variant_index, e.variant_count) for e in t.exchanges] == [
        (None, 0, 1), (1, 1, 2), (1, 2, 2)]
    assert "## Bard 2" in t.turns[-1].text
    assert t.closing is not None and t.closing.text == "---\n" and t.epilogue is None


def test_a_second_answer_in_one_exchange_has_its_own_anchor() -> None:
    t = split_transcript("## You\n\nhi\n\n## Claude\n\na\n\n## Gemini\n\nb\n\n## You\n\nbye\n")
    assert [(x.speaker, x.anchor) for x in t.turns] == [
        ("You", "q1"), ("Claude", "a1"), ("Gemini", "a1-2"), ("You", "q2")]
    assert [s.index for s in t.speakers] == [0, 1, 2]
    assert t.exchanges[0].question == "\n\nhi\n\n"


def test_two_space_hard_breaks_between_turns() -> None:
    t = split_transcript("User: hi  \nAssistant: hello  \nUser: bye  \nAssistant: ciao\n")
    assert [(x.speaker, x.line, x.exchange) for x in t.turns] == [
        ("User", 1, 1), ("Assistant", 2, 1), ("User", 3, 2), ("Assistant", 4, 2)]
    assert t.turns[0].text == "hi  \n"


def test_an_ordinary_post_is_all_preamble() -> None:
    body = "# Notes\n\nNote: nothing here.\n"
    t = split_transcript(body, body_line=4)
    assert not t.is_transcript and t.exchanges == () and t.speakers == ()
    assert t.preamble is not None and t.preamble.text == body
    assert (t.preamble.line, t.preamble.end_line) == (4, 6)
    assert not split_transcript("").is_transcript and split_transcript("").preamble is None


def test_unclosed_fence_warning_names_the_file_line() -> None:
    t = split_transcript("Me: show\n\nChatGPT: here\n\n```sh\nls\n", body_line=3)
    assert t.warnings == ((7, "code fence is never closed, so everything after it is code"),)
    closed = split_transcript("Me: show\n\nChatGPT: here\n\n```sh\nls\n```\n")
    assert closed.warnings == ()


def test_epilogue_after_the_last_break() -> None:
    body = "Intro.\n\nMe: q\n\nChatGPT: a\n\n---\n\nBye for now.\nSee you.\n"
    t = split_transcript(body, body_line=10)
    assert t.preamble is not None and (t.preamble.line, t.preamble.end_line) == (10, 10)
    assert t.epilogue is not None and t.epilogue.text == "Bye for now.\nSee you.\n"
    assert (t.epilogue.line, t.epilogue.end_line) == (18, 19)
    assert t.closing is not None and t.closing.text == "---\n\n"
    assert t.turns[-1].text == "a\n\n"

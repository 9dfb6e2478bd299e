"""Message text between turns: labels escaped, breaks neutralised, open blocks closed.

Cases are data in ``fixtures/exports/sanitize.txt``: ``@@@ title``, the input,
``@@@ expected``, the output. A property test checks the engine never finds a turn inside a
sanitized message, whatever the message holds.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.importers.mdsafe import fence, link, sanitize
from sitegen.transcript import parse_speaker_specs, split_transcript

CASES_FILE = Path(__file__).parent / "fixtures" / "exports" / "sanitize.txt"


def read_cases() -> list[tuple[str, str, str]]:
    cases, chunks = [], CASES_FILE.read_text(encoding="utf-8").split("@@@ ")[1:]
    for given_chunk, expected_chunk in zip(chunks[::2], chunks[1::2], strict=True):
        title, source = given_chunk.split("\n", 1)
        expected = expected_chunk.split("\n", 1)[1]
        cases.append((title, source.replace("\\r\\n", "\r\n").rstrip("\n"),
                      expected.rstrip("\n")))
    return cases


@pytest.mark.parametrize(("title", "source", "expected"), read_cases(),
                         ids=[c[0] for c in read_cases()])
def test_sanitize(title: str, source: str, expected: str) -> None:
    assert sanitize(source, ("You", "ChatGPT")) == expected


def test_thinking_cannot_close_its_details_early() -> None:
    assert sanitize("a </details> b\n\n```\n</details>\n```", inside_html=True) == \
        "a &lt;/details> b\n\n```\n</details>\n```"


@pytest.mark.parametrize(("body", "info", "expected"), [
    ("x", "python", "```python\nx\n```"),
    ("```\ny\n```", "md", "````md\n```\ny\n```\n````"),
    ("a ````` b", "", "``````\na ````` b\n``````"),
    ("", "text", "```text\n```"),
    ("z", "c++ extra`", "```c++extra\nz\n```"),
])
def test_fence_is_longer_than_any_fence_inside(body: str, info: str, expected: str) -> None:
    assert fence(body, info) == expected


@pytest.mark.parametrize(("title", "url", "expected"), [
    ("Docs", "https://a.example/x", "[Docs](https://a.example/x)"),
    ("a [b] c", "https://a.example/(x)", "[a \\[b\\] c](<https://a.example/(x)>)"),
    ("", "https://a.example/ y", "[https://a.example/ y](<https://a.example/ y>)"),
])
def test_link(title: str, url: str, expected: str) -> None:
    assert link(title, url) == expected


SPECS, _ = parse_speaker_specs({"You": {"role": "asker"}, "ChatGPT": {"role": "answerer"}},
                               "post.md", None)
LINES = st.sampled_from([
    "**You:**", "**ChatGPT:**", "You: hi", "ChatGPT: hello", "## You", "### ChatGPT:",
    "You said:", "---", "***", "* * *", "```", "````", "~~~", "<!--", "<pre>", "> You: q",
    "- You: item", "    You: code", "text", "", "", "Note: this", "Q: why", "A: because",
    "User", "===", "<details>", "</details>", "**Claude**: x", "ＣｈａｔＧＰＴ：wide",
])


PIECES = st.sampled_from([
    "You", "ChatGPT", ":", "：", "**", "*", "_", "\n", "\n\n", "-", "---", "`", "```", "~",
    "#", "## ", ">", " ", "    ", "<", "<!--", "-->", "said", "a", "1.", "|", "=", "\t", "\\",
    "&", "<details>", "</details>", "\r", "\u2028", "\x0c", "\x00",
])
MESSAGES = st.one_of(st.lists(LINES, max_size=14).map("\n".join),
                     st.lists(PIECES, max_size=40).map("".join))


@settings(max_examples=400, deadline=None)
@given(MESSAGES, MESSAGES, MESSAGES)
def test_no_message_can_make_a_turn(question: str, thinking: str, answer: str) -> None:
    names = ("You", "ChatGPT")
    thought = sanitize(thinking, names, inside_html=True)
    wrapped = f"<details><summary>Thinking</summary>\n\n{thought}\n\n</details>"
    body = "\n\n".join(["**You:**", sanitize(question, names) or "q", "**ChatGPT:**",
                         wrapped if thought else "", sanitize(answer, names) or "a"]) + "\n"
    split = split_transcript(body, body_line=1, speakers=SPECS)
    assert [(t.speaker, t.exchange) for t in split.turns] == [("You", 1), ("ChatGPT", 1)]
    assert split.epilogue is None

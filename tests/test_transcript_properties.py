"""Properties of the splitter on generated posts: nothing lost, lines in order, CRLF/BOM safe."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.token import Token

from sitegen.errors import SitegenError
from sitegen.frontmatter import FrontMatterError, decode, split
from sitegen.transcript import Transcript, split_transcript
from sitegen.transcript.blocks import Lines, _State, block_tokens, kept, parser, top_blocks

FRAGMENTS = [
    "", "", "", "---", "----", "***", "* * *", "___", "```", "```python", "~~~", "    code",
    "> quoted", "> ChatGPT: quoted", "- item", "- User: listed", "1. item", "<div>", "</div>",
    "<!--", "-->", "# Title", "## You", "## ChatGPT", "## Introduction", "#### You:",
    "#### 1. Setup", "## 👤 User", "## User (id) - 2024-12-05T18:06:29+00:00", "You", "-------",
    "===", "**User:**", "**Assistant:**", "**You said:**", "**ChatGPT said:**", "**Bot**:hi",
    "**Date:** today", "**Break:** ads", "Note: x", "Part 1:", "Q: why?", "A: because",
    "Zhiwei: hi", "ChatGPT: hello", "Zhiwei:", "ChatGPT:", "我：你好", "ChatGPT：好", "  Me: hi",
    "\tMe: tab", "Me: x\\", "User: hi  ", "Dr. Smith: ok", "GPT-4: yes", "Here is the test:",
    "Some prose.", "More prose, longer: with a colon.", "12:30", "http://example.com: link",
]
LINE = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(st.characters(blacklist_characters="\r\n", blacklist_categories=("Cs",)),
            max_size=20),
)
BODIES = st.builds(lambda lines, end: "\n".join(lines) + end,
                   st.lists(LINE, max_size=40), st.sampled_from(["", "\n", "\n\n"]))
STOCK = MarkdownIt("commonmark")
"""markdown-it as anyone would use it, to compare the splitter's tuned parse with."""
SLOW = settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])


def check_partition(body: str, t: Transcript) -> None:
    """The pieces cover the body exactly once, in order, and match what the model holds."""
    position = 0
    for piece in t.pieces:
        assert piece.span.start == position < piece.span.end
        position = piece.span.end
    assert position == len(body)
    assert "".join(p.span.of(body) for p in t.pieces) == body
    labels = [p.span for p in t.pieces if p.kind == "label"]
    texts = [p.span for p in t.pieces if p.kind in ("text",)]
    assert labels == [turn.label_span for turn in t.turns]
    assert all(turn.label == turn.label_span.of(body) for turn in t.turns)
    assert all(turn.text == turn.text_span.of(body) for turn in t.turns)
    assert set(texts) <= {turn.text_span for turn in t.turns}
    for part in (t.preamble, t.epilogue, t.closing):
        assert part is None or part.text == part.span.of(body)


@SLOW
@given(BODIES, st.integers(1, 50))
def test_nothing_is_lost_or_duplicated(body: str, body_line: int) -> None:
    t = split_transcript(body, body_line=body_line)
    check_partition(body, t)
    if not t.is_transcript:
        assert not t.turns and (t.preamble is None or t.preamble.text == body)


@SLOW
@given(BODIES, st.integers(1, 50))
def test_turn_lines_increase_and_stay_in_the_file(body: str, body_line: int) -> None:
    t = split_transcript(body, body_line=body_line)
    last_line = body_line + max(Lines(body).count - 1, 0)
    lines = [turn.line for turn in t.turns]
    assert lines == sorted(set(lines))
    for turn in t.turns:
        assert body_line <= turn.line <= turn.end_line <= last_line
    numbers = [turn.exchange for turn in t.turns]
    assert numbers == sorted(numbers) and set(numbers) == set(range(1, len(t.exchanges) + 1))
    assert [e.number for e in t.exchanges] == list(range(1, len(t.exchanges) + 1))


def split_file(data: bytes) -> list[tuple[object, ...]]:
    try:
        document = split(decode(data, "post.md"), "post.md")
    except FrontMatterError as exc:
        return [(str(exc.problem),)]
    t = split_transcript(document.body, body_line=document.body_line)
    return [(x.speaker, x.role, x.line, x.end_line, x.exchange, x.anchor, x.text, x.label)
            for x in t.turns] + [(t.is_transcript, t.variants)]


@SLOW
@given(BODIES, st.booleans())
def test_crlf_lf_and_bom_split_alike(body: str, front_matter: bool) -> None:
    text = ("---\ntitle: A post\n---\n" if front_matter else "") + body
    lf = text.encode("utf-8")
    crlf = text.replace("\n", "\r\n").encode("utf-8")
    bom = b"\xef\xbb\xbf"
    results = [split_file(data) for data in (lf, crlf, bom + lf, bom + crlf)]
    assert all(result == results[0] for result in results)


@settings(deadline=None, max_examples=500)
@given(st.text())
def test_arbitrary_text_gives_a_result_or_our_error(text: str) -> None:
    try:
        t = split_transcript(text)
    except SitegenError:
        return
    check_partition(text, t)


@settings(deadline=None, max_examples=500)
@given(st.one_of(st.text(), BODIES))
def test_line_table_matches_markdown_it(text: str) -> None:
    stock, ours = StateBlock(text, STOCK, {}, []), _State(Lines(text), parser(), [])
    for name in ("bMarks", "eMarks", "tShift", "sCount", "bsCount", "lineMax"):
        assert getattr(ours, name) == getattr(stock, name), name


def assert_same_structure(body: str) -> None:
    """The tuned parse finds the same top-level blocks and heading texts as plain markdown-it."""
    def shape(tokens: list[Token]) -> list[tuple[object, ...]]:
        return [(t.type, t.map, t.level, t.markup) for t in tokens]
    stock = STOCK.parse(body)
    wanted = [t for i, t in enumerate(stock)
              if kept(t.type, t.level + (t.nesting < 0), t.nesting, stock[max(i - 1, 0) : i])]
    assert shape(block_tokens(Lines(body))) == shape(wanted)
    stock_headings = [stock[i + 1].content for i, t in enumerate(stock)
                      if t.type == "heading_open" and t.level == 0]
    # markdown-it's own parse replaces NUL characters; the splitter keeps them
    our_headings = [b.content.replace("\0", "\ufffd") for b in top_blocks(Lines(body))
                    if b.kind == "heading"]
    assert our_headings == stock_headings


@settings(deadline=None, max_examples=300)
@given(st.one_of(BODIES, st.text(st.characters(blacklist_characters="\r"))))
def test_block_structure_matches_a_plain_markdown_it_parse(body: str) -> None:
    assert_same_structure(body)


def test_block_structure_matches_on_real_posts() -> None:
    cases = Path(__file__).parent / "cases"
    for path in sorted(cases.glob("*.md")):
        assert_same_structure(split(decode(path.read_bytes(), path.name), path.name).body)

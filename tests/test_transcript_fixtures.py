"""The turn syntax as data: every case in tests/fixtures/transcript/*.txt (see its README)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.frontmatter import decode, split
from sitegen.transcript import Transcript, parse_speaker_specs, split_transcript

FIXTURES = Path(__file__).parent / "fixtures" / "transcript"


def read_cases(path: Path) -> list[tuple[int, str, str, list[str]]]:
    """(line, title, post, expected lines) of every case: title, '.', post, '.', expected, '.'."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cases, i = [], 0
    while i + 1 < len(lines):
        if lines[i].strip() and lines[i + 1] == ".":
            post_end = lines.index(".", i + 2)
            expected_end = lines.index(".", post_end + 1)
            post = "\n".join(lines[i + 2 : post_end]) + "\n"
            cases.append((i + 1, lines[i], post, lines[post_end + 1 : expected_end]))
            i = expected_end
        i += 1
    return cases


def split_post(text: str) -> Transcript:
    """Split a whole post the way the build does: front matter first, then the body."""
    document = split(decode(text.encode("utf-8"), "post.md"), "post.md")
    specs, problems = parse_speaker_specs(document.meta.get("speakers"), "post.md", None)
    assert not problems
    return split_transcript(document.body, body_line=document.body_line, speakers=specs or None)


def describe(t: Transcript) -> list[str]:
    """The split in the fixtures' words."""
    out = [] if t.is_transcript else ["not a transcript"]
    out += [f"{turn.line}: {turn.speaker} {'asks' if turn.role == 'asker' else 'answers'} "
            f"(exchange {turn.exchange})" for turn in t.turns]
    for name, part in (("preamble", t.preamble), ("epilogue", t.epilogue)):
        if part is not None:
            out.append(f"{name}: lines {part.line}-{part.end_line}")
    out += [f"same question: exchanges {', '.join(map(str, g))}" for g in t.variants]
    return out + [f"warning at line {line}" for line, _ in t.warnings]


CASES = [
    pytest.param(post, expected, id=f"{path.name}:{line} {title}")
    for path in sorted(FIXTURES.glob("*.txt"))
    for line, title, post, expected in read_cases(path)
]


@pytest.mark.parametrize(("post", "expected"), CASES)
def test_turn_syntax(post: str, expected: list[str]) -> None:
    assert describe(split_post(post)) == expected


def test_every_fixture_file_has_cases() -> None:
    files = sorted(FIXTURES.glob("*.txt"))
    assert files and all(read_cases(path) for path in files)

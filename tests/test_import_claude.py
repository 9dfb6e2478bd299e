"""``sitegen import claude``: thinking, retried answers and edited prompts read back right."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_import_support import EXPECTED, EXPORTS, inspect, posts, run_import, zip_folder

CASES = EXPECTED["claude"]
Result = tuple[Path, int, str, str]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Result:
    """The Claude fixture export, zipped, imported once into an empty site."""
    base = tmp_path_factory.mktemp("claude")
    archive = zip_folder(EXPORTS / "claude", base / "claude-export.zip")
    site = base / "site"
    site.mkdir()
    code, out, err = run_import("claude", archive, "--source", site)
    return site, code, out, err


def test_posts_are_written(imported: Result) -> None:
    assert sorted(posts(imported[0])) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_post_reads_back_as_the_intended_transcript(imported: Result, name: str) -> None:
    expected = CASES[name]
    found = inspect([imported[0] / "_drafts" / name])[name]
    assert [t["speaker"] for t in found["turns"]] == expected["speakers"]
    assert found["exchanges"] == expected["exchanges"]
    assert found["variants"] == expected["variants"]
    roles = {s["name"]: s["role"] for s in found["speakers"]}
    assert roles == {"You": "asker", "Claude": "answerer"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_post_content(imported: Result, name: str) -> None:
    text = (imported[0] / "_drafts" / name).read_text(encoding="utf-8")
    expected = CASES[name]
    assert [p for p in expected["contains"] if p not in text] == []
    positions = [text.index(piece) for piece in expected["order"]]
    assert positions == sorted(positions)


def test_thinking_is_kept_apart_from_the_answer(imported: Result) -> None:
    text = (imported[0] / "_drafts" / "2024-06-20-explaining-recursion.md").read_text("utf-8")
    for block in text.split("<details><summary>Thinking</summary>")[1:]:
        thinking, after = block.split("</details>", 1)
        assert "calls itself" not in thinking
        assert "calls itself" in after.split("---", 1)[0]


def test_broken_conversation_is_named(imported: Result) -> None:
    _, code, _, err = imported
    assert code == 1
    for conversation, field in EXPECTED["claude_failed"].items():
        assert any(conversation in line and field in line for line in err.splitlines())

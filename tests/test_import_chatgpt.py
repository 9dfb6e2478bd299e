"""``sitegen import chatgpt``: the fixture export becomes posts the transcript engine reads back.

The expected split and content of every post is data in ``fixtures/exports/expected.json``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_import_support import EXPECTED, EXPORTS, inspect, posts, run_import, zip_folder

CASES = EXPECTED["chatgpt"]
Result = tuple[Path, int, str, str]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Result:
    """The fixture export, zipped as the app delivers it, imported once into an empty site."""
    base = tmp_path_factory.mktemp("chatgpt")
    archive = zip_folder(EXPORTS / "chatgpt", base / "export.zip")
    site = base / "site"
    site.mkdir()
    code, out, err = run_import("chatgpt", archive, "--source", site)
    return site, code, out, err


def test_every_readable_conversation_becomes_a_draft(imported: Result) -> None:
    site, _, out, _ = imported
    assert sorted(posts(site)) == sorted(CASES)
    assert "Imported 9 conversations: 9 created" in out


@pytest.mark.parametrize("name", sorted(CASES))
def test_post_reads_back_as_the_intended_transcript(imported: Result, name: str) -> None:
    site = imported[0]
    expected = CASES[name]
    found = inspect([site / "_drafts" / name])[name]
    assert found["is_transcript"]
    assert [t["speaker"] for t in found["turns"]] == expected["speakers"]
    assert found["exchanges"] == expected["exchanges"]
    assert found["variants"] == expected["variants"]
    assert "epilogue_lines" not in found and "preamble_lines" not in found


@pytest.mark.parametrize("name", sorted(CASES))
def test_post_content(imported: Result, name: str) -> None:
    text = (imported[0] / "_drafts" / name).read_text(encoding="utf-8")
    expected = CASES[name]
    for piece in expected["contains"]:
        assert piece in text
    for piece in expected["absent"]:
        assert piece not in text
    positions = [text.index(piece) for piece in expected["order"]]
    assert positions == sorted(positions)


def test_broken_conversations_are_named_and_the_rest_still_import(imported: Result) -> None:
    _, code, _, err = imported
    assert code == 1
    for conversation, field in EXPECTED["chatgpt_failed"].items():
        line = next(ln for ln in err.splitlines() if conversation in ln)
        assert "export.zip/conversations.json: conversation" in line
        assert field in line
    assert "error: 2 conversation(s) could not be read" in err


def test_unknown_content_type_is_a_warning_naming_conversation_and_message(
        imported: Result) -> None:
    err = imported[3]
    assert ("warning: conversation 'Tea and a picture' (6650a1b2-0005-4000-8000-000000000005): "
            "message 'odd': unknown content type 'mystery_widget' kept as a JSON block") in err


def test_images_are_copied_next_to_the_post(imported: Result) -> None:
    site, _, _, err = imported
    copied = site / "assets" / "plot-a-parabola" / "file-Plot123-plot.png"
    assert copied.read_bytes() == (EXPORTS / "chatgpt" / "file-Plot123-plot.png").read_bytes()
    generated = site / "assets" / "tea-and-a-picture" / "file_00000000abc-7f1c2e.webp"
    assert generated.is_file()
    assert ("_drafts/2024-05-03-plot-a-parabola.md: warning: 1 image(s) are not in the export"
            in err)


def test_secrets_are_reported_with_their_line(imported: Result) -> None:
    site, _, _, err = imported
    name = "2024-05-10-why-does-my-call-fail-my-e-mail-is.md"
    lines = (site / "_drafts" / name).read_text(encoding="utf-8").split("\n")
    number = next(n for n, ln in enumerate(lines, 1) if "jane.doe@example.com" in ln)
    assert f"_drafts/{name}:{number}: warning: e-mail address jane" in err
    assert f"_drafts/{name}:{number}: warning: API key sk-p" in err
    assert "jane.doe@example.com" not in err and "abcdefghijklmnop" not in err


def test_split_export_reads_every_part(tmp_path: Path) -> None:
    code, out, _ = run_import("chatgpt", EXPORTS / "chatgpt-split" / "conversations-000.json",
                              "--source", tmp_path)
    assert code == 0
    assert sorted(posts(tmp_path)) == ["2024-05-01-what-is-spacy.md",
                                       "2024-05-08-机器学习入门-第一课.md"]
    assert "Imported 2 conversations: 2 created" in out


def test_split_export_in_a_zip_gives_the_same_posts(tmp_path: Path) -> None:
    archive = zip_folder(EXPORTS / "chatgpt-split", tmp_path / "split.zip")
    from_files, from_zip = tmp_path / "a", tmp_path / "b"
    from_files.mkdir()
    from_zip.mkdir()
    run_import("chatgpt", EXPORTS / "chatgpt-split" / "conversations-001.json",
               "--source", from_files)
    run_import("chatgpt", archive, "--source", from_zip)
    assert {n: p.read_bytes() for n, p in posts(from_files).items()} == \
        {n: p.read_bytes() for n, p in posts(from_zip).items()}


def test_json_file_and_zip_give_the_same_posts(imported: Result, tmp_path: Path) -> None:
    run_import("chatgpt", EXPORTS / "chatgpt" / "conversations.json", "--source", tmp_path)
    from_zip = posts(imported[0])
    assert {n: p.read_bytes() for n, p in posts(tmp_path).items()} == \
        {n: p.read_bytes() for n, p in from_zip.items()}

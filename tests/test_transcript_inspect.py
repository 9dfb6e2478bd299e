"""`sitegen inspect`: the JSON contract, the outline, and files that cannot be read."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

CHAT = ("Intro.\n\nZhiwei: What is SpaCy?\n\nChatGPT: A library.\n\n---\n\n"
        "Zhiwei: What is SpaCy?\n\nChatGPT: An NLP library.\n\n---\n\nThanks for reading.\n")


def inspect(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sitegen", "inspect", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, check=False)


def reports(*args: str | Path, cwd: Path) -> list[dict[str, Any]]:
    run = inspect("--json", *args, cwd=cwd)
    assert run.returncode == 0, run.stderr
    data: list[dict[str, Any]] = json.loads(run.stdout)
    return data


def test_json_contract(tmp_path: Path) -> None:
    (tmp_path / "chat.md").write_text("---\ntitle: SpaCy\n---\n" + CHAT, encoding="utf-8")
    [report] = reports("chat.md", cwd=tmp_path)
    assert report == {
        "path": "chat.md", "title": "SpaCy", "is_transcript": True,
        "speakers": [{"name": "Zhiwei", "role": "asker", "display": "Zhiwei"},
                     {"name": "ChatGPT", "role": "answerer", "display": "ChatGPT"}],
        "turns": [
            {"speaker": "Zhiwei", "line": 6, "exchange": 1, "end_line": 6, "role": "asker",
             "anchor": "q1", "label": "Zhiwei:"},
            {"speaker": "ChatGPT", "line": 8, "exchange": 1, "end_line": 8, "role": "answerer",
             "anchor": "a1", "label": "ChatGPT:"},
            {"speaker": "Zhiwei", "line": 12, "exchange": 2, "end_line": 12, "role": "asker",
             "anchor": "q2", "label": "Zhiwei:"},
            {"speaker": "ChatGPT", "line": 14, "exchange": 2, "end_line": 14,
             "role": "answerer", "anchor": "a2", "label": "ChatGPT:"},
        ],
        "exchanges": 2, "variants": [[1, 2]], "preamble_lines": [4, 4],
        "epilogue_lines": [18, 18], "warnings": [],
    }


def test_title_from_h1_then_file_name(tmp_path: Path) -> None:
    (tmp_path / "h1.md").write_text("# Exported chat\n\n## You\n\nhi\n\n## ChatGPT\n\nhello\n")
    (tmp_path / "plain.md").write_text("Just a note.\n")
    h1, plain = reports("h1.md", "plain.md", cwd=tmp_path)
    assert (h1["title"], h1["is_transcript"], h1["preamble_lines"]) == ("Exported chat", True,
                                                                         [1, 1])
    assert (plain["title"], plain["is_transcript"], plain["turns"]) == ("plain.md", False, [])
    assert plain["preamble_lines"] == [1, 1] and plain["exchanges"] == 0


def test_crlf_and_bom_report_the_same_split(tmp_path: Path) -> None:
    text = "---\ntitle: T\n---\n" + CHAT
    (tmp_path / "lf.md").write_bytes(text.encode())
    (tmp_path / "crlf.md").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    lf, crlf = reports("lf.md", "crlf.md", cwd=tmp_path)
    assert {**lf, "path": ""} == {**crlf, "path": ""}


def test_unreadable_files_are_reported_and_the_others_still_inspected(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(CHAT)
    (tmp_path / "broken.md").write_text("---\ntitle: [unclosed\n---\nZhiwei: hi\n")
    (tmp_path / "latin1.md").write_bytes("Zhiwei: caf\xe9\n".encode("latin-1"))
    run = inspect("--json", "good.md", "missing.md", "broken.md", "latin1.md", cwd=tmp_path)
    assert run.returncode == 1
    assert [r["path"] for r in json.loads(run.stdout)] == ["good.md"]
    errors = run.stderr.splitlines()
    assert errors[0].startswith("missing.md: cannot read the file")
    assert errors[1].startswith("broken.md:2: invalid YAML in front matter")
    assert errors[2].startswith("latin1.md:1: not valid UTF-8")


def test_outline(tmp_path: Path) -> None:
    (tmp_path / "chat.md").write_text("---\ntitle: SpaCy\n---\n" + CHAT, encoding="utf-8")
    (tmp_path / "note.md").write_text("Note: nothing to see.\n\n```\nopen fence\n")
    run = inspect("chat.md", "note.md", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        "chat.md: SpaCy",
        "  2 exchanges, 4 turns; speakers: Zhiwei (asker), ChatGPT (answerer)",
        "  preamble  lines 4-4",
        "  exchange 1  (answer 1 of 2 to the same question)",
        "    q1     Zhiwei   asker     lines 6-6        What is SpaCy?",
        "    a1     ChatGPT  answerer  lines 8-8        A library.",
        "  exchange 2  (answer 2 of 2 to the same question)",
        "    q2     Zhiwei   asker     lines 12-12      What is SpaCy?",
        "    a2     ChatGPT  answerer  lines 14-14      An NLP library.",
        "  epilogue  lines 18-18",
        "  variants  exchanges 1, 2 ask the same question",
        "",
        "note.md: note.md",
        "  not a transcript: renders as an ordinary post",
        "  warning   line 3: code fence is never closed, so everything after it is code",
    ]


def test_site_config_speakers_apply(tmp_path: Path) -> None:
    config = "transcript:\n  speakers:\n    Alpha: asker\n    Omega: {role: answerer}\n"
    (tmp_path / "_config.yml").write_text(config)
    (tmp_path / "lesson.md").write_text("Omega: why?\n\nAlpha: because.\n")
    [report] = reports("lesson.md", cwd=tmp_path)
    assert [(t["speaker"], t["role"]) for t in report["turns"]] == [
        ("Omega", "answerer"), ("Alpha", "asker")]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    [unknown] = reports(tmp_path / "lesson.md", cwd=elsewhere)
    assert unknown["is_transcript"] is False
    [explicit] = reports("--config", tmp_path / "_config.yml", tmp_path / "lesson.md",
                         cwd=elsewhere)
    assert explicit["turns"] == report["turns"]
    missing = inspect("--config", "nope.yml", tmp_path / "lesson.md", cwd=elsewhere)
    assert missing.returncode == 1 and missing.stderr.startswith("nope.yml: cannot read")


def test_front_matter_speakers_problems_name_their_line(tmp_path: Path) -> None:
    (tmp_path / "p.md").write_text("---\ntitle: T\nspeakers:\n  Ana: {role: boss}\n---\n"
                                   "Ana: hi\n\nBo: hello\n")
    run = inspect("--json", "p.md", cwd=tmp_path)
    assert run.returncode == 1
    assert run.stderr.startswith("p.md:3: speaker 'Ana' has unknown role 'boss'")
    assert json.loads(run.stdout)[0]["path"] == "p.md"


def test_a_folder_means_its_markdown_files(tmp_path: Path) -> None:
    (tmp_path / "_posts" / "zh").mkdir(parents=True)
    (tmp_path / "_posts" / "b.md").write_text(CHAT)
    (tmp_path / "_posts" / "zh" / "a.markdown").write_text("我：你好\n\nChatGPT：你好！\n")
    (tmp_path / "_posts" / "image.png").write_bytes(b"\x89PNG")
    paths = [r["path"] for r in reports("_posts", cwd=tmp_path)]
    assert paths == [str(Path("_posts/b.md")), str(Path("_posts/zh/a.markdown"))]

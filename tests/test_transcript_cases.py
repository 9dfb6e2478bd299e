"""The shared transcript cases (tests/cases/): through the splitter and the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sitegen.frontmatter import decode, split
from sitegen.transcript import parse_speaker_specs, split_transcript

CASES = Path(__file__).parent / "cases"
EXPECTED = sorted(CASES.glob("*.json"))


def load(case: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(case.read_text(encoding="utf-8"))
    return data


def summary(report: dict[str, Any]) -> dict[str, Any]:
    """The parts of an inspect report that a case pins down."""
    keys = ("is_transcript", "exchanges", "variants", "preamble_lines", "epilogue_lines")
    out = {k: report.get(k) for k in keys}
    out["turns"] = [(t["speaker"], t["line"], t["exchange"]) for t in report["turns"]]
    return out


def expected_summary(expected: dict[str, Any]) -> dict[str, Any]:
    want = summary(expected)
    for key in ("preamble_lines", "epilogue_lines"):
        want[key] = expected.get(key)
    return want


def split_case(path: Path) -> dict[str, Any]:
    """What the splitter reports for a case file, in inspect's JSON shape."""
    document = split(decode(path.read_bytes(), path.name), path.name)
    specs, _ = parse_speaker_specs(document.meta.get("speakers"), path.name, None)
    t = split_transcript(document.body, body_line=document.body_line, speakers=specs or None)
    report: dict[str, Any] = {
        "is_transcript": t.is_transcript, "exchanges": len(t.exchanges),
        "variants": [list(g) for g in t.variants],
        "turns": [{"speaker": x.speaker, "line": x.line, "exchange": x.exchange} for x in t.turns],
    }
    if t.preamble:
        report["preamble_lines"] = [t.preamble.line, t.preamble.end_line]
    if t.epilogue:
        report["epilogue_lines"] = [t.epilogue.line, t.epilogue.end_line]
    return report


def comparable(report: dict[str, Any], expected: dict[str, Any]) -> dict[str, Any]:
    """A report reduced to what the case specifies (pre/epilogue only when it gives them)."""
    got = summary(report)
    for key in ("preamble_lines", "epilogue_lines"):
        if key not in expected:
            got[key] = None
    return got


@pytest.mark.parametrize("case", EXPECTED, ids=lambda p: p.stem)
def test_case_through_the_splitter(case: Path) -> None:
    expected = load(case)
    report = split_case(CASES / expected["file"])
    assert comparable(report, expected) == expected_summary(expected)


def test_every_case_through_the_command_line(tmp_path: Path) -> None:
    posts = [str(CASES / load(case)["file"]) for case in EXPECTED]
    run = subprocess.run([sys.executable, "-m", "sitegen", "inspect", "--json", *posts],
                         capture_output=True, text=True, cwd=tmp_path, check=False)
    assert run.returncode == 0, run.stderr
    reports = json.loads(run.stdout)
    assert [r["path"] for r in reports] == posts
    for case, report in zip(EXPECTED, reports, strict=True):
        expected = load(case)
        assert comparable(report, expected) == expected_summary(expected), case.name

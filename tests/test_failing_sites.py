"""Sites that must fail: each ``tests/failing/<name>/`` holds a site and ``errors.txt``,
the exact ``path:line: message`` lines the build must print, in order."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import run_sitegen, tree_bytes

FAILING = Path(__file__).parent / "failing"


@pytest.mark.parametrize("name", sorted(p.name for p in FAILING.iterdir() if p.is_dir()))
def test_site_fails_with_exact_messages(name: str, tmp_path: Path) -> None:
    source = tmp_path / name
    shutil.copytree(FAILING / name, source, ignore=shutil.ignore_patterns("errors.txt"))
    before = tree_bytes(source)
    run = run_sitegen("build", cwd=source)
    assert run.returncode == 1
    expected = (FAILING / name / "errors.txt").read_text(encoding="utf-8").splitlines()
    got = [line for line in run.stderr.splitlines() if not line.startswith("error: build failed")]
    assert got == expected
    after = {k: v for k, v in tree_bytes(source).items() if not k.startswith(".sitegen-cache/")}
    assert after == before
    assert not (source / "_site").exists()

"""Golden sites: build ``tests/sites/<name>/`` and compare with ``expected/`` byte for byte.

``python3 -m pytest tests/test_golden.py --update-golden`` rewrites the expected trees from
the current output; review the diff before committing it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import run_sitegen, tree_bytes

SITES = Path(__file__).parent / "sites"
ENV_EPOCH = "1700000000"


@pytest.mark.parametrize("name", sorted(p.name for p in SITES.iterdir() if p.is_dir()))
def test_golden_site(name: str, tmp_path: Path, update_golden: bool) -> None:
    source = tmp_path / name
    shutil.copytree(SITES / name, source, ignore=shutil.ignore_patterns("expected", "args.txt"))
    args = (SITES / name / "args.txt").read_text().split() if (SITES / name / "args.txt").exists() \
        else []
    env = {**os.environ, "SOURCE_DATE_EPOCH": ENV_EPOCH, "PYTHONHASHSEED": "0"}
    run = run_sitegen("build", "--quiet", *args, cwd=source, env=env)
    assert run.returncode == 0, run.stderr
    expected = SITES / name / "expected"
    if update_golden:
        shutil.rmtree(expected, ignore_errors=True)
        shutil.copytree(source / "_site", expected)
    got, want = tree_bytes(source / "_site"), tree_bytes(expected)
    assert sorted(got) == sorted(want)
    for rel in sorted(want):
        assert got[rel] == want[rel], f"{name}/expected/{rel} differs"

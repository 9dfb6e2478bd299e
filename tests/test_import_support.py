"""Helpers for the import tests: zip the fixture exports, run the command, read posts back."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

from sitegen.commands import import_

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
EXPECTED = json.loads((EXPORTS / "expected.json").read_text(encoding="utf-8"))


def zip_folder(folder: Path, target: Path) -> Path:
    """Zip a fixture export the way the apps deliver it (files at the top)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return target


def run_import(*argv: str | Path) -> tuple[int, str, str]:
    """Run ``sitegen import`` in this process; exit code, stdout, stderr."""
    parser = argparse.ArgumentParser()
    import_.add_arguments(parser)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = import_.run(parser.parse_args([str(a) for a in argv]))
    return code, out.getvalue(), err.getvalue()


def sitegen(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the ``sitegen`` command line in a child process."""
    return subprocess.run([sys.executable, "-m", "sitegen", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def inspect(paths: list[Path]) -> dict[str, dict[str, Any]]:
    """``sitegen inspect --json`` of the posts, keyed by file name."""
    done = sitegen("inspect", "--json", *map(str, paths))
    assert done.returncode == 0, done.stderr
    return {Path(item["path"]).name: item for item in json.loads(done.stdout)}


def posts(site: Path, folder: str = "_drafts") -> dict[str, Path]:
    """The post files of a folder, by name."""
    return {p.name: p for p in sorted((site / folder).glob("*.md"))}


def snapshot(site: Path) -> dict[str, bytes]:
    """Every file of a site, for byte-for-byte comparison."""
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}

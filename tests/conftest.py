"""Shared test helpers: write a site into a temporary folder, build it, read the pages."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the expected/ trees of golden sites from the current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Create files (text or bytes) below root."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


_AS_IN_A_TERMINAL = (
    "import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "sys.argv[0] = 'sitegen'; runpy.run_module('sitegen', run_name='__main__', alter_sys=True)"
)


def sitegen_command(*args: str | Path) -> list[str]:
    """``python -m sitegen ARGS`` for a process the test will interrupt: Ctrl-C (SIGINT)
    raises KeyboardInterrupt in it as when it is started from a terminal, even when the
    test run itself was started in the background, which leaves SIGINT ignored for every
    process it starts."""
    return [sys.executable, "-c", _AS_IN_A_TERMINAL, *map(str, args)]


def run_sitegen(*args: str | Path, cwd: Path | None = None,
                env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess."""
    return subprocess.run([sys.executable, "-m", "sitegen", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, env=env, timeout=300)


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file below root by relative path, but for the search index.

    Pagefind (1.5) writes its filter files in an order that differs from run to run, so
    ``pagefind/`` is not byte-reproducible; tests of the search index check it apart.
    """
    return {rel: p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not (rel := p.relative_to(root).as_posix()).startswith("pagefind/")}


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[[Mapping[str, str | bytes]], Path]:
    def make(files: Mapping[str, str | bytes]) -> Path:
        return write_tree(tmp_path / "site", files)
    return make

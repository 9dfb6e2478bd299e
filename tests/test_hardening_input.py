"""Hostile and odd input: every case gives a clear message or the documented behaviour,
the sources stay byte-identical and a failing build leaves the previous output intact."""

from __future__ import annotations

import contextlib
import shutil
import time
from pathlib import Path

import pytest
from conftest import run_sitegen, tree_bytes, write_tree
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.frontmatter import FrontMatterError, decode, split

GOOD = "---\ntitle: Good\n---\n\nMe: hi?\n\nChatGPT: hello.\n"

# (case, post bytes, expected line on stderr) for posts that must fail the build.
FAILING = [
    ("invalid YAML", b"---\ntitle: [\n---\n", "_posts/2024-01-02-bad.md:2: invalid YAML"),
    ("unclosed block", b"---\ntitle: x\nbody\n", "_posts/2024-01-02-bad.md:1: front matter is not closed"),
    ("a list", b"---\n- a\n---\n", "_posts/2024-01-02-bad.md:2: front matter must be a mapping"),
    ("a scalar", b"---\njust words\n---\n", "_posts/2024-01-02-bad.md:2: front matter must be a mapping"),
    ("impossible date", b"---\ndate: 2024-13-45\n---\nx\n", "_posts/2024-01-02-bad.md:2: cannot read date '2024-13-45'"),
    ("python tag", b"---\nx: !!python/object/apply:os.system ['touch /tmp/pwned']\n---\n",
     "_posts/2024-01-02-bad.md:2: invalid YAML in front matter"),
    ("alias bomb", b"---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
     b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n---\n",
     "_posts/2024-01-02-bad.md:3: invalid YAML in front matter: aliases"),
    ("self-referencing alias", b"---\na: &a [*a]\n---\n", "_posts/2024-01-02-bad.md:2: invalid YAML"),
    ("invalid UTF-8", b"---\ntitle: x\n---\nok\n\xff\xfe bad\n", "_posts/2024-01-02-bad.md:5: not valid UTF-8 at byte 20"),
    ("NUL bytes", b"---\ntitle: x\n---\nline\n\x00\n", "_posts/2024-01-02-bad.md:5: the file contains NUL bytes"),
]


@pytest.mark.parametrize(("case", "data", "expected"), FAILING, ids=[c[0] for c in FAILING])
def test_bad_front_matter_fails_clearly(tmp_path: Path, case: str, data: bytes,
                                        expected: str) -> None:
    site = write_tree(tmp_path / "site", {"_posts/2024-01-01-good.md": GOOD})
    assert run_sitegen("build", cwd=site).returncode == 0
    before = tree_bytes(site / "_site")
    write_tree(site, {"_posts/2024-01-02-bad.md": data})
    sources = tree_bytes(site / "_posts")
    started = time.monotonic()
    run = run_sitegen("build", cwd=site)
    assert time.monotonic() - started < 60
    assert run.returncode == 1
    assert any(line.startswith(expected) for line in run.stderr.splitlines()), run.stderr
    assert "Traceback" not in run.stderr
    assert tree_bytes(site / "_site") == before
    assert tree_bytes(site / "_posts") == sources
    assert not Path("/tmp/pwned").exists()


# (case, post text, expected warning, a string the page must contain)
READ_WITH_WARNING = [
    ("title: no", "---\ntitle: no\n---\nx\n", ":2: warning: YAML reads this title as False",
     ">no</h1>"),
    ("title: 12:30:00", "---\ntitle: 12:30:00\n---\nx\n", ":2: warning: YAML reads this title as 45000",
     ">12:30:00</h1>"),
    ("duplicate keys", "---\ntitle: first\ntitle: second\n---\nx\n", ":3: warning: duplicate key 'title'",
     ">second</h1>"),
]


@pytest.mark.parametrize(("case", "text", "warning", "shown"), READ_WITH_WARNING,
                         ids=[c[0] for c in READ_WITH_WARNING])
def test_surprising_yaml_is_read_as_written(tmp_path: Path, case: str, text: str, warning: str,
                                            shown: str) -> None:
    site = write_tree(tmp_path / "site", {"_posts/2024-01-02-odd.md": text})
    run = run_sitegen("build", cwd=site)
    assert run.returncode == 0, run.stderr
    assert f"_posts/2024-01-02-odd.md{warning}" in run.stderr
    page = next((site / "_site").rglob("odd.html")).read_text(encoding="utf-8")
    assert shown in page


@pytest.mark.parametrize(("case", "data"), [
    ("BOM", b"\xef\xbb\xbf---\ntitle: T\n---\n\nMe: a?\n\nChatGPT: b.\n"),
    ("CRLF", b"---\r\ntitle: T\r\n---\r\n\r\nMe: a?\r\n\r\nChatGPT: b.\r\n"),
    ("CR only", b"---\rtitle: T\r---\r\rMe: a?\r\rChatGPT: b.\r"),
    ("no final newline", b"---\ntitle: T\n---\n\nMe: a?\n\nChatGPT: b."),
    ("empty front matter", b"---\n---\n\nMe: a?\n\nChatGPT: b.\n"),
])
def test_line_endings_and_bom_build_the_same_page(tmp_path: Path, case: str, data: bytes) -> None:
    reference = write_tree(tmp_path / "ref", {
        "_posts/2024-01-02-p.md": "---\ntitle: T\n---\n\nMe: a?\n\nChatGPT: b.\n"})
    site = write_tree(tmp_path / "site", {"_posts/2024-01-02-p.md": data})
    for folder in (reference, site):
        assert run_sitegen("build", cwd=folder).returncode == 0
    page = "2024/01/02/p.html"
    if case == "empty front matter":
        assert 'id="a1"' in (site / "_site" / page).read_text(encoding="utf-8")
    else:
        assert (site / "_site" / page).read_bytes() == (reference / "_site" / page).read_bytes()


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_front_matter_reader_raises_only_our_error(data: bytes) -> None:
    for text in (data, b"---\n" + data + b"\n---\n"):
        try:
            split(decode(text, "p.md"), "p.md")
        except FrontMatterError as exc:
            assert str(exc).startswith("p.md")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_front_matter_text_raises_only_our_error(text: str) -> None:
    with contextlib.suppress(FrontMatterError):
        split("---\n" + text + "\n---\nbody", "p.md")


def test_permalink_escapes_are_refused(tmp_path: Path) -> None:
    for link in ("/%2e%2e/%2e%2e/escape", "/../escape", "/C:\\\\escape", "/con/x"):
        site = write_tree(tmp_path / "site", {
            "_posts/2024-01-02-p.md": f"---\npermalink: \"{link}\"\n---\nx\n"})
        run = run_sitegen("build", cwd=site)
        assert run.returncode == 1, link
        assert "_posts/2024-01-02-p.md: output path" in run.stderr, run.stderr
        assert not list(tmp_path.glob("escape*"))
        shutil.rmtree(site)

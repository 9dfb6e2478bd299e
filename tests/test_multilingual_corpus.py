"""benchmarks/make_corpus.py: the shared corpus byte for byte, and the multilingual shape.

The 5000-post multilingual build is a benchmark run (see benchmarks/README.md); here a
small corpus of the same shape is generated and built.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SHARED, run_sitegen, tree_bytes

GENERATOR = REPO / "benchmarks" / "make_corpus.py"
SHARED_GENERATOR = SHARED / "bench" / "make_corpus.py"


def generate(script: Path, out: Path, count: str, *options: str) -> str:
    """Run a generator (`count` posts into `out`); its summary line."""
    run = subprocess.run([sys.executable, str(script), count, str(out), *options],
                         capture_output=True, text=True, check=True, timeout=120)
    return run.stdout


@pytest.mark.skipif(not SHARED_GENERATOR.is_file(), reason="../shared/bench is not here")
@pytest.mark.parametrize("args", [("40",), ("25", "--seed", "9"), ("12", "--format", "hugo"),
                                  ("12", "--format", "pelican", "--seed", "4")])
def test_without_languages_the_output_is_the_shared_generators(tmp_path: Path,
                                                               args: tuple[str, ...]) -> None:
    ours = generate(GENERATOR, tmp_path / "ours", *args)
    theirs = generate(SHARED_GENERATOR, tmp_path / "theirs", *args)
    assert tree_bytes(tmp_path / "ours") == tree_bytes(tmp_path / "theirs")
    assert ours.replace("ours", "x") == theirs.replace("theirs", "x")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("corpus")
    generate(GENERATOR, site, "300", "--languages", "en,zh,ar")
    return site


def test_the_multilingual_corpus_has_the_blogs_shape(corpus: Path) -> None:
    posts = sorted(p.relative_to(corpus / "_posts").as_posix()
                   for p in (corpus / "_posts").rglob("*.md"))
    assert len(posts) == 300
    folders = {p.split("/")[0] for p in posts if "/" in p}
    legacy = [p for p in posts if "/" not in p]
    assert folders == {"en", "zh", "ar"} and legacy
    assert {p.rsplit("-", 1)[1] for p in legacy} == {"en.md", "zh.md", "cn.md"}
    assert all(p.startswith(f"{p.split('/')[0]}/") and p.endswith(f"-{p.split('/')[0]}.md")
               for p in posts if "/" in p)
    text = (corpus / "_posts" / legacy[0]).read_text(encoding="utf-8")
    assert text.startswith("---\nlayout: post  \ntitle: ") and "\n---\nZhiwei: " in text
    assert (corpus / "notes").is_dir() and "permalink: /:title" in (
        corpus / "_config.yml").read_text(encoding="utf-8")


def test_the_multilingual_corpus_builds_without_errors(corpus: Path, tmp_path: Path) -> None:
    run = run_sitegen("build", "--no-cache", "--source", corpus, "--destination",
                      tmp_path / "site")
    assert run.returncode == 0, run.stderr
    assert all("warning: value contains ': ' and is not quoted" in line
               for line in run.stderr.splitlines())
    for lang in ("zh", "ar"):
        assert (tmp_path / "site" / lang / "index.html").is_file()
    built = {p.name for p in (tmp_path / "site").glob("*.html")}
    assert sum(name.endswith(("-zh.html", "-cn.html")) for name in built) == 100

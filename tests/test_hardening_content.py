"""Hostile content: script injection in Markdown and in front matter values, names that
try to break out of HTML, attributes, JSON-LD and the feed, decoy labels, and storms of
nesting that must finish quickly."""

from __future__ import annotations

import json
import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import run_sitegen, write_tree

EVIL = "Q\"'<x>&</script>]]><!--"

EVIL_YAML = EVIL.replace('"', '\\"')
HOSTILE_POST = f"""---
title: "{EVIL_YAML}"
description: "<script>alert(1)</script>"
tags: ["<b>tag</b>"]
speakers:
  Me: {{role: asker, display: "<script>alert(5)</script> \\"Me\\" ]]>"}}
  Bot: {{role: answerer}}
---

Me: Is <script>alert('x')</script> run? <img src=x onerror=alert(1)>

Bot: Links: [a](javascript:alert(1)), [b](JaVaScRiPt:alert(1)), [c](  javascript:alert(1)),
[d](java&#09;script:alert(1)), [e](vbscript:msgbox), [f](data:text/html;base64,PHNjcmlwdD4=)
and <a href="javascript:alert(2)">raw</a> and <a href="&#106;avascript:alert(3)">entity</a>.
<iframe src="javascript:alert(4)"></iframe>

```html
<script>alert("in code is fine")</script>
```
"""


def build_hostile(folder: Path, config: str) -> Path:
    site = write_tree(folder, {"_config.yml": "title: T\nurl: https://example.org\n" + config,
                               "_posts/2024-01-02-hostile.md": HOSTILE_POST})
    run = run_sitegen("build", cwd=site)
    assert run.returncode == 0, run.stderr
    return site / "_site"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Raw HTML off: nothing an author writes becomes markup."""
    return build_hostile(tmp_path_factory.mktemp("hostile"), "markdown: {html: false}\n")


@pytest.fixture(scope="module")
def raw_html_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Raw HTML on (the default, as Jekyll sites need): dangerous URLs still never emitted."""
    return build_hostile(tmp_path_factory.mktemp("raw"), "")


def strings(data: object) -> list[str]:
    """Every string value in parsed JSON."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for v in data.values() for s in strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in strings(v)]
    return []


def page(site: Path) -> str:
    return next(site.rglob("hostile.html")).read_text(encoding="utf-8")


def test_no_script_runs_from_content_or_front_matter(hostile_site: Path) -> None:
    html = page(hostile_site)
    body = re.sub(r"<pre.*?</pre>|<script type=\"application/ld\+json\">.*?</script>", "", html,
                  flags=re.DOTALL)
    assert "<script>alert" not in body
    assert not re.search(r"<[a-z]+[^>]*\son[a-z]+\s*=", body, re.I)
    assert not re.search(r"(href|src)\s*=\s*[\"']?\s*(javascript|vbscript|data:text)", body, re.I)
    assert "&#106;avascript" not in body
    assert "&lt;script&gt;alert(&quot;in code is fine&quot;)" in html or \
        "&lt;script&gt;alert(" in html


def test_raw_html_keeps_elements_but_never_dangerous_urls(raw_html_site: Path) -> None:
    html = page(raw_html_site)
    assert not re.search(r"(href|src)\s*=\s*[\"']?\s*(javascript|vbscript|data:text|&#106;)",
                         html, re.I)
    assert "<a>raw</a>" in html.replace('rel="nofollow"', "").replace("<a >", "<a>")


def test_names_and_titles_are_escaped_everywhere(hostile_site: Path) -> None:
    html = page(hostile_site)
    assert "</script>]]>" not in html.split("<body", 1)[1].replace("&lt;/script&gt;", "")
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(block)
        assert "</script>" not in block
        assert EVIL in set(strings(data))
    feed = (hostile_site / "feed.xml").read_bytes()
    root = ET.fromstring(feed)
    titles = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert EVIL in titles


def test_labels_inside_code_quotes_and_comments_never_make_turns(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", {"_posts/2024-01-02-decoys.md": (
        "Me: real question?\n\nBot: real answer.\n\n```\nMe: in code\n```\n\n> Me: quoted\n\n"
        "<!--\nMe: in a comment\n-->\n\n    Me: indented code\n")})
    run = run_sitegen("inspect", "--json", site / "_posts/2024-01-02-decoys.md")
    turns = json.loads(run.stdout)[0]["turns"]
    assert [t["line"] for t in turns] == [1, 3]


STORMS = {
    "50,000 nested quotes": "> " * 50_000 + "deep\n",
    "bracket storm": "[" * 50_000 + "]" * 50_000 + "(" * 20_000 + "\n",
    "emphasis storm": "*a **b " * 20_000 + "\n",
    "3,000 nested list levels": "".join("  " * i + "- x\n" for i in range(3_000)),
}


@pytest.mark.parametrize("case", list(STORMS))
def test_pathological_markdown_finishes_quickly(tmp_path: Path, case: str) -> None:
    site = write_tree(tmp_path / "site", {
        "_posts/2024-01-02-storm.md": "Me: q?\n\nBot:\n\n" + STORMS[case]})
    started = time.monotonic()
    run = run_sitegen("build", "--jobs", "1", cwd=site)
    assert time.monotonic() - started < 60
    assert run.returncode == 0, run.stderr
    assert next((site / "_site").rglob("storm.html")).stat().st_size > 0


def test_five_megabyte_code_block_is_shown_plain_with_a_warning(tmp_path: Path) -> None:
    code = "x = [1, 2, 3]  # comment\n" * 200_000
    site = write_tree(tmp_path / "site", {
        "_posts/2024-01-02-big.md": f"Me: q?\n\nBot:\n\n```python\n{code}```\n"})
    run = run_sitegen("build", "--jobs", "1", cwd=site)
    assert run.returncode == 0
    assert "_posts/2024-01-02-big.md:5: warning: code block of 5000000 bytes" in run.stderr


def test_oversized_post_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", {
        "_config.yml": "max_post_size: 100000\n",
        "_posts/2024-01-01-ok.md": "fine\n",
        "_posts/2024-01-02-huge.md": "x" * 200_000 + "\n"})
    run = run_sitegen("build", cwd=site)
    assert run.returncode == 1
    assert "_posts/2024-01-02-huge.md: the file is 0.2 MB, over max_post_size (0.1 MB)" in run.stderr


def test_symlinks_out_of_the_site_are_skipped_with_a_warning(tmp_path: Path) -> None:
    secret = write_tree(tmp_path / "outside", {"secret.md": "Me: my secret?\n\nBot: hunter2\n"})
    site = write_tree(tmp_path / "site", {"_posts/2024-01-01-real.md": "real\n",
                                          "notes/2024-01-03-inside.md": "Me: a?\n\nBot: b\n"})
    (site / "_posts/2024-01-02-leak.md").symlink_to(secret / "secret.md")
    (site / "_posts/2024-01-04-inside.md").symlink_to(site / "notes/2024-01-03-inside.md")
    (site / "_posts/loop").symlink_to(site / "_posts")
    run = run_sitegen("build", cwd=site)
    assert run.returncode == 0, run.stderr
    assert "_posts/2024-01-02-leak.md: warning: the symbolic link leads out of the site" in run.stderr
    built = "".join(p.read_text(encoding="utf-8") for p in (site / "_site").rglob("*.html"))
    assert "hunter2" not in built
    assert (site / "_site/2024/01/04/inside.html").is_file()


def test_right_to_left_override_in_a_speaker_name_is_dropped(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", {"_posts/2024-01-02-rlo.md": (
        "---\nspeakers:\n  Me: {role: asker, display: \"Me\u202eevil\"}\n  Bot: {role: answerer}\n---\n\n"
        "Me: hi?\n\nBot: hello.\n")})
    assert run_sitegen("build", cwd=site).returncode == 0
    html = next((site / "_site").rglob("rlo.html")).read_text(encoding="utf-8")
    assert "\u202e" not in html and "Meevil" in html

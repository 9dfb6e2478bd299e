"""`sitegen build` as a user runs it: real sites in temporary folders, pages read back."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path

from conftest import REPO, run_sitegen, tree_bytes, write_tree

MakeSite = Callable[[Mapping[str, str | bytes]], Path]

POST = "---\ntitle: \"{title}\"\n---\n\nMe: {q}\n\nChatGPT: {a}\n"


def test_example_blog_builds_with_every_post(tmp_path: Path) -> None:
    run = run_sitegen("build", "--source", REPO, "--destination", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Built 4 posts")
    out = tmp_path / "out"
    assert (out / "index.html").is_file()
    assert (out / "2024/03/python-decorators/index.html").is_file()
    assert (out / "2024/08/sourdough-zh/index.html").is_file()
    assert not list(out.rglob("chatgpt-helps-me-learn-latest-ai-technology*"))


def test_drafts_flag_renders_the_users_draft(tmp_path: Path) -> None:
    run = run_sitegen("build", "--drafts", "--source", REPO, "--destination", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    pages = list((tmp_path / "out").rglob("chatgpt-helps-me-learn-latest-ai-technology/index.html"))
    assert len(pages) == 1
    html = pages[0].read_text(encoding="utf-8")
    assert "Draft" in html and "What is SpaCy language model?" in html


def test_broken_post_fails_the_build_and_keeps_previous_site(make_site: MakeSite) -> None:
    site = make_site({
        "_posts/2024-01-01-good.md": POST.format(title="Good", q="hi?", a="hello"),
        "_posts/2024-01-02-also-good.md": POST.format(title="Also", q="why?", a="because"),
    })
    assert run_sitegen("build", cwd=site).returncode == 0
    before = tree_bytes(site / "_site")
    sources_before = tree_bytes(site / "_posts")
    write_tree(site, {
        "_posts/2024-01-03-broken.md": "---\ntitle: ok\ntags: [a, b\n---\nbody\n",
        "_posts/2999-01-01-future.md": POST.format(title="Later", q="q?", a="a"),
    })
    run = run_sitegen("build", cwd=site)
    assert run.returncode == 1
    lines = run.stderr.splitlines()
    assert [line for line in lines if line.startswith("_posts/")] == [
        "_posts/2024-01-03-broken.md:3: invalid YAML in front matter: while parsing a flow "
        "sequence: expected ',' or ']', but got '<stream end>' (check quoting and indentation "
        "on this line)",
    ]
    assert tree_bytes(site / "_site") == before
    assert tree_bytes(site / "_posts") == {**sources_before, **{
        k: v for k, v in tree_bytes(site / "_posts").items() if k not in sources_before}}
    assert not [p for p in site.iterdir() if "staging" in p.name]


def test_all_errors_are_reported_together(make_site: MakeSite) -> None:
    site = make_site({
        "_posts/2024-01-01-a.md": "---\ntitle: [\n---\n",
        "_posts/2024-01-02-b.md": "---\ntitle: x\n",
        "_posts/2024-01-03-c.md": "---\n- a list\n---\n",
    })
    run = run_sitegen("build", cwd=site)
    assert run.returncode == 1
    paths = [line.split(":")[0] for line in run.stderr.splitlines() if line.startswith("_posts")]
    assert paths == ["_posts/2024-01-01-a.md", "_posts/2024-01-02-b.md", "_posts/2024-01-03-c.md"]
    assert not (site / "_site").exists()


def test_future_and_unpublished_are_skipped_and_explained(make_site: MakeSite) -> None:
    site = make_site({
        "_posts/2024-01-01-now.md": POST.format(title="Now", q="q?", a="a"),
        "_posts/2999-01-01-later.md": POST.format(title="Later", q="q?", a="a"),
        "_posts/2024-01-02-hidden.md": "---\npublished: false\n---\ntext\n",
    })
    run = run_sitegen("build", "--verbose", cwd=site)
    assert run.returncode == 0, run.stderr
    assert "skipped _posts/2999-01-01-later.md: dated in the future" in run.stderr
    assert "skipped _posts/2024-01-02-hidden.md: published: false" in run.stderr
    assert sorted(p.name for p in (site / "_site").rglob("*.html") if "later" in str(p)) == []
    run = run_sitegen("build", "--future", "--unpublished", cwd=site)
    assert run.stdout.startswith("Built 3 posts"), run.stdout


def test_post_without_front_matter_is_a_post(make_site: MakeSite) -> None:
    site = make_site({"_posts/2024-02-03-plain.md": "Just text.\n"})
    assert run_sitegen("build", cwd=site).returncode == 0
    page = site / "_site/2024/02/03/plain.html"
    assert "Just text." in page.read_text(encoding="utf-8")


def test_stale_files_go_and_dotfiles_and_cname_stay(make_site: MakeSite) -> None:
    site = make_site({"_posts/2024-01-01-a.md": "a\n", "_posts/2024-01-02-b.md": "b\n"})
    assert run_sitegen("build", cwd=site).returncode == 0
    write_tree(site / "_site", {"CNAME": "blog.example.com\n", ".git/HEAD": "ref\n",
                                "stray.html": "x"})
    (site / "_posts/2024-01-02-b.md").unlink()
    assert run_sitegen("build", cwd=site).returncode == 0
    out = site / "_site"
    assert (out / "CNAME").read_text() == "blog.example.com\n"
    assert (out / ".git/HEAD").is_file()
    assert not (out / "stray.html").exists()
    assert not (out / "2024/01/02/b.html").exists()


def test_files_added_to_the_site_anywhere_go_at_the_next_build(make_site: MakeSite) -> None:
    site = make_site({"_posts/2024-01-01-a.md": "a\n", "_posts/2024-01-02-b.md": "b\n"})
    assert run_sitegen("build", cwd=site).returncode == 0
    out = site / "_site"
    before = tree_bytes(out)
    write_tree(out, {"2024/01/01/stray.html": "x", "2024/01/new/deeper/stray.txt": "y",
                     "stray-at-top.txt": "z"})
    assert run_sitegen("build", cwd=site).returncode == 0
    assert tree_bytes(out) == before
    assert not (out / "2024/01/new").exists()


def test_a_folder_whose_time_is_unchanged_is_not_listed_again(make_site: MakeSite) -> None:
    """What makes a rebuild of thousands of folders quick; a file added to a folder
    changes its time, unless someone sets it back."""
    site = make_site({"_posts/2024-01-01-a.md": "a\n"})
    assert run_sitegen("build", cwd=site).returncode == 0
    folder = site / "_site/2024/01/01"
    times = folder.stat()
    (folder / "stray.html").write_text("x")
    os.utime(folder, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert run_sitegen("build", cwd=site).returncode == 0
    assert (folder / "stray.html").exists()
    (folder / "another.html").write_text("y")
    assert run_sitegen("build", cwd=site).returncode == 0
    assert not (folder / "stray.html").exists() and not (folder / "another.html").exists()
    assert (folder / "a.html").is_file()


def test_two_posts_to_one_url_is_an_error_naming_both(make_site: MakeSite) -> None:
    site = make_site({
        "_config.yml": "permalink: /:title\n",
        "_posts/2024-01-01-same.md": "a\n",
        "_posts/sub/2024-02-01-same.md": "b\n",
    })
    run = run_sitegen("build", cwd=site)
    assert run.returncode == 1
    assert "_posts/sub/2024-02-01-same.md: writes same.html, as _posts/2024-01-01-same.md does" \
        in run.stderr


def test_permalink_leaving_the_site_is_an_error(make_site: MakeSite) -> None:
    site = make_site({"_posts/2024-01-01-a.md": "---\npermalink: /../../escape\n---\nx\n"})
    run = run_sitegen("build", cwd=site)
    assert run.returncode == 1
    assert "_posts/2024-01-01-a.md: output path" in run.stderr
    assert not (site.parent / "escape.html").exists()


def test_builds_are_byte_identical(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({"_posts/2024-01-01-a.md": POST.format(title="A", q="q?", a="a `x`")})
    env = {**os.environ, "PYTHONHASHSEED": "1"}
    run_sitegen("build", "-d", tmp_path / "one", cwd=site, env=env)
    run_sitegen("build", "-d", tmp_path / "two", cwd=site, env={**env, "PYTHONHASHSEED": "2"})
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two")


def test_destination_that_would_delete_sources_is_refused(make_site: MakeSite) -> None:
    site = make_site({"_posts/2024-01-01-a.md": "a\n"})
    for dest in (site, site.parent, Path("/")):
        run = run_sitegen("build", "-d", dest, cwd=site)
        assert run.returncode == 1 and "refusing" in run.stderr
    assert (site / "_posts/2024-01-01-a.md").read_text() == "a\n"


def test_help_describes_every_option() -> None:
    run = run_sitegen("build", "--help")
    for option in ("--source", "--destination", "--drafts", "--future", "--unpublished",
                   "--strict", "--verbose", "--quiet"):
        assert option in run.stdout
    assert "build" in run_sitegen("--help").stdout


def test_strict_turns_warnings_into_errors(make_site: MakeSite) -> None:
    site = make_site({"_config.yml": "titel: x\n", "_posts/2024-01-01-a.md": "a\n"})
    assert run_sitegen("build", cwd=site).returncode == 0
    run = run_sitegen("build", "--strict", cwd=site)
    assert run.returncode == 1 and "_config.yml:1: unknown key 'titel'" in run.stderr


def test_broken_links_in_posts_are_warnings_and_errors_under_strict(make_site: MakeSite) -> None:
    site = make_site({
        "_posts/2024-01-01-a.md": "Me: see [b](/2024/01/02/b.html), [gone](/nope/) and "
                                  "[relative](../02/b.html)\n\nChatGPT: and ![x](/img/x.png)\n",
        "_posts/2024-01-02-b.md": "b\n",
    })
    run = run_sitegen("build", cwd=site)
    assert run.returncode == 0, run.stderr
    warnings = [line for line in run.stderr.splitlines() if "broken link" in line]
    assert warnings == [
        "_posts/2024-01-01-a.md: warning: broken link to /nope/ (the site has no nope/index.html)",
        "_posts/2024-01-01-a.md: warning: broken link to /img/x.png (the site has no img/x.png)",
    ]
    assert run_sitegen("build", "--strict", cwd=site).returncode == 1


def test_ids_stay_unique_across_turns(make_site: MakeSite) -> None:
    site = make_site({"_posts/2024-01-01-a.md": (
        "Me: first?\n\nChatGPT:\n\n## Setup\n\nText[^n].\n\n[^n]: a note\n\n"
        "Me: second?\n\nChatGPT:\n\n## Setup\n\nMore[^n].\n\n[^n]: another note\n")})
    assert run_sitegen("build", cwd=site).returncode == 0
    html = (site / "_site/2024/01/01/a.html").read_text(encoding="utf-8")
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert html.count("<h2") >= 2


def test_an_unclosed_fence_in_a_transcript_is_reported_once(tmp_path: Path) -> None:
    site = write_tree(tmp_path, {"_posts/2024-01-01-t.md": (
        "---\ntitle: T\n---\n\nMe: show code\n\nChatGPT: here\n\n```python\nprint(1)\n\n"
        "Me: thanks\n")})
    run = run_sitegen("build", "--no-cache", cwd=site)
    assert run.returncode == 0, run.stderr
    lines = [line for line in run.stderr.splitlines() if "never closed" in line]
    assert lines == ["_posts/2024-01-01-t.md:9: warning: code block opened with ``` is never "
                     "closed; it runs to the end of the text (add a line ``` after the code)"]


def test_a_turn_links_through_a_definition_at_the_end_of_the_post(make_site: MakeSite) -> None:
    site = make_site({"_posts/2024-05-01-refs.md": (
        "---\ntitle: Refs\n---\n\nMe: Where are the [docs][py]?\n\n"
        "ChatGPT: In [the docs][py], and [elsewhere][other].\n\n"
        "Me: Thanks.\n\nChatGPT: [other]: https://other.example/\n\n---\n\n"
        "[py]: https://docs.python.org/3/ \"Python docs\"\n")})
    run = run_sitegen("build", cwd=site)
    assert run.returncode == 0, run.stderr
    page = (site / "_site/2024/05/01/refs.html").read_text(encoding="utf-8")
    docs = '<a href="https://docs.python.org/3/" title="Python docs">'
    assert page.count(f"{docs}docs</a>") == 1 and page.count(f"{docs}the docs</a>") == 1
    assert '<a href="https://other.example/">elsewhere</a>' not in page, \
        "after a speaker label on its line, a definition is text (as Jekyll reads the post)"
    assert "[docs][py]" not in page and "[the docs][py]" not in page

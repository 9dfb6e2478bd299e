"""The cache is correct: after every kind of change, an incremental build writes exactly the
bytes a clean build writes, and a parallel build equals a one-process build."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, run_sitegen, tree_bytes, write_tree

from sitegen import config as config_mod
from sitegen import output, sources
from sitegen.build import BuildOptions, build
from sitegen.cache import Cache, cache_folder
from sitegen.errors import BuildFailed

POST = "---\ntitle: \"{title}\"\ndate: {date}\ntags: [{tags}]\n---\n\nMe: {q}\n\nChatGPT: {a}\n"


def site_files(count: int) -> dict[str, str]:
    files = {"_config.yml": "title: Cache test\npaginate: 3\n"}
    for n in range(count):
        files[f"_posts/2024-01-{n + 1:02d}-post-{n}.md"] = POST.format(
            title=f"Post {n}", date=f"2024-01-{n + 1:02d}", tags="a, b" if n % 2 else "a",
            q=f"Question {n}?", a=f"Answer {n} with `code` and $x_{n}$.")
    return files


def clean_build(site: Path, tmp: Path) -> dict[str, bytes]:
    out = tmp / "clean"
    shutil.rmtree(out, ignore_errors=True)
    run = run_sitegen("build", "--no-cache", "-d", out, cwd=site)
    assert run.returncode == 0, run.stderr
    return tree_bytes(out)


def incremental_build(site: Path) -> dict[str, bytes]:
    run = run_sitegen("build", cwd=site)
    assert run.returncode == 0, run.stderr
    return tree_bytes(site / "_site")


def append(path: Path, text: str) -> None:
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(text)


def rename(site: Path) -> None:
    os.rename(site / "_posts/2024-01-03-post-2.md", site / "_posts/2024-01-03-renamed.md")


def edit_template(site: Path) -> None:
    base = (REPO / "templates/base.html").read_text(encoding="utf-8")
    write_tree(site, {"templates/base.html": base.replace("</footer>", "<p>custom</p></footer>")})


CHANGES: dict[str, Callable[[Path], None]] = {
    "edit a post body": lambda s: (s / "_posts/2024-01-02-post-1.md").write_text(
        POST.format(title="Post 1", date="2024-01-02", tags="a, b", q="New question?",
                    a="New answer."), encoding="utf-8"),
    "append to a post": lambda s: append(s / "_posts/2024-01-05-post-4.md",
                                         "\nMe: one more?\n\nChatGPT: one more.\n"),
    "retitle a post": lambda s: (s / "_posts/2024-01-01-post-0.md").write_text(
        POST.format(title="Renamed title", date="2024-01-01", tags="c", q="q?", a="a."),
        encoding="utf-8"),
    "edit a template": edit_template,
    "show the newest post on every page": lambda s: write_tree(s, {
        "templates/base.html": (REPO / "templates/base.html").read_text("utf-8").replace(
            "</footer>", "<p>Newest: {{ site.posts[0].title if site.posts }}</p></footer>")}),
    "retitle the newest post": lambda s: (s / "_posts/2024-01-07-post-6.md").write_text(
        POST.format(title="Newest, retitled", date="2024-01-07", tags="a", q="q?", a="a."),
        encoding="utf-8"),
    "change a config value": lambda s: (s / "_config.yml").write_text(
        "title: Cache test, renamed\npaginate: 2\n", encoding="utf-8"),
    "add a static file": lambda s: write_tree(s, {"static/extra.txt": "hello\n"}),
    "change a static file": lambda s: write_tree(s, {"static/extra.txt": "changed\n"}),
    "delete a post": lambda s: (s / "_posts/2024-01-04-post-3.md").unlink(),
    "rename a post": rename,
    "add a post": lambda s: write_tree(s, {"_posts/2024-02-01-new.md": POST.format(
        title="New", date="2024-02-01", tags="new", q="Fresh?", a="Yes.")}),
    "add a page": lambda s: write_tree(s, {"about.md": "---\ntitle: About\n---\nHello.\n"}),
    "edit a page": lambda s: write_tree(s, {"about.md": "---\ntitle: About me\n---\nHi.\n"}),
    "add a site file": lambda s: write_tree(s, {"assets/logo.txt": "logo\n"}),
    "delete a site file": lambda s: (s / "assets/logo.txt").unlink(),
}


def test_every_change_gives_the_clean_build(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", site_files(7))
    assert incremental_build(site) == clean_build(site, tmp_path)
    assert list((site / ".sitegen-cache/templates").iterdir()), "compiled templates are kept"
    for name, change in CHANGES.items():
        change(site)
        assert incremental_build(site) == clean_build(site, tmp_path), name


def test_an_edited_post_re_renders_only_the_listing_pages_that_show_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sitegen import pages

    site = write_tree(tmp_path / "site", site_files(7))
    build(BuildOptions(source=site, jobs=1, search=False))
    rendered: list[str] = []
    real = pages._render
    monkeypatch.setattr(pages, "_render", lambda stage, page: (
        rendered.append(page.output), real(stage, page))[1])
    append(site / "_posts/2024-01-03-post-2.md", "\nMe: and then?\n\nChatGPT: then this.\n")
    build(BuildOptions(source=site, jobs=1, search=False))
    # Newest first, three a page: post 2 is on page 2. Tag b lists odd posts only.
    assert {"page/2/index.html", "tags/a/index.html", "archive/index.html",
            "sitemap.xml", "feed.xml"} <= set(rendered)
    assert not {"index.html", "page/3/index.html", "tags/b/index.html",
                "robots.txt"} & set(rendered), rendered


def test_no_change_rebuild_renders_nothing_and_rewrites_nothing(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", site_files(5))
    incremental_build(site)
    before = {p: p.stat().st_mtime_ns for p in (site / "_site").rglob("*") if p.is_file()}
    run = run_sitegen("build", "--verbose", cwd=site)
    assert run.returncode == 0
    after = {p: p.stat().st_mtime_ns for p in (site / "_site").rglob("*") if p.is_file()}
    assert after == before


def test_a_cache_from_another_version_is_ignored(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", site_files(3))
    incremental_build(site)
    for state in (site / ".sitegen-cache").glob("state-*.pickle"):
        state.write_bytes(b"not a pickle")
    assert incremental_build(site) == clean_build(site, tmp_path)


def test_deleted_output_files_are_rebuilt(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", site_files(3))
    full = incremental_build(site)
    (site / "_site/index.html").unlink()
    shutil.rmtree(site / "_site/2024")
    assert incremental_build(site) == full


@pytest.mark.parametrize("jobs", ["2", "3"])
def test_parallel_build_equals_one_process_build(tmp_path: Path, jobs: str) -> None:
    site = write_tree(tmp_path / "site", site_files(30))
    one = run_sitegen("build", "--no-cache", "--jobs", "1", "-d", tmp_path / "one", cwd=site)
    many = run_sitegen("build", "--no-cache", "--jobs", jobs, "-d", tmp_path / "many", cwd=site)
    assert one.returncode == many.returncode == 0, one.stderr + many.stderr
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "many")


def test_reading_and_listing_shared_among_processes_equal_one_process(tmp_path: Path) -> None:
    # Enough posts and listing pages (one post a page) for both to be shared out.
    files = {"_config.yml": "title: Many pages\npaginate: 1\n"}
    for n in range(80):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=n)
        files[f"_posts/{day}-post-{n}.md"] = POST.format(
            title=f"Post {n}", date=day, tags=f"t{n % 7}", q=f"Question {n}?", a=f"Answer {n}.")
    site = write_tree(tmp_path / "site", files)
    one = run_sitegen("build", "--no-cache", "--jobs", "1", "-d", tmp_path / "one", cwd=site)
    two = run_sitegen("build", "--no-cache", "--jobs", "2", "-d", tmp_path / "two", cwd=site)
    assert one.returncode == two.returncode == 0, one.stderr + two.stderr
    assert (tmp_path / "two/page/80/index.html").is_file()
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two")


def test_the_cache_keeps_no_post_text(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", site_files(3))
    incremental_build(site)
    markdown = b"Answer 1 with `code`"  # as written; pages (and the feed's copy) show HTML
    assert markdown in (site / "_posts/2024-01-02-post-1.md").read_bytes()
    assert b"Answer 1" in state_bytes(site), "the state holds the post's HTML"
    assert markdown not in state_bytes(site)


def state_bytes(site: Path) -> bytes:
    """The saved state: its file and its parts."""
    [state] = (site / ".sitegen-cache").glob("state-*.pickle")
    parts = sorted(state.with_suffix(".parts").iterdir())
    assert parts
    return b"".join(p.read_bytes() for p in [state, *parts])


def state_parts(site: Path) -> set[str]:
    return {p.name for p in (site / ".sitegen-cache").glob("state-*.parts/*")}


def test_saving_after_one_edit_writes_one_part_of_the_state(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", site_files(7))
    incremental_build(site)
    before = state_parts(site)
    append(site / "_posts/2024-01-05-post-4.md", "\nMe: one more?\n\nChatGPT: one more.\n")
    incremental_build(site)
    after = state_parts(site)
    assert len(after - before) == 1 and len(before - after) == 1 and len(after) == len(before)


@pytest.mark.parametrize("damage", ["remove", "garble"])
def test_a_damaged_part_of_the_state_is_ignored_safely(tmp_path: Path, damage: str) -> None:
    site = write_tree(tmp_path / "site", site_files(7))
    incremental_build(site)
    append(site / "_posts/2024-01-05-post-4.md", "\nMe: one more?\n\nChatGPT: one more.\n")
    for part in (site / ".sitegen-cache").glob("state-*.parts/*"):
        if damage == "remove":
            part.unlink()
        else:
            part.write_bytes(b"not a pickle")
    assert incremental_build(site) == clean_build(site, tmp_path)
    assert incremental_build(site) == clean_build(site, tmp_path)


def test_clean_command_removes_output_and_cache(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", site_files(2))
    incremental_build(site)
    run = run_sitegen("clean", cwd=site)
    assert run.returncode == 0, run.stderr
    assert not (site / "_site").exists() and not (site / ".sitegen-cache").exists()
    assert (site / "_posts").is_dir()


def test_a_cache_kept_in_memory_gives_the_clean_build_after_every_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview server's way: one cache object across builds, updated in place (never
    saved), the destination updated file by file even when many pages change."""
    monkeypatch.setattr(output, "IN_PLACE_LIMIT", 0)  # any change would swap folders
    site = tmp_path / "site"
    write_tree(site, site_files(8))
    out = tmp_path / "preview"
    options = BuildOptions(source=site, destination=out, search=False, in_place=True)
    memory = Cache(cache_folder(site, True))
    assert build(options, memory=memory).rendered == 8
    inode = out.stat().st_ino
    assert build(options, memory=memory).rendered == 0
    for name, change in CHANGES.items():
        change(site)
        build(options, memory=memory)
        expected = clean_build_without_search(site, tmp_path)
        assert tree_bytes(out) == expected, name
    assert out.stat().st_ino == inode, "the served folder is never swapped"
    assert not list((site / ".sitegen-cache").glob("state-*")), "never saved"


def snapshot(site: Path) -> dict[str, bytes]:
    """The site's sources, to tell which paths a change touched (as a watcher would)."""
    return {rel: p.read_bytes() for p in site.rglob("*") if p.is_file()
            and not (rel := p.relative_to(site).as_posix()).startswith((".sitegen-cache", "_site"))}


def changed_paths(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {rel for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel)}


def test_a_cache_kept_in_memory_and_told_what_changed_gives_the_clean_build(
        tmp_path: Path) -> None:
    """The preview server's way, told by its watcher which paths changed: the posts'
    folders are searched again only when a change can have added or removed a post."""
    site, out, options, memory = preview(tmp_path, 8)
    for name, change in CHANGES.items():
        before = snapshot(site)
        change(site)
        build(options, memory=memory, changed=changed_paths(before, snapshot(site)))
        assert tree_bytes(out) == clean_build_without_search(site, tmp_path), name


def preview(tmp_path: Path, posts: int) -> tuple[Path, Path, BuildOptions, Cache]:
    """A site built once the preview server's way: site, output, options, kept cache."""
    site = write_tree(tmp_path / "site", site_files(posts))
    out = tmp_path / "preview"
    options = BuildOptions(source=site, destination=out, search=False, in_place=True)
    memory = Cache(cache_folder(site, True))
    build(options, memory=memory)
    return site, out, options, memory


def test_the_preview_reads_again_only_the_posts_reported_changed(tmp_path: Path) -> None:
    site, out, options, memory = preview(tmp_path, 4)
    post = site / "_posts/2024-01-02-post-1.md"
    append(post, "\nMe: unreported?\n\nChatGPT: yes.\n")
    build(options, memory=memory, changed={"static/site.css"})
    assert "unreported" not in (out / "2024/01/02/post-1.html").read_text("utf-8")
    build(options, memory=memory, changed={"_posts/2024-01-02-post-1.md"})
    assert "unreported" in (out / "2024/01/02/post-1.html").read_text("utf-8")


def test_changes_a_failed_build_was_told_of_are_read_by_the_next(tmp_path: Path) -> None:
    site, out, options, memory = preview(tmp_path, 4)
    append(site / "_posts/2024-01-01-post-0.md", "\nMe: edited before the failure?\n")
    broken = "_posts/2024-01-02-post-1.md"
    write_tree(site, {broken: "---\ntitle: [unclosed\n---\nMe: hi\n"})
    with pytest.raises(BuildFailed):
        build(options, memory=memory, changed={"_posts/2024-01-01-post-0.md", broken})
    write_tree(site, {broken: POST.format(title="Fixed", date="2024-01-02", tags="a",
                                          q="Q?", a="A.")})
    build(options, memory=memory, changed={broken})
    assert tree_bytes(out) == clean_build_without_search(site, tmp_path)


def test_a_failed_build_leaves_the_kept_cache_as_it_was(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_tree(site, site_files(4))
    out = tmp_path / "preview"
    options = BuildOptions(source=site, destination=out, search=False, in_place=True)
    memory = Cache(cache_folder(site, True))
    build(options, memory=memory)
    before = (dict(memory.records), dict(memory.pages), dict(memory.manifest))
    write_tree(site, {"_config.yml": "title: Broken\npaginate: 3\n",
                      "_posts/2024-01-02-post-1.md": "---\ntitle: [unclosed\n---\nMe: hi\n"})
    with pytest.raises(BuildFailed):
        build(options, memory=memory)
    assert (dict(memory.records), dict(memory.pages), dict(memory.manifest)) == before
    write_tree(site, {"_posts/2024-01-02-post-1.md": POST.format(
        title="Fixed", date="2024-01-02", tags="a", q="Q?", a="A.")})
    build(options, memory=memory)
    assert tree_bytes(out) == clean_build_without_search(site, tmp_path)


def clean_build_without_search(site: Path, tmp: Path) -> dict[str, bytes]:
    out = tmp / "clean"
    shutil.rmtree(out, ignore_errors=True)
    run = run_sitegen("build", "--no-cache", "--no-search", "-d", out, cwd=site)
    assert run.returncode == 0, run.stderr
    return tree_bytes(out)


def test_compiled_templates_are_kept_per_base_url(tmp_path: Path) -> None:
    # Jinja computes `'/css/site.css' | relative_url` once, when it compiles the template.
    site = write_tree(tmp_path / "site", site_files(2))
    for name, base in (("plain", ""), ("blog", "/blog")):
        run = run_sitegen("build", "--baseurl", base, "-d", tmp_path / name, cwd=site)
        assert run.returncode == 0, run.stderr
    page = (tmp_path / "blog/index.html").read_text(encoding="utf-8")
    assert 'href="/blog/css/site.css"' in page
    plain = (tmp_path / "plain/index.html").read_text(encoding="utf-8")
    assert 'href="/css/site.css"' in plain


def test_an_edited_template_shows_in_the_next_build_of_the_same_process(
        tmp_path: Path) -> None:
    """The preview server keeps its template environment across builds; editing a
    template the site already has must not leave the old compiled one in use."""
    site = write_tree(tmp_path / "site", site_files(2))
    options = BuildOptions(source=site, search=False, jobs=1)
    page = site / "_site/404.html"
    for text in ("<p>first 404</p>\n", "<p>the second 404</p>\n", "<p>third</p>\n"):
        write_tree(site, {"templates/404.html": text})
        build(options)
        assert page.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(("changed", "same"), [
    ({"_posts/2024-01-02-post-1.md"}, True),
    ({"templates/base.html", "static/site.css", "about.md"}, True),
    ({"_posts/2024-02-01-new.md"}, False),
    ({"_posts/2024-01-02-post-1.md", "_posts/2024-01-02-renamed.md"}, False),
    ({"_posts"}, False),
    ({"_drafts/idea.md"}, False),
    ({"_config.yml"}, False),
])
def test_what_discovery_finds_again(tmp_path: Path, changed: set[str], same: bool) -> None:
    site = write_tree(tmp_path / "site", site_files(3))
    config, _ = config_mod.load(site)
    files, problems = sources.discover(config, drafts=True)
    previous = sources.Discovery(True, tuple(files), tuple(problems))
    assert sources.still_found(previous, changed, config) is same


def test_a_found_post_that_is_gone_is_not_found_again(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", site_files(3))
    config, _ = config_mod.load(site)
    files, problems = sources.discover(config, drafts=False)
    previous = sources.Discovery(False, tuple(files), tuple(problems))
    (site / "_posts/2024-01-02-post-1.md").unlink()
    assert not sources.still_found(previous, {"_posts/2024-01-02-post-1.md"}, config)

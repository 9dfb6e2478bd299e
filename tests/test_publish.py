"""`sitegen publish` as a user runs it, against real git repositories in temporary folders.

The remote is a bare repository on disk; each test clones the published branch and reads
it back. Nothing reaches the network (the authentication test talks to 127.0.0.1).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from conftest import run_sitegen, write_tree
from test_publish_fixtures import (
    Repos,
    branch_files,
    clone_branch,
    commit_all,
    git,
    git_env,  # noqa: F401 (a fixture)
    make_repos,
    snapshot,
)

pytestmark = pytest.mark.usefixtures("git_env")

POST = "---\ntitle: \"{title}\"\ndate: {date}\n{extra}---\n\nMe: {q}\n\nChatGPT: {a}\n"


def post(title: str, date: str = "2024-03-02 10:00:00 +0000", extra: str = "") -> str:
    return POST.format(title=title, date=date, extra=extra, q=f"About {title}?", a="An answer.")


BLOG = {
    "_config.yml": "title: Published Blog\nbaseurl: /blog\nurl: https://me.example.io\n"
                   "permalink: /:year/:month/:title/\nexclude: [TODO.txt]\n",
    "_posts/2024-03-02-first.md": post("First post"),
    "_posts/2024-04-05-second.md": post("Second post", "2024-04-05 09:00:00 +0000"),
    "_posts/2099-01-01-future.md": post("Future post", "2099-01-01 00:00:00 +0000"),
    "_posts/2024-05-01-hidden.md": post("Unpublished post", "2024-05-01", "published: false\n"),
    "_drafts/secret-plans.md": post("Secret draft"),
    ".env": "API_TOKEN=do-not-publish\n",
    "static/.htpasswd": "admin:secret\n",
    "README.md": "My blog.\n",
    "TODO.txt": "write more\n",
}
PUBLIC = ["First post", "Second post"]


def publish(repos: Repos, *args: str) -> subprocess.CompletedProcess[str]:
    return run_sitegen("publish", *args, cwd=repos.source)


def remote_tip(repos: Repos, branch: str = "gh-pages") -> str:
    out = git(repos.origin, "for-each-ref", "--format=%(objectname)", f"refs/heads/{branch}")
    return out.strip()


@pytest.fixture
def repos(tmp_path: Path) -> Repos:
    """The blog, with a symlink in static/ to a private file outside it."""
    private = write_tree(tmp_path / "private", {"key.txt": "PRIVATE KEY\n"})
    made = make_repos(tmp_path, BLOG)
    os.symlink(private / "key.txt", made.source / "static/key.txt")
    commit_all(made.source, "A link to a private file")
    return made


def test_publish_puts_the_site_on_the_branch(repos: Repos, tmp_path: Path) -> None:
    run = publish(repos)
    assert run.returncode == 0, run.stderr
    short = git(repos.source, "rev-parse", "--short", "HEAD").strip()
    assert run.stdout.startswith(f"Published to origin/gh-pages: {remote_tip(repos)[:7]}, 2 posts")
    site = clone_branch(repos.origin, "gh-pages", tmp_path / "published")
    assert (site / ".nojekyll").read_bytes() == b""
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="/blog/2024/03/first/"' in index
    assert (site / "2024/03/first/index.html").is_file()
    assert (site / "2024/04/second/index.html").is_file()
    files = branch_files(site, "HEAD")
    everything = "\n".join(files) + "".join(
        (site / f).read_text(encoding="utf-8", errors="replace") for f in files)
    for never in ("secret-plans", "Secret draft", "future", "Unpublished post", ".env",
                  "API_TOKEN", ".htpasswd", "README", "TODO", "key.txt", "PRIVATE KEY"):
        assert never not in everything
    assert git(site, "log", "-1", "--format=%s").strip() == f"Publish {short}: 2 posts"
    assert git(repos.source, "rev-parse", "gh-pages").strip() == remote_tip(repos)


def test_publish_leaves_the_users_checkout_exactly_as_it_was(repos: Repos) -> None:
    src = repos.source
    write_tree(src, {"TODO.txt": "stashed change\n"})
    git(src, "stash", "push", "-q", "-m", "work in progress")
    write_tree(src, {"README.md": "staged change\n"})
    git(src, "add", "README.md")
    write_tree(src, {"TODO.txt": "unstaged change\n", "scratch.txt": "untracked\n"})
    before = snapshot(src)
    refs = git(src, "for-each-ref", "refs/heads", "refs/stash")
    run = publish(repos)
    assert run.returncode == 0, run.stderr
    assert snapshot(src) == before
    after = git(src, "for-each-ref", "refs/heads", "refs/stash")
    assert set(after.splitlines()) - set(refs.splitlines()) == {
        f"{remote_tip(repos)} commit\trefs/heads/gh-pages"}


def test_publishing_again_without_changes_makes_no_commit(repos: Repos) -> None:
    assert publish(repos).returncode == 0
    tip = remote_tip(repos)
    again = publish(repos)
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("Nothing changed: origin/gh-pages already has this site")
    assert remote_tip(repos) == tip
    assert git(repos.origin, "rev-list", "--count", "gh-pages").strip() == "1"


def test_a_new_post_is_a_new_commit_on_top(repos: Repos, tmp_path: Path) -> None:
    assert publish(repos).returncode == 0
    first = remote_tip(repos)
    write_tree(repos.source, {"_posts/2024-06-01-third.md": post("Third post", "2024-06-01")})
    commit_all(repos.source, "Third post")
    run = publish(repos, "--message", "New post")
    assert run.returncode == 0, run.stderr
    assert git(repos.origin, "rev-parse", "gh-pages^").strip() == first
    assert git(repos.origin, "log", "-1", "--format=%s", "gh-pages").strip() == "New post"
    site = clone_branch(repos.origin, "gh-pages", tmp_path / "published")
    assert (site / "2024/06/third/index.html").is_file()


def push_from_other_clone(repos: Repos, tmp_path: Path, files: dict[str, str],
                          orphan: bool = False) -> str:
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(repos.origin), str(other))
    if orphan:
        git(other, "checkout", "-q", "--orphan", "gh-pages")
        git(other, "rm", "-q", "-r", "-f", ".")
    else:
        git(other, "checkout", "-q", "gh-pages")
    write_tree(other, files)
    tip = commit_all(other, "changed on the remote")
    git(other, "push", "-q", "--force", "origin", "gh-pages")
    return tip


def test_a_cname_committed_on_the_branch_survives(repos: Repos, tmp_path: Path) -> None:
    assert publish(repos).returncode == 0
    with_cname = push_from_other_clone(repos, tmp_path, {"CNAME": "blog.example.com\n"})
    write_tree(repos.source, {"_posts/2024-06-01-third.md": post("Third post", "2024-06-01")})
    commit_all(repos.source, "Third post")
    run = publish(repos)
    assert run.returncode == 0, run.stderr
    assert git(repos.origin, "rev-parse", "gh-pages^").strip() == with_cname
    site = clone_branch(repos.origin, "gh-pages", tmp_path / "published")
    assert (site / "CNAME").read_text(encoding="utf-8") == "blog.example.com\n"
    assert (site / "2024/06/third/index.html").is_file()


def test_cname_from_the_config(repos: Repos, tmp_path: Path) -> None:
    config = repos.source / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "cname: www.example.org\n",
                      encoding="utf-8")
    assert publish(repos).returncode == 0
    site = clone_branch(repos.origin, "gh-pages", tmp_path / "published")
    assert (site / "CNAME").read_text(encoding="utf-8") == "www.example.org\n"


def test_rewritten_remote_history_is_refused_unless_forced(repos: Repos, tmp_path: Path) -> None:
    assert publish(repos).returncode == 0
    foreign = push_from_other_clone(repos, tmp_path, {"index.html": "someone else"}, orphan=True)
    refused = publish(repos)
    assert refused.returncode == 1
    assert "origin/gh-pages has history this clone does not know about" in refused.stderr
    assert remote_tip(repos) == foreign
    forced = publish(repos, "--force")
    assert forced.returncode == 0, forced.stderr
    assert git(repos.origin, "rev-parse", "gh-pages^").strip() == foreign
    site = clone_branch(repos.origin, "gh-pages", tmp_path / "published")
    assert "Published Blog" in (site / "index.html").read_text(encoding="utf-8")


def test_changes_someone_else_published_are_not_undone_silently(repos: Repos,
                                                                tmp_path: Path) -> None:
    assert publish(repos).returncode == 0
    theirs = push_from_other_clone(repos, tmp_path, {"extra.html": "<p>theirs</p>"})
    refused = publish(repos)
    assert refused.returncode == 1
    assert "changed since the last publish from here" in refused.stderr
    assert "extra.html" in refused.stderr
    assert remote_tip(repos) == theirs
    assert publish(repos, "--force").returncode == 0
    assert "extra.html" not in branch_files(repos.origin, "gh-pages")


def test_dry_run_lists_what_would_go_public_and_changes_nothing(repos: Repos) -> None:
    refs = git(repos.source, "for-each-ref")
    run = publish(repos, "--dry-run")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("Publishing to origin/gh-pages (as a new branch) would change")
    assert "  add     .nojekyll" in lines and "  add     index.html" in lines
    assert "  add     2024/03/first/index.html" in lines
    assert "2 posts would be public:" in lines
    assert "  2024-04-05  Second post  /blog/2024/04/second/ (new)" in lines
    assert "  2024-03-02  First post  /blog/2024/03/first/ (new)" in lines
    assert "Secret draft" not in run.stdout and "Future post" not in run.stdout
    assert lines[-1] == "Dry run: nothing was committed or pushed."
    assert remote_tip(repos) == ""
    assert git(repos.source, "for-each-ref") == refs


def test_dry_run_after_a_publish_shows_the_difference(repos: Repos) -> None:
    assert publish(repos).returncode == 0
    tip = remote_tip(repos)
    write_tree(repos.source, {"_posts/2024-06-01-third.md": post("Third post", "2024-06-01")})
    run = publish(repos, "-n")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert f"(on top of {tip[:7]})" in lines[0]
    assert "  add     2024/06/third/index.html" in lines
    assert "  change  index.html" in lines
    assert "  2024-06-01  Third post  /blog/2024/06/third/ (new)" in lines
    assert "  2024-03-02  First post  /blog/2024/03/first/" in lines
    assert remote_tip(repos) == tip


def test_no_push_commits_locally_and_a_later_publish_pushes_it(repos: Repos) -> None:
    run = publish(repos, "--no-push")
    assert run.returncode == 0, run.stderr
    local = git(repos.source, "rev-parse", "gh-pages").strip()
    assert remote_tip(repos) == ""
    assert "Push it with: git push origin gh-pages" in run.stdout
    later = publish(repos)
    assert later.returncode == 0, later.stderr
    assert remote_tip(repos) == local


def test_a_blog_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    repos = make_repos(tmp_path, {"pyproject.toml": "[project]\nname = 'tool'\n",
                                  **{f"docs/{k}": v for k, v in BLOG.items()}})
    run = run_sitegen("publish", "--source", "docs", cwd=repos.source)
    assert run.returncode == 0, run.stderr
    files = branch_files(repos.origin, "gh-pages")
    assert "2024/03/first/index.html" in files and "index.html" in files
    assert not [f for f in files if f.startswith("docs/") or f == "pyproject.toml"]


def test_the_checked_out_branch_is_never_published_to(repos: Repos) -> None:
    run = publish(repos, "--branch", "main")
    assert run.returncode == 1
    assert "the branch 'main' is checked out" in run.stderr


@pytest.mark.parametrize(("setup", "args", "message"), [
    ("no-repo", (), "is not in a git repository"),
    ("no-remote", (), "error: no such remote 'origin' (add one with 'git remote add')"),
    ("", ("--remote", "upstream"), "error: no such remote 'upstream' (remotes here: origin)"),
])
def test_clear_errors(tmp_path: Path, setup: str, args: tuple[str, ...], message: str) -> None:
    if setup == "no-repo":
        source = write_tree(tmp_path / "blog", BLOG)
    else:
        source = make_repos(tmp_path, BLOG).source
        if setup == "no-remote":
            git(source, "remote", "remove", "origin")
    run = run_sitegen("publish", *args, cwd=source)
    assert run.returncode == 1
    assert message in run.stderr


def test_build_errors_stop_the_publish(repos: Repos) -> None:
    write_tree(repos.source, {"_posts/2024-07-01-broken.md": "---\ntitle: [oops\n---\nhi\n"})
    run = publish(repos)
    assert run.returncode == 1
    assert re.match(r"_posts/2024-07-01-broken\.md:\d+: invalid YAML in front matter", run.stderr)
    assert "nothing was published" in run.stderr
    assert remote_tip(repos) == ""


def test_broken_links_stop_the_publish(repos: Repos) -> None:
    write_tree(repos.source, {"_posts/2024-07-01-links.md": post(
        "Links", "2024-07-01").replace("An answer.", "See [this](/blog/nowhere/).")})
    run = publish(repos)
    assert run.returncode == 1
    assert "2024/07/links/index.html:" in run.stderr
    assert "broken link to /blog/nowhere/" in run.stderr
    assert "1 broken link; nothing was published" in run.stderr
    assert remote_tip(repos) == ""


def test_nothing_to_publish(tmp_path: Path) -> None:
    repos = make_repos(tmp_path, {"_config.yml": "title: Empty\n",
                                  "_drafts/idea.md": post("Only a draft")})
    run = publish(repos)
    assert run.returncode == 1
    assert "nothing to publish: the site has no published posts" in run.stderr


def test_authentication_failure_passes_on_gits_message(repos: Repos) -> None:
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from threading import Thread

    class Denied(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="pages"')
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Denied)
    Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://reader:wrong@127.0.0.1:{server.server_port}/blog.git"
        git(repos.source, "remote", "set-url", "origin", url)
        run = run_sitegen("publish", cwd=repos.source, env={**os.environ,
                                                             "GIT_TERMINAL_PROMPT": "0"})
    finally:
        server.shutdown()
        server.server_close()
    assert run.returncode == 1
    assert "cannot reach remote 'origin': fatal: Authentication failed" in run.stderr

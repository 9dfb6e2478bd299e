"""Where GitHub Pages serves a site, and the warning when the baseurl does not fit it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_sitegen
from test_publish_fixtures import (
    git,
    git_env,  # noqa: F401 (a fixture)
    make_repos,
)

from sitegen.publish.github import baseurl_problem, pages_address

# remote URL | CNAME | address | baseurl ("-" when the remote is not on GitHub)
ADDRESSES = """
https://github.com/ana/notes.git        |                  | https://ana.github.io/notes/ | /notes
https://github.com/ana/notes            |                  | https://ana.github.io/notes/ | /notes
git@github.com:Ana/Ana.github.io.git    |                  | https://ana.github.io/       |
ssh://git@github.com/ana/ana.github.io  |                  | https://ana.github.io/       |
https://tok@github.com/ana/notes.git    |                  | https://ana.github.io/notes/ | /notes
https://github.com/ana/notes.git        | blog.example.org | https://blog.example.org/    |
https://gitlab.com/ana/notes.git        |                  | -                            | -
/srv/git/notes.git                      |                  | -                            | -
"""


def rows() -> list[list[str]]:
    return [[cell.strip() for cell in line.split("|")] for line in ADDRESSES.strip().splitlines()]


@pytest.mark.parametrize(("url", "cname", "address", "baseurl"), rows())
def test_pages_address(url: str, cname: str, address: str, baseurl: str) -> None:
    expected = None if address == "-" else (address, baseurl)
    assert pages_address(url, cname) == expected


def test_a_fitting_baseurl_is_fine() -> None:
    assert baseurl_problem("https://github.com/ana/notes.git", "/notes") is None
    assert baseurl_problem("https://github.com/ana/ana.github.io.git", "") is None
    assert baseurl_problem("/srv/git/notes.git", "/anything") is None
    problem = baseurl_problem("https://github.com/ana/notes.git", "")
    assert problem is not None
    assert str(problem) == (
        "_config.yml: warning: GitHub Pages will serve this site at https://ana.github.io/notes/, "
        "but baseurl is '', so its links and stylesheets will not be found "
        "(set baseurl: \"/notes\" in _config.yml)")


@pytest.mark.usefixtures("git_env")
def test_publish_warns_about_a_baseurl_that_does_not_fit(tmp_path: Path) -> None:
    repos = make_repos(tmp_path, {
        "_config.yml": "title: T\nbaseurl: /blog\n",
        "_posts/2024-01-01-a.md": "---\ntitle: A\n---\n\nMe: hi?\n\nChatGPT: hello\n",
    })
    # The GitHub address is rewritten to the bare repository on disk: no network.
    github = "https://github.com/ana/notes.git"
    git(repos.source, "config", f"url.{repos.origin}.insteadOf", github)
    git(repos.source, "remote", "set-url", "origin", github)
    run = run_sitegen("publish", "--dry-run", cwd=repos.source)
    assert run.returncode == 0, run.stderr
    assert "GitHub Pages will serve this site at https://ana.github.io/notes/, but baseurl is " \
           "'/blog'" in run.stderr

"""``sitegen init``: create a new blog, optionally with a GitHub Actions workflow for Pages."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from sitegen import scaffold
from sitegen.errors import SitegenError
from sitegen.publish.git import Git

NAME = "init"
HELP = "create a new blog in a folder"
DESCRIPTION = (
    "Create _config.yml, a first post, _drafts/ and .gitignore in DIR (never overwriting a "
    "file). With --github-actions, also write .github/workflows/pages.yml, which builds the "
    "blog with sitegen and deploys it to GitHub Pages; in a folder that already is a blog, "
    "only the workflow is added."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The init command's options."""
    parser.add_argument("folder", nargs="?", type=Path, default=Path("."), metavar="DIR",
                        help="where to create the blog (default: the current folder)")
    parser.add_argument("--title", default="My Blog", help="the blog's title (default: My Blog)")
    parser.add_argument("--github-actions", action="store_true",
                        help="also write a GitHub Actions workflow that deploys to GitHub Pages")


def run(args: argparse.Namespace) -> int:
    """Write the files and say what to do next."""
    folder: Path = args.folder
    is_blog = (folder / "_config.yml").exists()
    if is_blog and not args.github_actions:
        raise SitegenError(f"{folder} already is a blog (it has _config.yml)",
                           hint="use --github-actions to add only the Pages workflow")
    files: dict[Path, str] = {}
    if not is_blog:
        made = scaffold.blog_files(args.title, dt.datetime.now().astimezone())
        files.update({folder / rel: text for rel, text in made.items()})
    if args.github_actions:
        files.update(workflow_file(folder))
    for path in scaffold.write_files(files):
        print(f"created {path}")
    if not is_blog:
        print(f"Next: cd {folder} && sitegen serve")
    return 0


def workflow_file(folder: Path) -> dict[Path, str]:
    """The workflow, at the top of the repository holding the blog."""
    top, source = repository_top(folder), "."
    if top != folder.resolve():
        source = folder.resolve().relative_to(top).as_posix()
    branch = current_branch(top)
    text = scaffold.workflow(branch, scaffold.install_command(top), source)
    where = folder if top == folder.resolve() else top
    return {where / scaffold.WORKFLOW_PATH: text}


def repository_top(folder: Path) -> Path:
    """The top of the git repository holding `folder` (which may not exist yet)."""
    probe = folder.resolve()
    while not probe.is_dir():
        probe = probe.parent
    done = Git(probe).call(["rev-parse", "--show-toplevel"], None)
    out = done.stdout.decode().strip()
    return Path(out).resolve() if done.returncode == 0 and out else folder.resolve()


def current_branch(top: Path) -> str:
    """The branch checked out in `top`, or ``main``."""
    if not top.is_dir():
        return "main"
    done = Git(top).call(["symbolic-ref", "--short", "-q", "HEAD"], None)
    name = done.stdout.decode().strip() if done.returncode == 0 else ""
    return name or "main"

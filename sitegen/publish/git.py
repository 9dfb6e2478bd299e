"""A small typed wrapper around the git command line: argument lists, never a shell.

Every call runs ``git -C <top> ...`` with captured output. A failing command raises
``GitError`` carrying git's own message, so the user sees what git said (an
authentication failure, a rejected push) rather than a traceback.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.errors import SitegenError

# Environment for every git call: never open an editor or a pager, and never take the
# optional index lock that `git status` would use to refresh the user's index.
_QUIET_ENV = {"GIT_EDITOR": "true", "GIT_PAGER": "cat", "GIT_OPTIONAL_LOCKS": "0"}


class GitError(SitegenError):
    """A git command failed; the message includes what git printed."""


@dataclass(frozen=True)
class Git:
    """A git repository with a working tree, addressed by its top folder."""

    top: Path
    env: Mapping[str, str] = field(default_factory=dict)
    """Extra environment variables for every command (e.g. GIT_INDEX_FILE)."""

    def with_env(self, **extra: str) -> Git:
        """The same repository, with more environment variables."""
        return Git(self.top, {**self.env, **extra})

    def run(self, *args: str, stdin: bytes | None = None, what: str = "") -> str:
        """Run git; return its output as text, raise GitError when it fails."""
        return self.run_bytes(*args, stdin=stdin, what=what).decode("utf-8", "surrogateescape")

    def run_bytes(self, *args: str, stdin: bytes | None = None, what: str = "") -> bytes:
        """Run git; return its raw output, raise GitError when it fails."""
        done = self.call(args, stdin)
        if done.returncode != 0:
            raise GitError(failure_message(args, done.stderr, what))
        return done.stdout

    def ok(self, *args: str) -> bool:
        """Whether a git command succeeds (for questions like ``merge-base --is-ancestor``)."""
        return self.call(args, None).returncode == 0

    def call(self, args: Sequence[str], stdin: bytes | None) -> subprocess.CompletedProcess[bytes]:
        """Run git and return the finished process, whatever its exit code."""
        env = {**os.environ, **_QUIET_ENV, **self.env}
        try:
            return subprocess.run(["git", "-C", str(self.top), *args], input=stdin,
                                  capture_output=True, env=env, check=False)
        except FileNotFoundError:
            raise GitError("git is not installed", hint="install git and try again") from None


def failure_message(args: Sequence[str], stderr: bytes, what: str) -> str:
    """``<what> failed: <git's last lines>``, keeping git's own words."""
    action = what or (f"git {args[0]}" if args else "git")
    return f"{action} failed: {git_said(stderr) or 'no message'}"


def git_said(stderr: bytes) -> str:
    """The last lines git printed, joined into one line."""
    text = stderr.decode("utf-8", "replace")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "; ".join(lines[-4:])


def open_repo(folder: Path) -> Git:
    """The repository holding `folder`; raise GitError when there is none."""
    if not folder.is_dir():
        raise GitError(f"{folder} is not a folder")
    probe = Git(folder).call(["rev-parse", "--show-toplevel"], None)
    if probe.returncode != 0:
        raise GitError(f"{folder} is not in a git repository",
                       hint="run 'git init' there and commit the site first")
    top = probe.stdout.decode("utf-8", "surrogateescape").strip()
    if not top:
        raise GitError(f"{folder} is inside a repository without a working tree")
    return Git(Path(top))


def rev(git: Git, name: str) -> str | None:
    """The object id `name` resolves to, or None when it does not exist."""
    done = git.call(["rev-parse", "--verify", "--quiet", "--end-of-options", name], None)
    if done.returncode != 0:
        return None
    return done.stdout.decode().strip() or None


def object_format(git: Git) -> str:
    """``sha1`` or ``sha256``: the hash the repository names objects with."""
    done = git.call(["rev-parse", "--show-object-format"], None)
    text = done.stdout.decode().strip()
    return text if done.returncode == 0 and text else "sha1"

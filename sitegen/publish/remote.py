"""The remote side of publishing: where the branch is, which commit to build on, pushing.

The new commit's parent is the branch's current tip on the remote (fetched first), or the
local branch when it is ahead with commits not pushed yet. The local branch ref records
the last publish from this clone: when the remote has history that does not contain it
(rewritten by someone else), or moved on with changes this publish would undo, the
publish is refused unless forced. Pushes are never forced: the new commit always
contains the remote tip, so git itself refuses a push if the remote moved meanwhile.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sitegen.publish.git import Git, GitError, git_said, rev
from sitegen.publish.tree import Entry, read_tree

CARRIED_OVER = frozenset({"CNAME"})
"""Files a publish keeps from the branch, so changing them there is not a conflict."""


class HistoryError(GitError):
    """Publishing would overwrite history or changes this clone does not know about."""


@dataclass(frozen=True)
class Target:
    """Where the site goes."""

    remote: str
    branch: str

    @property
    def ref(self) -> str:
        return f"refs/heads/{self.branch}"

    def __str__(self) -> str:
        return f"{self.remote}/{self.branch}"


@dataclass(frozen=True)
class Base:
    """What the new commit builds on."""

    parent: str | None
    local: str | None
    """The local branch before publishing (the last publish from here), if any."""
    remote: str | None
    """The remote branch's tip, if the branch exists there."""


def check_remote(git: Git, remote: str) -> str:
    """The remote's URL as configured; raise GitError naming the remotes there are."""
    done = git.call(["remote", "get-url", "--", remote], None)
    if done.returncode == 0:
        configured = git.call(["config", "--get", f"remote.{remote}.url"], None)
        return (configured.stdout if configured.returncode == 0 else done.stdout).decode().strip()
    names = git.run("remote").split()
    hint = f"remotes here: {', '.join(names)}" if names else "add one with 'git remote add'"
    raise GitError(f"no such remote '{remote}'", hint=hint)


def check_branch(git: Git, branch: str) -> None:
    """Refuse names git rejects and branches checked out in any working tree."""
    if not git.ok("check-ref-format", "--branch", branch) or branch.startswith("-"):
        raise GitError(f"'{branch}' is not a valid branch name")
    listing = git.run("worktree", "list", "--porcelain")
    if f"branch refs/heads/{branch}" in listing.splitlines():
        raise GitError(f"the branch '{branch}' is checked out in a working tree",
                       hint="publishing would change files under it; switch that working tree "
                            "to another branch, or publish to another branch with --branch")


def remote_tip(git: Git, target: Target) -> str | None:
    """The remote branch's tip (None when it does not exist); passes on git's errors."""
    done = git.call(["ls-remote", "--exit-code", "--", target.remote, target.ref], None)
    if done.returncode == 2:
        return None
    if done.returncode != 0:
        raise GitError(_said(done.stderr, f"cannot reach remote '{target.remote}'"))
    for line in done.stdout.decode().splitlines():
        oid, _, name = line.partition("\t")
        if name == target.ref:
            return oid
    return None


def fetch(git: Git, target: Target, tip: str) -> None:
    """Make sure the remote tip and its history are here; writes no refs."""
    if git.ok("cat-file", "-e", f"{tip}^{{commit}}"):
        return
    git.run("fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--refmap=",
            "--", target.remote, target.ref, what=f"fetching {target}")
    if not git.ok("cat-file", "-e", f"{tip}^{{commit}}"):
        raise GitError(f"{target} moved while it was fetched", hint="publish again")


def choose_base(git: Git, target: Target, remote: str | None, force: bool) -> Base:
    """The parent of the new commit; raise HistoryError when the histories diverged."""
    local = rev(git, target.ref)
    if remote is None or local is None or local == remote:
        return Base(remote or local, local, remote)
    if is_ancestor(git, remote, local):
        return Base(local, local, remote)
    if is_ancestor(git, local, remote) or force:
        return Base(remote, local, remote)
    raise HistoryError(
        f"{target} has history this clone does not know about: the local branch "
        f"'{target.branch}' ({local[:7]}) is not part of it",
        hint=f"someone rewrote {target}; look at it with 'git log {target.remote}/"
             f"{target.branch}', then publish with --force to replace its files")


def is_ancestor(git: Git, older: str, newer: str) -> bool:
    """Whether commit `older` is part of the history of `newer`."""
    return git.ok("merge-base", "--is-ancestor", older, newer)


def undone_changes(git: Git, base: Base, new: Mapping[str, Entry]) -> list[str]:
    """Files the remote changed since the last publish that the new tree would not keep."""
    if base.local is None or base.parent != base.remote or base.local == base.remote:
        return []
    before, after = read_tree(git, base.local), read_tree(git, base.remote)
    changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    return sorted(p for p in changed - CARRIED_OVER if new.get(p) != after.get(p))


def refuse_undoing(target: Target, paths: list[str]) -> HistoryError:
    """The error for a publish that would undo changes made on the remote."""
    shown = ", ".join(paths[:5]) + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")
    return HistoryError(
        f"{target} changed since the last publish from here, and publishing would undo "
        f"those changes ({shown})",
        hint="someone else published; publish from an up-to-date source, or use --force")


def push(git: Git, target: Target, commit: str) -> None:
    """Push the commit to the remote branch (a fast-forward; never forced)."""
    done = git.call(["push", "--quiet", "--", target.remote, f"{commit}:{target.ref}"], None)
    if done.returncode != 0:
        raise GitError(_said(done.stderr, f"pushing to {target} failed"))


def set_local(git: Git, target: Target, commit: str, old: str | None) -> None:
    """Move the local branch to `commit`, only if it is still where it was."""
    if commit != old:
        git.run("update-ref", "-m", "sitegen publish", target.ref, commit, old or "",
                what=f"updating the local branch '{target.branch}'")


def _said(stderr: bytes, action: str) -> str:
    told = git_said(stderr)
    return f"{action}: {told}" if told else action

"""What a publish would change on the branch, and how to say it.

Pure: two listings (the branch's files and the new site's) and the posts that go public
in, a ``Plan`` out; ``describe`` turns it into the lines ``--dry-run`` prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sitegen.publish.tree import Entry


@dataclass(frozen=True)
class PublicPost:
    """A post that goes public."""

    title: str
    date: dt.datetime
    url: str
    """Site-relative URL, baseurl included."""
    output: str
    """The file it is written to, relative to the site's top folder."""


@dataclass(frozen=True)
class Plan:
    """The difference between the branch and the new site."""

    target: str
    base: str | None
    """The commit the new one builds on (None for a new branch)."""
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int
    posts: tuple[PublicPost, ...]
    left_out: tuple[tuple[str, str], ...] = ()
    """(path, reason) of what the build wrote that does not go public."""

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    @property
    def files(self) -> int:
        return len(self.added) + len(self.changed) + self.unchanged


def make_plan(target: str, base: str | None, old: Mapping[str, Entry], new: Mapping[str, Entry],
              posts: Iterable[PublicPost], left_out: Sequence[tuple[str, str]] = ()) -> Plan:
    """Compare the branch's files (`old`) with the new site's (`new`)."""
    added = tuple(sorted(p for p in new if p not in old))
    changed = tuple(sorted(p for p in new if p in old and old[p] != new[p]))
    removed = tuple(sorted(p for p in old if p not in new))
    unchanged = len(new) - len(added) - len(changed)
    return Plan(target, base, added, changed, removed, unchanged, tuple(posts), tuple(left_out))


def describe(plan: Plan) -> list[str]:
    """Everything that would go public, for ``--dry-run``."""
    lines = [_headline(plan)]
    lines += [f"  add     {p}" for p in plan.added]
    lines += [f"  change  {p}" for p in plan.changed]
    lines += [f"  remove  {p}" for p in plan.removed]
    if plan.unchanged:
        lines.append(f"  ({plan.unchanged} file{_s(plan.unchanged)} unchanged)")
    lines.append(f"{len(plan.posts)} post{_s(len(plan.posts))} would be public:")
    lines += [post_line(post, plan) for post in plan.posts]
    if plan.left_out:
        lines.append("Left out (never published):")
        lines += [f"  {path} ({reason})" for path, reason in plan.left_out]
    return lines


def _headline(plan: Plan) -> str:
    on = f"on top of {plan.base[:7]}" if plan.base else "as a new branch"
    if not plan.has_changes:
        return f"{plan.target} already has this site ({plan.files} files); nothing would change"
    counts = f"{len(plan.added)} added, {len(plan.changed)} changed, {len(plan.removed)} removed"
    return f"Publishing to {plan.target} ({on}) would change files: {counts}"


def post_line(post: PublicPost, plan: Plan) -> str:
    """``  2024-03-02  Title  /url/  (new)``."""
    status = " (new)" if post.output in plan.added else (
        " (changed)" if post.output in plan.changed else "")
    return f"  {post.date:%Y-%m-%d}  {post.title}  {post.url}{status}"


def summary(plan: Plan) -> str:
    """One line on what a publish changed."""
    return (f"{len(plan.posts)} post{_s(len(plan.posts))}, {plan.files} files: "
            f"{len(plan.added)} added, {len(plan.changed)} changed, {len(plan.removed)} removed")


def _s(count: int) -> str:
    return "" if count == 1 else "s"

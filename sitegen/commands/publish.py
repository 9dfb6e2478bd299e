"""``sitegen publish``: build the site afresh and commit it to the gh-pages branch, then push."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sitegen.commands.build import Progress
from sitegen.publish.plan import describe, summary
from sitegen.publish.publisher import Outcome, PublishOptions, publish

NAME = "publish"
HELP = "build the site and publish it to a branch (gh-pages) with git"
DESCRIPTION = (
    "Build the site afresh without drafts, future or unpublished posts, check its links, and "
    "commit it (with .nojekyll and CNAME) on top of the remote branch, then push. Your "
    "working tree, index, stash and current branch are left exactly as they were."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The publish command's options."""
    parser.add_argument("-s", "--source", type=Path, default=Path("."), metavar="DIR",
                        help="the site's folder, inside a git repository (default: .)")
    parser.add_argument("--remote", default="origin",
                        help="the git remote to publish to (default: origin)")
    parser.add_argument("--branch", default="gh-pages",
                        help="the branch that holds the published site (default: gh-pages)")
    parser.add_argument("-m", "--message", metavar="MSG",
                        help="commit message (default: 'Publish <commit>: <N> posts')")
    parser.add_argument("-n", "--dry-run", action="store_true",
                        help="list what would go public (files and post titles); change nothing")
    parser.add_argument("--no-push", action="store_true",
                        help="commit to the local branch but do not push")
    parser.add_argument("-f", "--force", action="store_true",
                        help="publish even over remote history or changes this clone "
                             "does not know about")


def run(args: argparse.Namespace) -> int:
    """Publish and report."""
    options = PublishOptions(source=args.source.resolve(), remote=args.remote,
                             branch=args.branch, message=args.message, dry_run=args.dry_run,
                             push=not args.no_push, force=args.force)
    progress = Progress() if sys.stderr.isatty() else None
    try:
        outcome = publish(options, progress)
    finally:
        if progress:
            progress.clear()
    for problem in outcome.warnings:
        print(problem, file=sys.stderr)
    for line in report(outcome, options):
        print(line)
    return 0


def report(outcome: Outcome, options: PublishOptions) -> list[str]:
    """What was published, or what would be."""
    plan = outcome.plan
    if options.dry_run:
        return [*describe(plan), "Dry run: nothing was committed or pushed."]
    commit = (outcome.commit or "")[:7]
    if not outcome.created and not outcome.pushed:
        return [f"Nothing changed: {plan.target} already has this site ({commit})."]
    if not outcome.created:
        return [f"Nothing changed since the last commit; pushed it ({commit}) to {plan.target}."]
    done = f"Published to {plan.target}" if outcome.pushed else \
        f"Committed to the local branch '{options.branch}' (not pushed)"
    lines = [f"{done}: {commit}, {summary(plan)}"]
    if not outcome.pushed:
        lines.append(f"Push it with: git push {options.remote} {options.branch}")
    return lines

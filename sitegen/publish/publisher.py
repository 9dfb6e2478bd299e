"""``publish()``, start to finish: check, build afresh, compare, commit, push.

The site is built into a temporary folder with drafts, future and unpublished posts
left out whatever the configuration says, its links are checked, ``.nojekyll`` and
``CNAME`` are added, and the folder becomes a commit on top of the branch. The user's
working tree, index, stash and current branch are never touched.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from sitegen import __version__, sources
from sitegen import config as config_mod
from sitegen.build import BuildOptions, BuildResult, Progress, build, select_posts, with_options
from sitegen.config import SiteConfig
from sitegen.errors import BuildFailed, Problem, SitegenError, error
from sitegen.linkcheck import check_links
from sitegen.publish import remote
from sitegen.publish.git import Git, object_format, open_repo
from sitegen.publish.github import baseurl_problem
from sitegen.publish.plan import Plan, PublicPost, make_plan
from sitegen.publish.remote import Base, Target
from sitegen.publish.tree import (
    Entry,
    Folder,
    Listing,
    collect,
    commit_tree,
    listing_of,
    read_blob,
    read_tree,
    write_blobs,
    write_tree,
)


@dataclass(frozen=True)
class PublishOptions:
    """What the user asked ``sitegen publish`` to do."""

    source: Path
    remote: str = "origin"
    branch: str = "gh-pages"
    message: str | None = None
    dry_run: bool = False
    push: bool = True
    force: bool = False


@dataclass(frozen=True)
class Outcome:
    """What a publish did (or, with ``--dry-run``, would do)."""

    plan: Plan
    warnings: tuple[Problem, ...]
    """The build's warnings, and a baseurl that does not fit where the site will be served."""
    commit: str | None
    """The branch's commit after publishing; None for a dry run."""
    created: bool
    """Whether a new commit was made (False when nothing changed)."""
    pushed: bool


@dataclass(frozen=True)
class PublicSite:
    """The site built for publishing."""

    result: BuildResult
    config: SiteConfig
    posts: tuple[PublicPost, ...]


class PublishRefused(BuildFailed):
    """The site has errors (or broken links); nothing was published."""

    def __init__(self, problems: list[Problem], what: str):
        super().__init__(problems)
        self.message = f"{what}; nothing was published"


def publish(options: PublishOptions, progress: Progress | None = None) -> Outcome:
    """Publish the site in `options.source` to the branch (see the module's docstring)."""
    git = open_repo(options.source)
    target = Target(options.remote, options.branch)
    remote.check_branch(git, target.branch)
    url = remote.check_remote(git, target.remote)
    tip = remote.remote_tip(git, target)
    if tip is not None:
        remote.fetch(git, target, tip)
    base = remote.choose_base(git, target, tip, options.force)
    with tempfile.TemporaryDirectory(prefix="sitegen-publish-") as tmp:
        site = build_public(options.source, Path(tmp) / "site", progress)
        folder = finish_folder(git, site, base)
        warnings = (*site.result.problems, *address_warnings(url, site, folder))
        new = same_index(listing_of(folder, object_format(git)), read_tree(git, base.parent))
        check_undone(git, target, base, new, options.force)
        plan = make_plan(str(target), base.parent, read_tree(git, base.parent), new, site.posts,
                         folder.left_out)
        if options.dry_run:
            return Outcome(plan, warnings, None, created=False, pushed=False)
        message = message_for(git, options, len(site.posts))
        commit = save(git, folder, new, base, message, plan)
    pushed = options.push and commit != base.remote
    if pushed:
        remote.push(git, target, commit)
    remote.set_local(git, target, commit, base.local)
    return Outcome(plan, warnings, commit, created=commit != base.parent, pushed=pushed)


def build_public(source: Path, destination: Path,
                 progress: Progress | None = None) -> PublicSite:
    """Build what may go public; refuse on errors, broken links or an empty site."""
    # No cache: the build must not write into the user's working tree.
    options = BuildOptions(source=source, destination=destination, public=True, cache=False)
    try:
        result = build(options, progress)
    except BuildFailed as exc:
        raise PublishRefused(list(exc.problems), exc.message) from None
    config, _ = config_mod.load(source)
    config = with_options(config, options)
    links = check_links(destination, result.baseurl, config.url)
    if links:
        count = f"{len(links)} broken link{'s' if len(links) != 1 else ''}"
        raise PublishRefused([error(p.path, p.line, p.message, p.hint) for p in links], count)
    posts = public_posts(config, options)
    if not posts:
        raise SitegenError("nothing to publish: the site has no published posts",
                           hint="drafts, future posts and posts marked 'published: false' "
                                "never go public; add a post to _posts/")
    return PublicSite(result, config, posts)


def public_posts(config: SiteConfig, options: BuildOptions) -> tuple[PublicPost, ...]:
    """The posts the public build includes, newest first."""
    found, _ = sources.discover(config, drafts=False)
    selected, _, _ = select_posts(found, config, options)
    posts = [PublicPost(p.title, p.date, config.baseurl + p.url, p.output) for p in selected]
    return tuple(sorted(posts, key=lambda p: (p.date, p.url), reverse=True))


def finish_folder(git: Git, site: PublicSite, base: Base) -> Folder:
    """Add ``.nojekyll`` and the ``CNAME`` (from the config, else from the branch)."""
    root = site.result.destination
    (root / ".nojekyll").write_bytes(b"")
    cname = str(site.config.raw.get("cname") or "").strip()
    if cname:
        (root / "CNAME").write_text(cname + "\n", encoding="utf-8")
    elif not (root / "CNAME").exists() and base.parent is not None:
        kept = read_tree(git, base.parent).get("CNAME")
        if kept is not None:
            (root / "CNAME").write_bytes(read_blob(git, kept.oid))
    return collect(root)


def address_warnings(url: str, site: PublicSite, folder: Folder) -> list[Problem]:
    """A warning if the baseurl does not fit the address GitHub Pages will serve."""
    cname_file = folder.files.get("CNAME")
    cname = cname_file.read_text(encoding="utf-8", errors="replace").strip() if cname_file else ""
    problem = baseurl_problem(url, site.config.baseurl, cname)
    return [problem] if problem else []


def check_undone(git: Git, target: Target, base: Base, new: Listing, force: bool) -> None:
    """Refuse (unless forced) to undo changes made on the remote since the last publish."""
    undone = remote.undone_changes(git, base, new)
    if undone and not force:
        raise remote.refuse_undoing(target, undone)


SEARCH_INDEX = "pagefind/"


def same_index(new: dict[str, Entry], old: dict[str, Entry]) -> dict[str, Entry]:
    """Keep the published search index when no other file changed.

    Pagefind writes an equivalent index in a different byte order on every run; with the
    pages unchanged, the index describes the same records, so the one on the branch stays.
    """
    pages = {rel: entry for rel, entry in new.items() if not rel.startswith(SEARCH_INDEX)}
    if pages != {rel: e for rel, e in old.items() if not rel.startswith(SEARCH_INDEX)}:
        return new
    return pages | {rel: e for rel, e in old.items() if rel.startswith(SEARCH_INDEX)}


def save(git: Git, folder: Folder, new: Listing, base: Base, message: str, plan: Plan) -> str:
    """The commit holding the site: a new one, or the base when nothing changed."""
    if base.parent is not None and not plan.has_changes:
        return base.parent
    old = read_tree(git, base.parent)
    write_blobs(git, folder, new, (entry.oid for entry in old.values()))
    tree = write_tree(git, new)
    parents = [base.parent] if base.parent else []
    return commit_tree(git, tree, parents, message)


def message_for(git: Git, options: PublishOptions, posts: int) -> str:
    """``Publish 4a1b2c3: 128 posts``, with the full source commit in the body."""
    if options.message:
        return options.message
    count = f"{posts} post{'s' if posts != 1 else ''}"
    head = git.call(["rev-parse", "--verify", "--quiet", "HEAD"], None)
    if head.returncode != 0:
        return f"Publish {count}\n\nBuilt by sitegen {__version__}; the source has no commit.\n"
    full = head.stdout.decode().strip()
    short = git.run("rev-parse", "--short", full).strip()
    body = f"Built by sitegen {__version__} from {full}."
    if _dirty(git, options.source):
        body += "\nThe source had changes that were not committed."
    return f"Publish {short}: {count}\n\n{body}\n"


def _dirty(git: Git, source: Path) -> bool:
    rel = source.resolve().relative_to(git.top.resolve()).as_posix() or "."
    return bool(git.run("status", "--porcelain", "--", rel).strip())

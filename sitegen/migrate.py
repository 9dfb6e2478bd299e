"""What of a Jekyll site sitegen renders differently: plugins, themes, layouts, settings.

``differences(config, sources)`` looks at the configuration and the front matter of every
post and page and returns one warning per difference, naming the line of _config.yml or
the file it comes from and what sitegen does instead. It reads files but writes nothing.
Liquid in post bodies is not looked at here: rendering reports every tag it cannot
resolve (``sitegen check`` runs a build for that).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import yaml

from sitegen import posts, theme
from sitegen.config import CONFIG_NAME, SiteConfig
from sitegen.errors import Problem, warning
from sitegen.model import Post, SourceFile

BUILT_IN: Mapping[str, str] = {
    "jekyll-sitemap": "built in: sitegen writes sitemap.xml",
    "jekyll-seo-tag": "built in: every page has its title, description, canonical URL, "
                      "Open Graph and structured data",
    "jekyll-feed": "built in: sitegen writes feed.xml (and one per language)",
    "jekyll-paginate": "built in: set 'paginate:' to the number of posts per page",
    "jekyll-paginate-v2": "built in: set 'paginate:' to the number of posts per page",
    "jekyll-archives": "built in: sitegen writes tag, category and archive pages",
    "jekyll-default-layout": "not needed: sitegen picks the template of each page itself",
    "jekyll-include-cache": "not needed: sitegen does not run _includes/",
    "jekyll-polyglot": "built in: list the languages under 'languages:'",
    "jekyll-multiple-languages-plugin": "built in: list the languages under 'languages:'",
}
UNSUPPORTED: Mapping[str, str] = {
    "jekyll-redirect-from": "not supported: 'redirect_from:' pages are not written",
    "jekyll-mentions": "not supported: @mentions stay plain text",
    "jemoji": "not supported: :emoji: codes stay plain text",
    "jekyll-gist": "not supported: {% gist %} is shown as text",
    "jekyll-github-metadata": "not supported: site.github is empty",
    "jekyll-relative-links": "not supported: links to .md files are not rewritten",
    "jekyll-optional-front-matter": "not supported: Markdown files without front matter are "
                                    "copied as they are, not rendered",
    "jekyll-titles-from-headings": "not supported: pages without 'title:' are titled from "
                                   "their file name",
    "jekyll-last-modified-at": "not supported: pages show their date, not the last change",
    "jekyll-sass-converter": "not supported: Sass files are not compiled",
}
LIQUID_FOLDERS = ("_layouts", "_includes")
OTHER_FOLDERS: Mapping[str, str] = {
    "_sass": "holds Sass, which sitegen does not compile; the theme's CSS is used",
    "_data": "holds data files; site.data is not filled",
}


def differences(config: SiteConfig, sources: Iterable[SourceFile]) -> list[Problem]:
    """Every way the site will look or behave differently from its Jekyll build."""
    lines = key_lines(config.source)
    found = plugin_notes(config, lines) + theme_notes(config, lines)
    found += folder_notes(config) + markdown_notes(config, lines)
    found += layout_notes(config, sources)
    return sorted(found, key=lambda p: (p.path != CONFIG_NAME, p.path, p.line or 0))


def key_lines(source: Path) -> dict[str, int]:
    """Line of each top-level key of _config.yml (empty when it cannot be read)."""
    path = source / CONFIG_NAME
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + 1 for k, _ in node.value}


def plugin_notes(config: SiteConfig, lines: Mapping[str, int]) -> list[Problem]:
    """What sitegen does instead of each plugin named in ``plugins:`` (or ``gems:``)."""
    notes = []
    for key in ("plugins", "gems"):
        value = config.raw.get(key)
        for name in value if isinstance(value, list) else []:
            notes.append(warning(CONFIG_NAME, lines.get(key),
                                 f"plugin {name}: {plugin_note(str(name))}"))
    return notes


def plugin_note(name: str) -> str:
    """What sitegen offers instead of one Jekyll plugin."""
    if name in BUILT_IN:
        return BUILT_IN[name]
    if name in UNSUPPORTED:
        return UNSUPPORTED[name]
    if name.startswith(("jekyll-theme-", "jekyll-remote-theme")):
        return "not needed: sitegen uses its own theme (or the site's templates/)"
    return "not supported: sitegen runs no Jekyll plugins, so what it adds will be missing"


def theme_notes(config: SiteConfig, lines: Mapping[str, int]) -> list[Problem]:
    """The Jekyll theme and settings only the theme used."""
    notes = []
    for key in ("theme", "remote_theme"):
        if config.raw.get(key):
            notes.append(warning(CONFIG_NAME, lines.get(key),
                                 f"the Jekyll theme {config.raw[key]} is not used",
                                 "sitegen uses its own theme; put Jinja templates in "
                                 "templates/ to change it"))
    if config.raw.get("google_analytics"):
        notes.append(warning(CONFIG_NAME, lines.get("google_analytics"),
                             "google_analytics: the theme adds no analytics script",
                             "add one in templates/base.html if you want it"))
    return notes


def folder_notes(config: SiteConfig) -> list[Problem]:
    """Jekyll's own folders, said once each."""
    liquid = [f"{f}/" for f in LIQUID_FOLDERS if (config.source / f).is_dir()]
    notes = [warning(", ".join(liquid), None, "Liquid templates, which sitegen does not run; "
                     "it uses its own theme (or Jinja templates in templates/) instead")] \
        if liquid else []
    for folder, what in OTHER_FOLDERS.items():
        if (config.source / folder).is_dir():
            notes.append(warning(f"{folder}/", None, what))
    for name in _collections(config):
        if (config.source / f"_{name}").is_dir():
            notes.append(warning(f"_{name}/", None, f"collection '{name}' is not built",
                                 "move its files to _posts/ or to a folder of pages"))
    return notes


def _collections(config: SiteConfig) -> list[str]:
    value = config.raw.get("collections")
    if isinstance(value, Mapping):
        return [str(k) for k in value if str(k) != "posts"]
    return [str(v) for v in value if str(v) != "posts"] if isinstance(value, list) else []


def markdown_notes(config: SiteConfig, lines: Mapping[str, int]) -> list[Problem]:
    """Settings of kramdown and pagination sitegen reads differently."""
    notes = []
    kramdown = config.section("kramdown")
    if kramdown.get("math_engine") == "mathjax" and config.raw.get("math") != "mathjax":
        notes.append(warning(CONFIG_NAME, lines.get("kramdown"),
                             "kramdown math_engine mathjax: sitegen writes math as MathML",
                             "set 'math: mathjax' to keep MathJax"))
    if kramdown.get("syntax_highlighter") not in (None, "rouge", "pygments"):
        notes.append(warning(CONFIG_NAME, lines.get("kramdown"), "code is highlighted by "
                             f"Pygments, not {kramdown['syntax_highlighter']}"))
    path = config.raw.get("paginate_path")
    if path and str(path).strip("/") != "page:num":
        notes.append(warning(CONFIG_NAME, lines.get("paginate_path"),
                             f"paginate_path {path}: sitegen writes pages at /page/2/, ..."))
    return notes


def layout_notes(config: SiteConfig, sources: Iterable[SourceFile]) -> list[Problem]:
    """One note per layout that neither sitegen's theme nor templates/ has."""
    have = available_layouts(config.source)
    users: dict[str, list[str]] = {}
    for source in sources:
        post = posts.read_or_problem(source, config)
        if isinstance(post, Post) and "layout" in post.meta:
            name = str(post.meta["layout"] or "null")
            if f"{name}.html" not in have:
                users.setdefault(name, []).append(source.rel)
    return [_layout_note(name, files) for name, files in sorted(users.items())]


def _layout_note(name: str, files: Sequence[str]) -> Problem:
    count = "1 file renders" if len(files) == 1 else f"{len(files)} files render"
    return warning(files[0], None, f"layout '{name}' is not a sitegen template; {count} with "
                   "post.html instead", f"add templates/{name}.html to change that")


def available_layouts(source: Path) -> frozenset[str]:
    """Template names of the theme and the site's templates/."""
    names = set()
    for folder in theme.template_dirs(source):
        names |= {p.relative_to(folder).as_posix() for p in folder.rglob("*.html")}
    return frozenset(names)

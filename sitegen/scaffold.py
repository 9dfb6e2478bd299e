"""The files ``sitegen init`` and ``sitegen new`` write, as plain text templates.

Pure functions make the file contents (given the date and the title); ``write_files``
creates them and never overwrites anything: if one of the files exists, nothing is
written at all.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
import unicodedata
from collections.abc import Mapping
from pathlib import Path

from sitegen.errors import SitegenError

WORKFLOW_PATH = ".github/workflows/pages.yml"

CONFIG = """\
# The blog's settings. Keys mean what they mean in Jekyll.
title: {title}
description: ""
author: ""
# The site's address without a path, e.g. https://you.github.io
url: ""
# The path the site lives under: "" for https://you.github.io, "/blog" for
# https://you.github.io/blog. The GitHub Actions workflow passes it to the build itself.
baseurl: ""
# A custom domain for GitHub Pages (written to CNAME by sitegen publish):
# cname: blog.example.com
permalink: /:year/:month/:title/
lang: en
# timezone: Europe/Berlin

# Who speaks in the transcripts: the one asking, and the one answering.
transcript:
  speakers:
    Me: {{role: asker}}
    ChatGPT: {{role: answerer}}
"""

FIRST_POST = """\
---
title: "How this blog works"
date: {date}
tags: [meta]
---

This blog keeps conversations. Each one is a Markdown file in `_posts/`; a label at the
start of a paragraph says who is speaking.

Me: How do I add a conversation?

ChatGPT: Run `sitegen new "A title"`, paste the conversation into the file it creates, and
run `sitegen serve` to read it in your browser while you edit.

Me: And how does it go live?

ChatGPT: Commit it and run `sitegen publish`: it builds the site and pushes it to the
`gh-pages` branch. With the GitHub Actions workflow (`sitegen init --github-actions`),
pushing your commits is enough.
"""

GITIGNORE = """\
# Built by sitegen; never commit these.
_site/
.sitegen-cache/
"""

NEW_POST = """\
---
title: {title}
{date}tags: []
---

{asker}: Write the question here.

{answerer}: Paste the answer here.
"""

WORKFLOW = """\
# Builds the blog with sitegen and deploys it to GitHub Pages on every push to {branch}.
# In the repository's Settings > Pages, set the source to "GitHub Actions".
name: Deploy the blog to GitHub Pages

on:
  push:
    branches: [{branch}]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

# One deployment at a time; a running one is allowed to finish.
concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - name: Check out the blog
        uses: actions/checkout@v4
      - name: Set up Python
        uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Set up Pages
        id: pages
        uses: actions/configure-pages@v5
      - name: Install sitegen
        run: {install}
      - name: Build the site
        env:
          BASE_PATH: ${{{{ steps.pages.outputs.base_path }}}}
        run: sitegen build{source} --destination _site --baseurl "$BASE_PATH"
      - name: Upload the site
        uses: actions/upload-pages-artifact@v3
        with:
          path: _site

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - name: Deploy to GitHub Pages
        id: deployment
        uses: actions/deploy-pages@v4
"""

_TRANSLITERATION = {
    "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o",
    "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ł": "l", "Ł": "l",
    "ı": "i", "’": "", "'": "",
}


def blog_files(title: str, now: dt.datetime) -> dict[str, str]:
    """The files of a new blog, by path: config, first post, drafts folder, .gitignore."""
    return {
        "_config.yml": CONFIG.format(title=yaml_string(title)),
        f"_posts/{now:%Y-%m-%d}-how-this-blog-works.md": FIRST_POST.format(date=date_text(now)),
        "_drafts/.gitkeep": "",
        ".gitignore": GITIGNORE,
    }


def workflow(branch: str, install: str, source: str = ".") -> str:
    """The GitHub Actions workflow that builds with sitegen and deploys to Pages.

    `source` is the blog's folder relative to the repository's top.
    """
    option = "" if source == "." else f" --source {shlex.quote(source)}"
    return WORKFLOW.format(branch=branch, install=install, source=option)


def install_command(folder: Path) -> str:
    """``pip install sitegen``, or ``pip install .`` in sitegen's own repository."""
    project = folder / "pyproject.toml"
    if project.is_file() and re.search(r'(?m)^name\s*=\s*"sitegen"\s*$',
                                       project.read_text(encoding="utf-8", errors="replace")):
        return "pip install ."
    return "pip install sitegen"


def post_file(title: str, *, draft: bool, date: dt.datetime | dt.date,
              speakers: tuple[str, str] = ("Me", "ChatGPT")) -> tuple[str, str]:
    """(path, text) of a new post, or of a draft (which has no date)."""
    slug = slugify(title)
    dated = "" if draft else f"date: {date_text(date)}\n"
    text = NEW_POST.format(title=yaml_string(title), date=dated, asker=speakers[0],
                           answerer=speakers[1])
    path = f"_drafts/{slug}.md" if draft else f"_posts/{date:%Y-%m-%d}-{slug}.md"
    return path, text


def slugify(title: str, limit: int = 60) -> str:
    """A readable slug: Latin letters without accents, other letters (CJK...) kept."""
    text = unicodedata.normalize("NFKC", title)
    letters = "".join(_plain(ch) for ch in text).lower()
    slug = re.sub(r"[^\w]+|_+", "-", letters).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] or slug[:limit]
    return slug or "post"


def _plain(ch: str) -> str:
    if ch in _TRANSLITERATION:
        return _TRANSLITERATION[ch]
    parts = unicodedata.normalize("NFD", ch)
    if parts[0].isascii() and all(unicodedata.combining(c) for c in parts[1:]):
        return parts[0]
    return ch


def date_text(date: dt.datetime | dt.date) -> str:
    """A front matter date: ``2024-03-02 14:05:00 +0800``, or ``2024-03-02``."""
    if isinstance(date, dt.datetime):
        return date.strftime("%Y-%m-%d %H:%M:%S %z").strip()
    return date.isoformat()


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def write_files(files: Mapping[Path, str]) -> list[Path]:
    """Create every file; refuse (writing nothing) if any of them already exists."""
    existing = [path for path in files if path.exists() or path.is_symlink()]
    if existing:
        more = f" ({len(existing)} of the files exist)" if len(existing) > 1 else ""
        raise SitegenError(f"{existing[0]} already exists",
                           hint=f"sitegen never overwrites files; move it away{more}")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    return list(files)

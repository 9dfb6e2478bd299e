#!/usr/bin/env python3
"""Deterministic synthetic blog of Q&A transcripts, optionally in several languages.

    make_corpus.py N OUTDIR [--seed S] [--format jekyll|hugo|pelican] [--languages en,zh,ar]

Without ``--languages`` it writes N posts exactly as ``../shared/bench/make_corpus.py`` does
(byte for byte, for every seed and format): 2-6 exchanges of "Zhiwei:" questions and
"ChatGPT:" answers with paragraphs, lists and 0-3 code blocks, about 10 KB a post.

With ``--languages`` (Jekyll only) it writes N posts shaped like the first user's blog:
each text in every listed language (the first is the original), most as
``_posts/<lang>/YYYY-MM-DD-slug-<lang>.md`` with ``lang:`` and the blog's extra keys, one
text in five as legacy posts at the top of ``_posts/`` (``-en``, ``-zh`` or ``-cn``
suffixes, ``layout: post`` with trailing spaces, titles unquoted even with ``: ``, no blank
line after the front matter), a note page in ``notes/`` for one text in fifty, and a
``_config.yml`` with ``permalink: /:title``. Translations keep the Markdown, the code and
the speaker labels and replace the words by invented ones of the language's script.

Only the Python standard library is used; all text is generated.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import zlib
from collections.abc import Callable
from functools import partial
from pathlib import Path

from corpus_text import Writer

SUBDIR = {"jekyll": "_posts", "hugo": "content/posts", "pelican": "content"}
START, END = dt.datetime(2012, 1, 1), dt.datetime(2024, 12, 31)
"""Dates are spread over a fixed past window, so no post is ever in the future."""
LEGACY_EVERY, NOTE_EVERY = 5, 50
SCRIPTS = {
    "zh": "的一是在不了有和人这中大为上个国我以要他时来用们生到"
          "作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经",
    "hant": "的一是在不了有和人這中大為上個國我以要他時來用們生到"
            "作地於出就分對成會可主發年動同工也能下過子說產種面而方後多定行學法所民得經",
    "ja": "のにはをたがでてとしれさあるいうかもなこそ日本語文字学習時間問題答",
    "ar": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
}
"""Letters invented words are made of, by language (others keep their English words)."""
CJK = frozenset({"zh", "hant", "ja"})
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_KEEP = re.compile(r"(`[^`]*`|\*\*|https?://\S+)")


def slugify(text: str) -> str:
    """The generator's slug: lower-case ASCII words joined by '-', at most 60 characters."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].rstrip("-")


def header(fmt: str, title: str, date: dt.datetime, tags: list[str], slug: str) -> str:
    """The metadata block of one post in the given --format."""
    listed = ", ".join(tags)
    if fmt == "jekyll":
        return (f'---\nlayout: post\ntitle: "{title}"\ndate: {date:%Y-%m-%d %H:%M:%S} +0000\n'
                f"tags: [{listed}]\n---\n\n")
    if fmt == "hugo":
        return f'---\ntitle: "{title}"\ndate: {date:%Y-%m-%dT%H:%M:%S}Z\ntags: [{listed}]\n---\n\n'
    if fmt == "pelican":
        return f"Title: {title}\nDate: {date:%Y-%m-%d %H:%M}\nTags: {listed}\nSlug: {slug}\n\n"
    raise ValueError(fmt)


class Text:
    """One generated text: what every language version of it shares."""

    def __init__(self, writer: Writer, date: dt.datetime) -> None:
        self.date = date + dt.timedelta(minutes=writer.r.randint(0, 600))
        self.title = writer.title()
        self.tags = sorted(set(writer.r.sample(writer.topics, writer.r.randint(1, 4))))
        self.body = writer.post()


def unique_slug(base: str, taken: set[object], key: Callable[[str], object]) -> str:
    """`base`, or `base-2`, `base-3`, ... whichever `key` has not yet seen."""
    slug, number = base, 2
    while key(slug) in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(key(slug))
    return slug


def write_plain(n: int, outdir: Path, seed: int, fmt: str) -> str:
    """N posts in one language, the shared generator's output byte for byte."""
    writer, dest = Writer(seed), outdir / SUBDIR[fmt]
    dest.mkdir(parents=True, exist_ok=True)
    for old in dest.glob("*.md"):
        old.unlink()
    step = (END - START) / n
    taken: set[object] = set()
    total = code = 0
    for i in range(n):
        text = Text(writer, START + step * i)
        slug = unique_slug(slugify(text.title), taken, partial(_dated, text.date.date()))
        name = f"{text.date:%Y-%m-%d}-{slug}"
        data = header(fmt, text.title, text.date, text.tags, name) + text.body
        (dest / (name + ".md")).write_text(data, encoding="utf-8")
        total += len(data.encode("utf-8"))
        code += text.body.count("\n```\n")
    return (f"{n} posts -> {dest}  ({total / 1e6:.1f} MB, avg {total / n / 1024:.1f} KB/post, "
            f"{code / n:.1f} code blocks/post)")


def _dated(day: dt.date, slug: str) -> tuple[dt.date, str]:
    return day, slug


def pseudo_word(word: str, lang: str) -> str:
    """An invented word of the language's script, always the same for the same word."""
    letters = SCRIPTS.get(lang)
    if letters is None:
        return word
    seed = zlib.crc32(f"{lang}:{word.lower()}".encode())
    size = 1 + seed % 2 if lang in CJK else 2 + seed % 4
    return "".join(letters[(seed >> (5 * i)) % len(letters)] for i in range(size))


def translate_line(line: str, lang: str) -> str:
    """Words replaced, inline code, bold markers, URLs and speaker labels kept."""
    label, sep, rest = line.partition(": ")
    if sep and label in ("Zhiwei", "ChatGPT"):
        return label + sep + translate_line(rest, lang)
    pieces = _KEEP.split(line)
    return "".join(p if i % 2 else _WORD.sub(lambda m: pseudo_word(m.group(0), lang), p)
                   for i, p in enumerate(pieces))


def translate(body: str, lang: str) -> str:
    """A post body in another language: code blocks and Markdown structure unchanged."""
    out, in_code = [], False
    for line in body.split("\n"):
        if line.startswith("```"):
            in_code = not in_code
        out.append(line if in_code or line.startswith("```") else translate_line(line, lang))
    return "\n".join(out)


def front_matter(title: str, lang: str, original: bool, tags: list[str]) -> str:
    """The front matter of a post in a language folder, keys as the user's blog has them."""
    made = str(not original).lower()
    return (f"---\naudio: false\ngenerated: {made}\nimage: false\nlang: {lang}\nlayout: post\n"
            f"tags: [{', '.join(tags)}]\ntitle: {json.dumps(title, ensure_ascii=False)}\n"
            f"translated: {made}\n---\n\n")


def legacy_front_matter(title: str) -> str:
    """The front matter of an old post: trailing spaces, title unquoted, no blank line."""
    return f"---\nlayout: post  \ntitle: {title}  \n---\n"


def write_languages(n: int, outdir: Path, seed: int, languages: list[str]) -> str:
    """N posts in the shape of a multilingual Jekyll blog."""
    writer, posts = Writer(seed), outdir / "_posts"
    for folder in (posts, outdir / "notes"):
        for old in folder.rglob("*.md") if folder.is_dir() else ():
            old.unlink()
    texts = -(-n // len(languages))
    step = (END - START) / texts
    taken: set[object] = set()
    written = total = notes = 0
    for i in range(texts):
        text = Text(writer, START + step * i)
        slug = unique_slug(slugify(text.title) or "post", taken, lambda s: s)
        for number, lang in enumerate(languages[: n - written]):
            path, data = post_file(posts, text, slug, lang, number == 0, i)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(data, encoding="utf-8")
            written, total = written + 1, total + len(data.encode("utf-8"))
        if i % NOTE_EVERY == NOTE_EVERY - 1:
            notes += write_note(outdir / "notes", text, slug, languages[0])
    write_config(outdir, languages)
    return (f"{written} posts in {','.join(languages)}, {notes} notes -> {posts}  "
            f"({total / 1e6:.1f} MB)")


def post_file(posts: Path, text: Text, slug: str, lang: str, original: bool,
              index: int) -> tuple[Path, str]:
    """Where one language version of a text goes, and what it holds."""
    title = text.title if original else translate_line(text.title, lang)
    body = text.body if original else translate(text.body, lang)
    day = text.date.strftime("%Y-%m-%d")
    if index % LEGACY_EVERY == LEGACY_EVERY - 1 and lang in ("en", "zh"):
        suffix = "cn" if lang == "zh" and index % 2 else lang
        return posts / f"{day}-{slug}-{suffix}.md", legacy_front_matter(title) + body
    return (posts / lang / f"{day}-{slug}-{lang}.md",
            front_matter(title, lang, original, text.tags) + body)


def write_note(folder: Path, text: Text, slug: str, lang: str) -> int:
    """A note page (front matter, no date in the YAML) about one text."""
    folder.mkdir(parents=True, exist_ok=True)
    first = text.body.split("\n\n---\n\n")[0]
    data = (f"---\ntitle: {json.dumps('Notes on ' + text.title)}\nlang: {lang}\nlayout: post\n"
            f"audio: false\n---\n\n{first}")
    (folder / f"{text.date:%Y-%m-%d}-{slug}-{lang}.md").write_text(data + "\n", encoding="utf-8")
    return 1


def write_config(outdir: Path, languages: list[str]) -> None:
    """The blog's _config.yml: its languages are the folders of _posts/, as in the real one."""
    (outdir / "_config.yml").write_text(
        f"title: Benchmark blog in {len(languages)} languages\nlang: {languages[0]}\n"
        "permalink: /:title\ntimezone: Asia/Shanghai\nmarkdown: kramdown\n"
        "plugins:\n  - jekyll-sitemap\n", encoding="utf-8")


def main() -> None:
    """Parse the command line and write the corpus."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int, help="number of posts")
    parser.add_argument("outdir", type=Path, help="site root to write into")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--format", choices=sorted(SUBDIR), default="jekyll",
                        help="where posts go and how their metadata is written")
    parser.add_argument("--languages", metavar="CODES",
                        help="comma-separated language codes, the original first "
                             "(e.g. en,zh,ar); Jekyll format only")
    args = parser.parse_args()
    if args.languages:
        if args.format != "jekyll":
            parser.error("--languages writes a Jekyll blog; leave out --format")
        codes = [c.strip() for c in args.languages.split(",") if c.strip()]
        print(write_languages(args.n, args.outdir, args.seed, codes))
    else:
        print(write_plain(args.n, args.outdir, args.seed, args.format))


if __name__ == "__main__":
    main()

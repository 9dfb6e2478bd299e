"""``_config.yml`` -> ``SiteConfig``: validated, with problems that name their line.

Keys mean what they mean in Jekyll where Jekyll has them. Keys sitegen does not know
are kept for templates (``site.<key>``), as Jekyll does; a key that looks like a typo
of a known key is a warning with a did-you-mean. A value of the wrong type is an error
naming its line.

``languages:`` (see ``sitegen.languages``) lists the site's languages; without it, the
languages are those of ``_posts/<code>/`` folders, the site's ``lang`` first.
"""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from sitegen import languages as languages_mod
from sitegen.errors import Problem, SitegenError, did_you_mean, error, warning
from sitegen.frontmatter import FrontMatterError, decode
from sitegen.languages import Languages

CONFIG_NAME = "_config.yml"

DEFAULT_EXCLUDE = (  # sitegen's own folders, left out at the top of the site
    "Gemfile", "Gemfile.lock", "node_modules", "vendor", "README.md", "pyproject.toml",
    "sitegen", "tests", "benchmarks", "templates", "static", "build", "dist",
)


@dataclass(frozen=True)
class SiteConfig:
    """The site's settings; `raw` keeps every key for templates."""

    source: Path
    title: str = "My Blog"
    description: str = ""
    author: str = ""
    url: str = ""
    baseurl: str = ""
    permalink: str = "date"
    timezone: str = ""
    lang: str = "en"
    exclude: tuple[str, ...] = ()
    """The site's ``exclude`` followed by sitegen's own folders (DEFAULT_EXCLUDE)."""
    jekyll_exclude: tuple[str, ...] = ()
    """The site's own ``exclude`` list, as written (matched the way Jekyll matches it)."""
    include: tuple[str, ...] = ()
    defaults: tuple[Mapping[str, Any], ...] = ()
    future: bool = False
    show_drafts: bool = False
    unpublished: bool = False
    paginate: int = 10
    feed_limit: int = 20
    destination: str = "_site"
    raw: Mapping[str, Any] = field(default_factory=dict)
    languages: Languages = field(default_factory=lambda: languages_mod.single("en"))
    """The site's languages, the default (``lang``) first."""

    @property
    def tz(self) -> dt.tzinfo:
        """The site's time zone (UTC when none is set)."""
        if not self.timezone:
            return dt.UTC
        return zoneinfo.ZoneInfo(self.timezone)

    def section(self, key: str) -> Mapping[str, Any]:
        """A mapping-valued key of the raw config, or an empty mapping."""
        value = self.raw.get(key)
        return value if isinstance(value, Mapping) else {}


def _is_str(v: Any) -> bool:
    return isinstance(v, str)


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_bool(v: Any) -> bool:
    return isinstance(v, bool)


def _is_list(v: Any) -> bool:
    return isinstance(v, list)


def _is_str_or_map(v: Any) -> bool:
    return isinstance(v, str | dict)


def _is_map(v: Any) -> bool:
    return isinstance(v, dict)


def _is_languages(v: Any) -> bool:
    return isinstance(v, str | dict | list)


_Check = Callable[[Any], bool]
# key -> (type check, description of the expected type)
SCHEMA: dict[str, tuple[_Check, str]] = {
    "title": (_is_str, "a string"), "description": (_is_str, "a string"),
    "author": (_is_str_or_map, "a name or a mapping with 'name'"),
    "url": (_is_str, "a string"), "baseurl": (_is_str, "a string"),
    "permalink": (_is_str, "a string"), "timezone": (_is_str, "a time zone name"),
    "lang": (_is_str, "a language code"), "exclude": (_is_list, "a list"),
    "include": (_is_list, "a list"), "defaults": (_is_list, "a list"),
    "future": (_is_bool, "true or false"), "show_drafts": (_is_bool, "true or false"),
    "unpublished": (_is_bool, "true or false"), "paginate": (_is_int, "a whole number"),
    "feed_limit": (_is_int, "a whole number"), "destination": (_is_str, "a path"),
    "markdown": (_is_str_or_map, "a mapping"), "highlight": (_is_map, "a mapping"),
    "math": (_is_str, "mathml or mathjax"), "transcript": (_is_map, "a mapping"),
    "languages": (_is_languages, "a list or a mapping of language codes"),
    "cname": (_is_str, "a domain name"),
    "search": (_is_bool, "true or false"), "jobs": (_is_int, "a whole number"),
    "code_size_limit": (_is_int, "a whole number of bytes"),
    "max_post_size": (_is_int, "a whole number of bytes"),
}
# Keys Jekyll and its plugins use that sitegen accepts without using them.
JEKYLL_KEYS = frozenset({
    "source", "layouts_dir", "data_dir", "includes_dir", "collections", "plugins",
    "gems", "theme", "remote_theme", "kramdown", "sass", "safe", "keep_files",
    "encoding", "markdown_ext", "highlighter", "excerpt_separator", "incremental",
    "port", "host", "show_dir_listing", "strict_front_matter", "liquid", "whitelist",
    "paginate_path", "category_dir", "tag_dir", "github", "repository", "email",
    "twitter", "social", "logo", "google_analytics", "lsi", "limit_posts", "quiet",
    "verbose", "livereload", "webrick", "feed", "collections_dir", "tagline",
})


def load(source: Path) -> tuple[SiteConfig, list[Problem]]:
    """Read ``source/_config.yml`` (optional); raise SitegenError if it cannot be used."""
    path = source / CONFIG_NAME
    if not path.exists():
        languages = languages_mod.detected("en", language_folders(source))
        return SiteConfig(source=source, languages=languages), []
    raw, lines = _read_yaml(path)
    problems = _check_keys(raw, lines) + _check_values(raw, lines)
    languages, language_problems = _languages(source, raw, lines)
    problems = sorted(problems + language_problems, key=lambda p: p.line or 0)
    if any(p.is_error for p in problems):
        from sitegen.errors import BuildFailed

        raise BuildFailed(problems)
    return replace(_to_config(source, raw), languages=languages,
                   lang=languages.default.code), problems


def _languages(source: Path, raw: dict[str, Any],
               lines: dict[str, int]) -> tuple[Languages, list[Problem]]:
    """The configured languages, else those of the ``_posts/<code>/`` folders."""
    lang = raw.get("lang") if isinstance(raw.get("lang"), str) else None
    value = raw.get("languages")
    if value is not None and _is_languages(value):
        return languages_mod.from_config(value, lang, lines.get("languages"), CONFIG_NAME)
    return languages_mod.detected(lang or "en", language_folders(source)), []


def language_folders(source: Path) -> list[str]:
    """Names of the folders directly in ``_posts/`` that look like language codes."""
    try:
        with os.scandir(source / "_posts") as entries:  # no stat call for each post
            return sorted(e.name for e in entries
                          if languages_mod.is_code(e.name) and e.is_dir())
    except (FileNotFoundError, NotADirectoryError):
        return []


def _read_yaml(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    try:
        text = decode(path.read_bytes(), CONFIG_NAME)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text)
    except FrontMatterError as exc:
        raise SitegenError(exc.problem.message, CONFIG_NAME, exc.problem.line) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        what = getattr(exc, "problem", None) or "cannot be read"
        raise SitegenError(f"invalid YAML: {what}", CONFIG_NAME, line) from None
    if raw is None:
        return {}, {}
    if not isinstance(raw, dict):
        raise SitegenError("the configuration must be a mapping of keys", CONFIG_NAME, 1)
    return {str(k): v for k, v in raw.items()}, _key_lines(node)


def _key_lines(node: Any) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + 1 for k, _ in node.value}


def _check_keys(raw: dict[str, Any], lines: dict[str, int]) -> list[Problem]:
    known = set(SCHEMA) | JEKYLL_KEYS
    problems = []
    for key in raw:
        hint = "" if key in known else did_you_mean(key, SCHEMA)
        if hint:
            problems.append(warning(CONFIG_NAME, lines.get(key), f"unknown key '{key}'", hint))
    return problems


def _check_values(raw: dict[str, Any], lines: dict[str, int]) -> list[Problem]:
    problems = []
    for key, (check, expected) in SCHEMA.items():
        if key in raw and raw[key] is not None and not check(raw[key]):
            got = type(raw[key]).__name__
            problems.append(error(CONFIG_NAME, lines.get(key),
                                  f"'{key}' must be {expected}, not {got}"))
    tz = raw.get("timezone")
    if isinstance(tz, str) and tz and not _valid_timezone(tz):
        problems.append(error(CONFIG_NAME, lines.get("timezone"), f"unknown time zone '{tz}'",
                              "use a name like Europe/Berlin or Asia/Shanghai"))
    return problems


def _valid_timezone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _author_name(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("name", ""))
    return str(value or "")


def _to_config(source: Path, raw: dict[str, Any]) -> SiteConfig:
    def get(key: str, default: Any) -> Any:
        value = raw.get(key)
        return default if value is None else value

    return SiteConfig(
        source=source, title=str(get("title", "My Blog")),
        description=str(get("description", "")).strip(),
        author=_author_name(raw.get("author")), url=str(get("url", "")).rstrip("/"),
        baseurl=_clean_baseurl(str(get("baseurl", ""))), permalink=str(get("permalink", "date")),
        timezone=str(get("timezone", "")), lang=str(get("lang", "en")),
        exclude=tuple(str(x) for x in get("exclude", [])) + DEFAULT_EXCLUDE,
        jekyll_exclude=tuple(str(x) for x in get("exclude", [])),
        include=tuple(str(x) for x in get("include", [])),
        defaults=tuple(d for d in get("defaults", []) if isinstance(d, dict)),
        future=bool(get("future", False)), show_drafts=bool(get("show_drafts", False)),
        unpublished=bool(get("unpublished", False)), paginate=int(get("paginate", 10)),
        feed_limit=int(get("feed_limit", 20)), destination=str(get("destination", "_site")),
        raw=raw,
    )


def _clean_baseurl(value: str) -> str:
    value = value.strip().strip("/")
    return f"/{value}" if value else ""

"""Languages of a site: codes, their own names, the default, text direction, UI words, dates.

A language is known by the ``code`` the site uses in folders, file-name suffixes and URLs
(``en``, ``zh``, ``hant``); ``tag`` is the BCP 47 tag that ``lang`` and ``hreflang``
attributes need (``hant`` is ``zh-Hant``). ``cn`` is read as ``zh``, as older Jekyll blogs
name their Chinese posts ``-cn``.

The theme's words for each language are data: ``sitegen/i18n/<code>.yml``, any key missing
there falling back to English. This module reads no site files and imports only
``sitegen.errors``, so every other layer may use it.

``languages:`` in ``_config.yml`` is a list of codes, or a mapping of codes to names, or
either with a mapping per language (``name``, ``tag``, ``rtl``, ``default``)::

    lang: en                    # the default language (else the first listed)
    languages:
      en: English
      zh: 中文
      ar: {name: العربية, rtl: true}
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

import yaml

from sitegen.errors import Problem, did_you_mean, error, warning

I18N = Path(__file__).resolve().parent / "i18n"

RTL = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb", "syr"})
"""Languages written right to left (by the part of the code before any ``-``)."""

ALIASES: Mapping[str, str] = MappingProxyType({
    "cn": "zh", "zh-cn": "zh", "zh-hans": "zh", "zh-hant": "hant", "zh-tw": "hant",
})
"""Codes read as another code, unless the site configures them itself."""

_KNOWN: Mapping[str, tuple[str, str]] = MappingProxyType({
    # code: (its own name, BCP 47 tag)
    "en": ("English", "en"), "zh": ("中文", "zh"), "hant": ("繁體中文", "zh-Hant"),
    "hans": ("简体中文", "zh-Hans"), "ja": ("日本語", "ja"), "ko": ("한국어", "ko"),
    "es": ("Español", "es"), "fr": ("Français", "fr"), "de": ("Deutsch", "de"),
    "it": ("Italiano", "it"), "pt": ("Português", "pt"), "ru": ("Русский", "ru"),
    "uk": ("Українська", "uk"), "pl": ("Polski", "pl"), "nl": ("Nederlands", "nl"),
    "sv": ("Svenska", "sv"), "tr": ("Türkçe", "tr"), "el": ("Ελληνικά", "el"),
    "ar": ("العربية", "ar"), "he": ("עברית", "he"), "fa": ("فارسی", "fa"),
    "ur": ("اردو", "ur"), "hi": ("हिन्दी", "hi"), "bn": ("বাংলা", "bn"),
    "th": ("ไทย", "th"), "vi": ("Tiếng Việt", "vi"), "id": ("Bahasa Indonesia", "id"),
})
CODE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$|^han[st]$")
"""What a language code may look like (lower case)."""


@dataclass(frozen=True)
class Language:
    """One language of the site."""

    code: str
    """As in folders, suffixes and URLs: ``en``, ``zh``, ``hant``."""
    name: str
    """Its own name, for language switchers: ``中文``."""
    tag: str
    """BCP 47 tag for ``lang`` and ``hreflang``: ``zh-Hant``."""
    rtl: bool = False

    @property
    def dir(self) -> str:
        """``rtl`` or ``ltr``."""
        return "rtl" if self.rtl else "ltr"


@dataclass(frozen=True)
class Languages:
    """The site's languages, the default first."""

    items: tuple[Language, ...]
    configured: bool = False
    """True when ``languages:`` in _config.yml names them; False when found from the posts."""

    @property
    def default(self) -> Language:
        return self.items[0]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(item.code for item in self.items)

    @property
    def multilingual(self) -> bool:
        return len(self.items) > 1

    def get(self, code: str) -> Language:
        """The site's language with this code, or what sitegen knows of it."""
        for item in self.items:
            if item.code == code:
                return item
        return language(code)

    def resolve(self, code: str) -> str:
        """A code as the site writes it: the site's own codes first, then aliases."""
        lowered = code.strip().replace("_", "-").lower()
        for item in self.items:
            if item.code.lower() == lowered:
                return item.code
        return ALIASES.get(lowered, lowered)

    def order(self, code: str) -> int:
        """Position of a language in the site's list (unknown ones last)."""
        codes = self.codes
        return codes.index(code) if code in codes else len(codes)


def language(code: str) -> Language:
    """What sitegen knows of a language code (its name and tag, or the code itself)."""
    name, tag = _KNOWN.get(code, (code, code))
    return Language(code, name, tag, is_rtl(tag))


def is_rtl(code: str) -> bool:
    """Whether a language code or tag is written right to left."""
    return code.split("-")[0].lower() in RTL


def is_code(text: str) -> bool:
    """Whether text looks like a language code."""
    return bool(CODE.match(text.lower()))


def single(code: str) -> Languages:
    """The languages of a site in one language."""
    return Languages((language(code),))


def detected(default: str, codes: Iterable[str]) -> Languages:
    """Languages found in the site (e.g. ``_posts/<code>/`` folders), the default first.

    Only codes sitegen knows (or their aliases) count, so a folder named ``misc`` is no language.
    """
    found = {ALIASES.get(c.lower(), c.lower()) for c in codes}
    known = sorted(c for c in found if c in _KNOWN and c != default)
    return Languages((language(default), *(language(c) for c in known)))


@cache
def _file_strings(code: str) -> Mapping[str, str]:
    path = I18N / f"{code}.yml"
    if not path.is_file():
        return MappingProxyType({})
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return MappingProxyType({str(k): str(v) for k, v in data.items()})


def strings(code: str) -> Mapping[str, str]:
    """The words sitegen has for a language (English for any it lacks)."""
    own = _file_strings(code) or _file_strings(code.split("-")[0].lower())
    english = _file_strings("en")
    return MappingProxyType({**english, **own}) if own else english


def translated_codes() -> tuple[str, ...]:
    """Codes with a file of their own in ``sitegen/i18n/`` (English included)."""
    return tuple(sorted(p.stem for p in I18N.glob("*.yml")))


def format_date(value: dt.date, code: str) -> str:
    """A date the way the language writes it (``March 4, 2020``, ``2020年3月4日``)."""
    return date_in_words(value, strings(code))


def date_in_words(value: dt.date, words: Mapping[str, str]) -> str:
    """A date written with a language's words (``date_long`` and ``month_<n>``)."""
    month_name = words.get(f"month_{value.month}", str(value.month))
    pattern = words.get("date_long", "{month_name} {day}, {year}")
    return pattern.format(year=value.year, month=value.month, day=value.day,
                          month_name=month_name)


LANGUAGE_KEYS = ("code", "name", "tag", "rtl", "dir", "default")


def from_config(value: object, site_lang: str | None, line: int | None,
                path: str = "_config.yml") -> tuple[Languages, list[Problem]]:
    """``languages:`` of _config.yml -> Languages (the default first), with any problems."""
    problems: list[Problem] = []
    entries = _entries(value, line, path, problems)
    read = [_item(code, spec, line, path, problems) for code, spec in _unique(entries, line, path,
                                                                               problems)]
    items = [item for item in read if item is not None]
    if not items:
        if not problems:
            problems.append(error(path, line, "'languages' names no language",
                                  "list language codes, e.g. [en, zh, ar]"))
        return single(site_lang or "en"), problems
    default = _default(entries, items, site_lang, line, path, problems)
    ordered = [default, *(item for item in items if item.code != default.code)]
    return Languages(tuple(ordered), configured=True), problems


def _entries(value: object, line: int | None, path: str,
             problems: list[Problem]) -> list[tuple[str, object]]:
    if isinstance(value, str):
        return [(code, None) for code in re.split(r"[\s,]+", value) if code]
    if isinstance(value, Mapping):
        return [(str(code), spec) for code, spec in value.items()]
    if isinstance(value, list):
        return [_list_entry(entry) for entry in value]
    problems.append(error(path, line, "'languages' must be a list or a mapping of codes"))
    return []


def _unique(entries: list[tuple[str, object]], line: int | None, path: str,
            problems: list[Problem]) -> list[tuple[str, object]]:
    unique: dict[str, object] = {}
    for code, spec in entries:
        if code in unique:
            problems.append(error(path, line, f"'{code}' is listed twice in 'languages'"))
        unique.setdefault(code, spec)
    return list(unique.items())


def _list_entry(entry: object) -> tuple[str, object]:
    if isinstance(entry, Mapping):
        return str(entry.get("code", "")), entry
    return str(entry), None


def _item(code: str, spec: object, line: int | None, path: str,
          problems: list[Problem]) -> Language | None:
    if not is_code(code):
        problems.append(error(path, line, f"'{code}' is not a language code",
                              "use codes like en, zh, pt-br or hant"))
        return None
    known = language(code)
    if spec is None or isinstance(spec, str):
        return Language(code, str(spec or known.name), known.tag, known.rtl)
    if not isinstance(spec, Mapping):
        problems.append(error(path, line, f"language '{code}' must be a name or a mapping"))
        return None
    for key in spec:
        if key not in LANGUAGE_KEYS:
            problems.append(warning(path, line, f"unknown key '{key}' for language '{code}'",
                                    did_you_mean(str(key), LANGUAGE_KEYS)))
    tag = str(spec.get("tag") or known.tag)
    rtl = spec.get("rtl", None if spec.get("dir") is None else spec.get("dir") == "rtl")
    return Language(code, str(spec.get("name") or known.name), tag,
                    is_rtl(tag) if rtl is None else rtl is True)


def _default(entries: list[tuple[str, object]], items: list[Language], site_lang: str | None,
             line: int | None, path: str, problems: list[Problem]) -> Language:
    marked = [code for code, spec in entries
              if isinstance(spec, Mapping) and spec.get("default") is True]
    if len(marked) > 1:
        problems.append(error(path, line, f"more than one default language: {', '.join(marked)}",
                              "mark one language 'default: true'"))
    wanted = marked[0] if marked else site_lang
    for item in items:
        if item.code == wanted:
            return item
    if not marked and site_lang:
        problems.append(warning(path, line, f"lang '{site_lang}' is not among 'languages'",
                                f"'{items[0].code}' is the default language"))
    return items[0]

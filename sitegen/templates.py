"""The Jinja2 environment: autoescaped, strict about undefined names, with Jekyll's filters.

Rendering gets an explicit context (``site`` plus the page's own variables); there are
no globals beyond the filters defined here.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from sitegen import languages, seo
from sitegen.errors import SitegenError


def make_environment(template_dirs: Sequence[Path], baseurl: str, url: str,
                     cache_folder: Path | None = None) -> jinja2.Environment:
    """A Jinja2 environment over the site's and the theme's templates.

    One environment serves every build of a process with the same settings and the same
    template files, unchanged (the preview server's builds), so templates are compiled
    once; as an edited template gets a new environment, Jinja need not check every
    template's file each time it is included (``auto_reload``). With a `cache_folder`,
    compiled templates are kept there too (Jinja's bytecode cache, keyed by each
    template's source), so other processes and later builds skip compiling.
    """
    files = tuple(sorted((str(p), _status(p)) for d in template_dirs for p in d.rglob("*")
                         if p.is_file()))
    return _environment(tuple(template_dirs), baseurl, url, files, cache_folder)


def _status(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_mtime_ns, st.st_size


@functools.lru_cache(maxsize=4)
def _environment(template_dirs: tuple[Path, ...], baseurl: str, url: str,
                 _files: tuple[tuple[str, tuple[int, int]], ...],
                 cache_folder: Path | None) -> jinja2.Environment:
    bytecode = None
    if cache_folder is not None:
        # Jinja folds filters of constants (``'/x' | relative_url``) into the compiled code,
        # so each base URL and site URL has compiled templates of its own.
        folder = cache_folder / "templates" / hashlib.blake2b(
            f"{baseurl}\n{url}".encode(), digest_size=8).hexdigest()
        folder.mkdir(parents=True, exist_ok=True)
        bytecode = jinja2.FileSystemBytecodeCache(str(folder))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        bytecode_cache=bytecode,
        autoescape=jinja2.select_autoescape(["html", "xml", "htm"], default_for_string=True),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, auto_reload=False,
    )
    def absolute(path: str) -> str:
        return url + relative_url(str(path), baseurl)

    env.filters.update({
        "relative_url": lambda path: relative_url(str(path), baseurl),
        "absolute_url": absolute,
        "date_iso": date_iso, "date_format": date_format, "jsonld": jsonld,
        "local_date": languages.date_in_words,
        "xml_text": xml_text,
        "post_jsonld": lambda page, site: seo.post_graph(page, site.title, site.author, absolute),
        "site_jsonld": lambda site: seo.home_graph(site.title, site.description, site.lang,
                                                   absolute("/")),
    })
    return env


def relative_url(path: str, baseurl: str) -> str:
    """Prefix a site-relative path with the baseurl (Jekyll's ``relative_url``)."""
    if "://" in path or path.startswith("//"):
        return path
    return baseurl + "/" + path.lstrip("/")


def date_iso(value: dt.datetime) -> str:
    """RFC 3339 date-time, as feeds and structured data want."""
    return value.isoformat(timespec="seconds")


def date_format(value: dt.datetime, fmt: str = "%B %-d, %Y") -> str:
    """A date for people; English month names (no locale dependence)."""
    return value.strftime(fmt)


def jsonld(data: Any) -> Markup:
    """JSON for a ``<script type="application/ld+json">`` block, safe inside HTML."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: str) -> str:
    """Text with characters XML 1.0 cannot hold removed."""
    return _NOT_XML.sub("", value)


def render(env: jinja2.Environment, template: str, context: Mapping[str, Any], source: str) -> str:
    """Render one template, turning Jinja errors into SitegenErrors naming the template."""
    try:
        return env.get_template(template).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise SitegenError(f"template error: {exc.message}", exc.filename or template,
                           exc.lineno) from None
    except jinja2.TemplateNotFound as exc:
        raise SitegenError(f"template '{exc.name}' not found", source or template, None,
                           "add it to templates/ or change 'layout:'") from None
    except jinja2.UndefinedError as exc:
        raise SitegenError(f"template '{template}': {exc.message}", source or template, None,
                           "see templates/README.md for the variables each template gets") from None


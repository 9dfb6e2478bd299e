"""Where the default theme lives, and how a site's own files override it.

The theme's ``templates/`` and ``static/`` sit at the top of the source tree and are
shipped inside the wheel as ``sitegen/theme/``. A site's own ``templates/`` and
``static/`` override the theme file by file.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def theme_root() -> Path:
    """The folder holding the default theme's ``templates/`` and ``static/``."""
    installed = _PACKAGE / "theme"
    if (installed / "templates").is_dir():
        return installed
    return _PACKAGE.parent


def template_dirs(source: Path) -> list[Path]:
    """Template folders, the site's own first."""
    own = source / "templates"
    dirs = [own] if own.is_dir() and own.resolve() != (theme_root() / "templates") else []
    return [*dirs, theme_root() / "templates"]


def layouts(source: Path) -> frozenset[str]:
    """Names of the HTML templates the site and the theme provide (``post.html``...)."""
    names: set[str] = set()
    for folder in template_dirs(source):
        names.update(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))
    return frozenset(names)


def static_files(source: Path) -> dict[str, Path]:
    """Static files by output path: the theme's, then the site's own on top."""
    files: dict[str, Path] = {}
    for root in (theme_root() / "static", source / "static"):
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root)
            if path.is_file() and not path.is_symlink() and not _hidden(rel):
                files[rel.as_posix()] = path
    return files


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)

"""Request path -> file of the built site, the way GitHub Pages answers.

``/`` and folder URLs serve ``index.html``; ``/about`` serves ``about.html`` when there is
no file ``about``; a folder asked for without its slash is redirected to it. Only regular
files inside the build folder are ever served: ``..`` (encoded or not), backslashes, NUL
bytes and symlinks leading out of the folder all give "not found".
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit


@dataclass(frozen=True)
class Found:
    """Serve this file."""

    file: Path


@dataclass(frozen=True)
class Redirect:
    """Send the browser to this path (a folder's URL with its slash)."""

    location: str


@dataclass(frozen=True)
class NotFound:
    """Nothing to serve here."""


Resolution = Found | Redirect | NotFound


def resolve(root: Path, target: str, baseurl: str = "") -> Resolution:
    """What a request for `target` (the request line's path, maybe with a query) gets."""
    path = request_path(target)
    if baseurl and path in ("/", baseurl):
        return Redirect(f"{baseurl}/")
    if baseurl and not path.startswith(f"{baseurl}/"):
        return NotFound()
    parts = segments(path.removeprefix(baseurl))
    if parts is None:
        return NotFound()
    return _find(root.resolve(), parts, path.endswith("/"), baseurl)


def request_path(target: str) -> str:
    """The path of a request target, in origin form (``/a?b``) or absolute form."""
    if target.startswith("/"):
        return target.split("?", 1)[0].split("#", 1)[0]
    return urlsplit(target).path or "/"


def segments(path: str) -> list[str] | None:
    """The decoded, non-empty parts of a URL path; None if any could leave the folder."""
    try:
        parts = [p for p in unquote(path, errors="strict").split("/") if p]
    except UnicodeDecodeError:
        return None
    if any(p in (".", "..") or "\\" in p or "\0" in p for p in parts):
        return None
    return parts


def _find(root: Path, parts: list[str], slash: bool, baseurl: str) -> Resolution:
    candidate = root.joinpath(*parts)
    if slash or not parts:
        return _file(root, candidate / "index.html")
    if _inside(root, candidate) and candidate.is_dir():
        return Redirect(baseurl + "/" + "/".join(quote(p) for p in parts) + "/")
    found = _file(root, candidate)
    if isinstance(found, NotFound):
        return _file(root, candidate.with_name(f"{candidate.name}.html"))
    return found


def _file(root: Path, candidate: Path) -> Resolution:
    if _inside(root, candidate) and candidate.is_file():
        return Found(candidate)
    return NotFound()


def _inside(root: Path, candidate: Path) -> bool:
    """`candidate`, with every symlink followed, is `root` or below it."""
    try:
        real = os.path.realpath(candidate)
    except (OSError, ValueError):
        return False
    return real == str(root) or real.startswith(str(root) + os.sep)

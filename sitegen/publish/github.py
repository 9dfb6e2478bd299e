"""Where GitHub Pages will serve a published branch, and whether the baseurl fits it.

A repository named ``<owner>.github.io`` is served at the top of that domain, any other
at ``https://<owner>.github.io/<repo>/``, and a custom domain (``CNAME``) at its top. A
baseurl that does not match makes every stylesheet and link miss, so publish warns.
"""

from __future__ import annotations

import re

from sitegen.errors import Problem, warning

_GITHUB = re.compile(
    r"^(?:https?://(?:[^@/]+@)?github\.com/|git@github\.com:|ssh://git@github\.com/)"
    r"(?P<owner>[^/]+)/(?P<repo>[^/]+?)(?:\.git)?/?$", re.IGNORECASE)


def pages_address(remote_url: str, cname: str = "") -> tuple[str, str] | None:
    """(address, baseurl) GitHub Pages gives the site, or None if the remote is not GitHub."""
    found = _GITHUB.match(remote_url.strip())
    if found is None:
        return None
    if cname:
        return f"https://{cname}/", ""
    owner, repo = found["owner"].lower(), found["repo"]
    if repo.lower() == f"{owner}.github.io":
        return f"https://{owner}.github.io/", ""
    return f"https://{owner}.github.io/{repo}/", f"/{repo}"


def baseurl_problem(remote_url: str, baseurl: str, cname: str = "") -> Problem | None:
    """A warning when the configured baseurl is not the one GitHub Pages will use."""
    expected = pages_address(remote_url, cname)
    if expected is None or expected[1] == baseurl:
        return None
    address, wanted = expected
    return warning("_config.yml", None,
                   f"GitHub Pages will serve this site at {address}, but baseurl is "
                   f"'{baseurl}', so its links and stylesheets will not be found",
                   f"set baseurl: \"{wanted}\" in _config.yml")

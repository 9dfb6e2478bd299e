"""Which ``Host`` headers the preview server answers (a defence against DNS rebinding).

A page on another site cannot read from ``127.0.0.1`` directly, but it can point a name
it owns at 127.0.0.1 and ask again: the request then arrives with that foreign name in
``Host``. The server answers only its own names: the loopback names, the host it was
bound to, and, when bound to every interface, the machine's name and any IP address
(an address cannot be rebound). The port must be the server's own.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from urllib.parse import urlsplit

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
WILDCARDS = frozenset({"", "0.0.0.0", "::"})
_HOST_SYNTAX = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?$")


def own_names(bound: str) -> frozenset[str]:
    """Host names (lowercase, IPv6 without brackets) that mean this server."""
    names = set(LOOPBACK_NAMES) | {bound.strip("[]").lower()}
    if bound in WILDCARDS:
        names.add(socket.gethostname().lower())
    return frozenset(names - {""})


def host_allowed(header: str | None, bound: str, port: int) -> bool:
    """Whether a request with this ``Host`` header is meant for this server."""
    if not header or not _HOST_SYNTAX.match(header.strip()):
        return False
    try:
        parts = urlsplit(f"//{header.strip()}")
        name, asked_port = parts.hostname, parts.port
    except ValueError:
        return False
    if name is None or (asked_port or 80) != port:
        return False
    name = name.rstrip(".")
    return name in own_names(bound) or (bound in WILDCARDS and _is_address(name))


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True

"""Find, and on request replace, personal data and secrets in a post before it is written.

Looks for e-mail addresses, phone numbers, API keys and tokens (OpenAI and Anthropic
``sk-...``, GitHub ``ghp_...``, AWS ``AKIA...``, Slack, Google, JWTs, bearer tokens) and
private key blocks. Findings carry the line they are on and a masked sample, never the
whole secret, so the report itself leaks nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    """One thing that looks private."""

    line: int
    """1-based line in the text that was scanned."""
    kind: str
    sample: str
    """The match with most of it masked."""


_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("private key", re.compile(
        r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"
        r"(?:.*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|.*)", re.S)),
    ("API key", re.compile(r"\bsk-(?:ant-|proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}")),
    ("GitHub token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{22,})")),
    ("AWS access key", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("Slack token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}")),
    ("Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}")),
    ("JSON web token", re.compile(r"\beyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}")),
    ("bearer token", re.compile(r"\b[Bb]earer[ \t]+[A-Za-z0-9._~+/-]{16,}=*")),
    ("e-mail address", re.compile(
        r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
        r"\.[A-Za-z]{2,}\b")),
    ("phone number", re.compile(
        r"(?<![\w+.-])(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){2,4}"
        r"|\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4})(?![\w-])")),
)


def find(text: str) -> list[Finding]:
    """Everything in ``text`` that looks private, in order of position."""
    found = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            if kind == "phone number" and not 8 <= _digits(match.group()) <= 15:
                continue
            taken.append(match.span())
            line = text.count("\n", 0, match.start()) + 1
            found.append((match.start(), Finding(line, kind, mask(match.group()))))
    return [f for _, f in sorted(found, key=lambda pair: pair[0])]


def redact(text: str) -> str:
    """``text`` with every finding replaced by ``[redacted <kind>]``."""
    for kind, pattern in _PATTERNS:
        text = pattern.sub(_replacement(kind), text)
    return text


def _replacement(kind: str) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        if kind == "phone number" and not 8 <= _digits(match.group()) <= 15:
            return match.group()
        return f"[redacted {kind}]"
    return replace


def _digits(value: str) -> int:
    return sum(c.isdigit() for c in value)


def mask(value: str) -> str:
    """The first few characters of a secret and its length, enough to recognise it."""
    first = value.split("\n", 1)[0]
    keep = 4 if len(first) > 10 else 1
    return f"{first[:keep]}… ({len(value)} characters)"

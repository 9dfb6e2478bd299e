"""Problems found in a site, and the exceptions that carry them.

Every problem names a file and, where known, a 1-based line, so that the
command line can print ``path:line: message (hint)`` the way compilers do.
Problems are collected across the whole site and reported together.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum


class Severity(Enum):
    """How bad a problem is: warnings let the build go on, errors stop it."""

    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the site's sources."""

    path: str
    """The file, relative to the site's source folder where possible."""
    line: int | None
    """1-based line in the file, or None when the problem is about the whole file."""
    message: str
    """What is wrong, in plain words."""
    hint: str = ""
    """How to fix it, when there is a likely fix."""
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        text = f"{where}: {self.message}"
        if self.severity is Severity.WARNING:
            text = f"{where}: warning: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def warning(path: str, line: int | None, message: str, hint: str = "") -> Problem:
    """Build a warning-level problem."""
    return Problem(path, line, message, hint, Severity.WARNING)


def error(path: str, line: int | None, message: str, hint: str = "") -> Problem:
    """Build an error-level problem."""
    return Problem(path, line, message, hint, Severity.ERROR)


class SitegenError(Exception):
    """An error sitegen explains to the user; never shown as a traceback."""

    def __init__(self, message: str, path: str = "", line: int | None = None, hint: str = ""):
        super().__init__(message)
        self.problem = Problem(path, line, message, hint) if path else None
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if self.problem is not None:
            return str(self.problem)
        return f"{self.message} ({self.hint})" if self.hint else self.message


class BuildFailed(SitegenError):
    """The build found errors; nothing was written."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = tuple(problems)
        count = sum(1 for p in self.problems if p.is_error)
        super().__init__(f"build failed with {count} error{'s' if count != 1 else ''}")


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest known word, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that stop a build."""
    return [p for p in problems if p.is_error]

"""Exceptions raised by ipometrics.

Every library error subclasses the built-in exception it refines, so callers that already catch
``ValueError`` keep working, and each message names the field, the value and what was expected.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ipometrics.validation import Problem

__all__ = ["FigureUnavailableError", "IpoDataError", "IpoValidationError"]


class IpoDataError(ValueError):
    """A record, file or argument that ipometrics cannot accept.

    Raised for unreadable data files, records that fail validation outside pydantic, and
    option values a function does not know.
    """


class FigureUnavailableError(IpoDataError):
    """A metric needs a figure the record does not have.

    The message says which figure is missing, whether it is unknown (no admissible source
    gives it) or not applicable to the offering, and which metric therefore cannot be
    computed. Nothing is estimated in its place.

    Attributes
    ----------
    offering : str
        Key of the offering, e.g. ``"biren"``.
    path : str
        Dotted path of the missing figure, e.g. ``"first_day.close"``.
    status : str
        ``"unknown"`` or ``"not applicable"``.
    """

    def __init__(self, offering: str, path: str, status: str, needed_for: str, reason: str = ""):
        self.offering = offering
        self.path = path
        self.status = status
        self.needed_for = needed_for
        why = f" ({reason})" if reason else ""
        super().__init__(f"{offering}: {needed_for} cannot be computed: {path} is {status}{why}")


class IpoValidationError(IpoDataError):
    """One or more records break validation rules; every problem is listed.

    Attributes
    ----------
    problems : list of Problem
        Each breach: rule id, field path, message, and the offering's key and code.
    """

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems: list[Problem] = list(problems)

    @classmethod
    def from_problems(cls, problems: Sequence[Problem]) -> IpoValidationError:
        """Build the error for one record's problems, one line per problem."""
        first = problems[0]
        who = f"offering {first.key!r}" + (f" ({first.code})" if first.code else "")
        n = len(problems)
        lines = "\n".join(f"  - {p}" for p in problems)
        return cls(f"{who}: {n} problem{'s' if n > 1 else ''}:\n{lines}", problems)

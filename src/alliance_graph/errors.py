"""Exceptions that say where: file and line, or node and shape."""

from __future__ import annotations


class AllianceGraphError(Exception):
    """Base of every error this package raises on purpose.

    ``exit_code`` is what the command line exits with: 2 for bad input, 1 for failed checks.
    """

    exit_code = 2

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        self.file = file
        self.line = line
        self.message = message
        super().__init__(self.location_prefix() + message)

    def location_prefix(self) -> str:
        """``file:line: `` (or ``file: ``) when known, else an empty string."""
        if self.file and self.line:
            return f"{self.file}:{self.line}: "
        if self.file:
            return f"{self.file}: "
        return ""


class ParseError(AllianceGraphError):
    """A source file is not valid Turtle (syntax error, unknown prefix, bad literal)."""


class QueryError(AllianceGraphError):
    """A query is unknown, malformed, or given a wrong or missing parameter."""


class BuildError(AllianceGraphError):
    """The build could not complete for a reason other than bad data."""


class ValidationFailed(AllianceGraphError):
    """The data does not meet the shapes or the checks; carries the problems."""

    exit_code = 1

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        count = len(problems)
        head = "\n".join(problems[:50])
        more = f"\n... and {count - 50} more" if count > 50 else ""
        super().__init__(f"{count} problem{'s' if count != 1 else ''} found:\n{head}{more}")


class EndpointError(AllianceGraphError):
    """A remote SPARQL endpoint could not be reached or refused a request."""

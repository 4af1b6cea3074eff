"""Read a dataset's CSV file row by row, with checks whose errors say where: ``file:line:column``.

Every importer of a shared dataset reads through :func:`read_rows`: the header must hold the columns the importer
uses (a missing or renamed column is named, with the closest header as a hint), each row must have as many
fields as the header, and typed reads (:meth:`Row.integer`, :meth:`Row.flag`, :meth:`Row.date`) reject what does
not fit, pointing at the line and column of the bad value.
"""

from __future__ import annotations

import csv
import datetime
import difflib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from alliance_graph.errors import ParseError


class DatasetError(ParseError):
    """A dataset file does not hold what its importer expects; the message starts ``file:line:column:``."""

    def __init__(self, message: str, *, file: str, line: int, column: int | None = None) -> None:
        self.column = column
        super().__init__(message, file=file, line=line)

    def location_prefix(self) -> str:
        """``file:line:column: `` (the column when known)."""
        column = f":{self.column}" if self.column else ""
        return f"{self.file}:{self.line}{column}: "


@dataclass(frozen=True)
class Dated:
    """A date read from year, month and day columns, with how precisely it is known."""

    date: datetime.date
    precision: str  # "day", "month" or "year"

    def isoformat(self) -> str:
        return self.date.isoformat()


@dataclass(frozen=True)
class Row:
    """One data row: its file (as shown in messages), line, values and the header's column positions."""

    file: str
    line: int
    values: dict[str, str]
    columns: dict[str, int]

    def error(self, column: str, message: str) -> DatasetError:
        """An error located at this row and ``column``."""
        return DatasetError(message, file=self.file, line=self.line, column=self.columns.get(column))

    def text(self, column: str) -> str:
        """The stripped text of ``column``."""
        return self.values[column].strip()

    def integer(self, column: str, *, missing: int | None = None) -> int:
        """``column`` as an integer (``1.0`` is 1); an empty cell is ``missing`` if given, else an error.

        Raises:
            DatasetError: not a whole number, or empty without a default.
        """
        text = self.text(column)
        if not text or text.upper() == "NA":
            if missing is None:
                raise self.error(column, f"{column} is empty; a whole number is required")
            return missing
        try:
            number = float(text)
        except ValueError:
            raise self.error(column, f"{column} is '{text}', not a number") from None
        if not number.is_integer():
            raise self.error(column, f"{column} is '{text}', not a whole number")
        return int(number)

    def flag(self, column: str) -> bool:
        """A 0/1 dummy (empty reads as 0).

        Raises:
            DatasetError: any other value.
        """
        value = self.integer(column, missing=0)
        if value not in (0, 1):
            raise self.error(column, f"{column} is {value}; a dummy variable is 0 or 1")
        return value == 1

    def date(self, year: str, month: str, day: str, *, first: int, last: int) -> Dated | None:
        """The date in three columns; None if the year is 0 or empty (no date: still in force, or not coded).

        A month of 0 or empty gives year precision; a day of 0 or empty gives month precision; the date is then
        the first day of that period.

        Raises:
            DatasetError: a month or day out of its range, a day the month does not have, or a year outside
                ``first``..``last`` (the dataset's span).
        """
        y = self.integer(year, missing=0)
        if y == 0:
            return None
        if not first <= y <= last:
            raise self.error(year, f"date out of range: {year} is {y}, outside this file's span {first}-{last}")
        m = self.integer(month, missing=0)
        d = self.integer(day, missing=0)
        if not 0 <= m <= 12:
            raise self.error(month, f"date out of range: {month} is {m}, not a month (1-12)")
        if m == 0:
            return Dated(datetime.date(y, 1, 1), "year")
        if d == 0:
            return Dated(datetime.date(y, m, 1), "month")
        try:
            return Dated(datetime.date(y, m, d), "day")
        except ValueError:
            raise self.error(day, f"date out of range: {y}-{m:02d}-{d:02d} does not exist ({day} is {d})") from None


def read_rows(path: Path, shown: str, required: Sequence[str], *, encoding: str = "utf-8") -> Iterator[Row]:
    """Yield the rows of the CSV file ``path`` after checking its header holds every ``required`` column.

    Args:
        path: the file.
        shown: how the file is named in messages (e.g. ``atop/atop4_01m.csv``).
        required: the columns the importer reads.
        encoding: the file's encoding.

    Raises:
        DatasetError: the file is missing or empty, a column is missing (``file:1:column``, with the closest
            header name when it looks renamed), or a row has a different number of fields from the header.
    """
    try:
        stream = path.open(encoding=encoding, newline="")
    except OSError as err:
        raise DatasetError(f"cannot read the dataset file {path}: {err.strerror} (give the datasets folder "
                           "with --datasets)", file=shown, line=1) from err
    with stream:
        reader = csv.reader(stream)
        try:
            header = next(reader)
        except StopIteration:
            raise DatasetError("the file is empty; a header row is expected", file=shown, line=1) from None
        except (csv.Error, UnicodeDecodeError) as err:
            raise DatasetError(f"unreadable header: {err}", file=shown, line=1) from err
        columns = {name.strip(): index for index, name in enumerate(header, start=1)}
        for name in required:
            if name not in columns:
                close = difflib.get_close_matches(name, list(columns), n=1, cutoff=0.6)
                hint = f"; column {columns[close[0]]} is '{close[0]}': renamed?" if close else ""
                raise DatasetError(
                    f"missing column '{name}'{hint} (the importer needs {', '.join(required)})",
                    file=shown, line=1, column=columns[close[0]] if close else None,
                )
        names = [name.strip() for name in header]
        try:
            for fields in reader:
                if not fields:
                    continue
                if len(fields) != len(names):
                    raise DatasetError(
                        f"malformed row: {len(fields)} fields, the header has {len(names)}",
                        file=shown, line=reader.line_num, column=min(len(fields), len(names)) or 1,
                    )
                yield Row(shown, reader.line_num, dict(zip(names, fields, strict=True)), columns)
        except csv.Error as err:
            raise DatasetError(f"malformed row: {err}", file=shown, line=reader.line_num) from err
        except UnicodeDecodeError as err:
            raise DatasetError(f"not {encoding}: {err.reason}", file=shown, line=reader.line_num) from err

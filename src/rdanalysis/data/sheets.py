"""Read a user's CSV or XLSX file into a grid of cells that keeps the file's own row numbers.

Handles what official spreadsheets really look like: GB18030/GBK or UTF-8 (with or without BOM)
CSV; Excel sheets with title rows above the header, merged header cells and two-row headers
(e.g. a unit row under the names); trailing 合计/总计 rows. What Excel shows is what is read:
hidden rows, columns and sheets are left out, each with a note. Header detection is done by the
caller, which knows the field names (``find_header``).
"""

from __future__ import annotations

import codecs
import csv
import functools
import hashlib
import io
import itertools
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdanalysis.data.cells import UNITS, Unsaved, normalise_text
from rdanalysis.errors import Problem, RDAnalysisError

HEADER_SEARCH_ROWS = 20
TOTAL_ROW_LABELS = frozenset({"合计", "总计", "总和", "合  计", "总  计", "total", "sum"})


#: Rows of a CSV file read before its header is looked for; the rest is read as it is parsed.
HEAD_ROWS = HEADER_SEARCH_ROWS + 2

#: (row, its 1-based number in the file), as a CSV file is read.
Rows = Iterator[tuple[list[object], int]]


@dataclass
class Grid:
    """One sheet: ``rows`` are lists of cell values; ``numbers`` the 1-based row number of each;
    ``rest`` the rows after them not read yet (a CSV file is read as it is parsed, so a large
    file's rows are never all held at once)."""

    file: str
    sheet: str | None
    rows: list[list[object]]
    numbers: list[int]
    notes: list[Problem] = field(default_factory=list)
    rest: Rows | None = None
    #: row index -> {column index: first column of its merged cell}, for cells of a merged
    #: range wider than one column (their value is the merged cell's, copied)
    spans: dict[int, dict[int, int]] = field(default_factory=dict)
    #: a hidden sheet: not read (its note says so)
    hidden: bool = False

    @property
    def label(self) -> str:
        return f"{self.file}[{self.sheet}]" if self.sheet else self.file


def read_grids(path: Path) -> tuple[list[Grid], str]:
    """All sheets of ``path`` as grids, and the SHA-256 of the bytes they were read from.

    The file is read once: every sheet and row comes from those bytes, so the hash a build
    records is that of exactly what it read, even if the file is saved again meanwhile.
    Raises RDAnalysisError if the file is not a readable table.
    """
    label = str(path)
    data = _read_bytes(path, label)
    return _grids(data, label), hashlib.sha256(data).hexdigest()


def _grids(data: bytes, label: str) -> list[Grid]:
    if not data.strip():
        raise RDAnalysisError(f"{label}: the file is empty (expected a CSV or XLSX table)")
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, label)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise RDAnalysisError(
                f"{label}: the workbook is password-protected (expected an unprotected .xlsx: "
                "open it in Excel/WPS, remove the password and save it)"
            )
        raise RDAnalysisError(
            f"{label}: this is an old .xls workbook, which is not read (expected .xlsx or .csv: "
            "open it in Excel/WPS and save as .xlsx)"
        )
    if _utf16(data) is None and b"\x00" in data[:4096]:
        raise RDAnalysisError(f"{label}: binary file, not a table (expected a CSV or XLSX file)")
    encoding, sample = _encoding(data, label)
    return [_read_csv(data, encoding, sample, label)]  # decoded as it is read, never whole


def _read_bytes(path: Path, label: str) -> bytes:
    if path.is_dir():
        raise RDAnalysisError(f"{label}: is a folder, not a file (expected a CSV or XLSX file)")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise RDAnalysisError(f"{label}: file not found") from None
    except OSError as exc:
        raise RDAnalysisError(f"{label}: cannot be read ({exc.strerror or exc})") from None


def _utf16(data: bytes) -> str | None:
    """The UTF-16 codec of Excel's "Unicode text" export (BOM, or ASCII with zero high bytes)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    head = data[:200]
    if len(head) >= 4 and head[1::2].count(0) > 0.9 * len(head[1::2]):
        return "utf-16-le"
    return None


def _encoding(data: bytes, label: str) -> tuple[str, str]:
    """The codec of a CSV file's bytes, and the start of its text (to sniff the delimiter)."""
    utf16 = _utf16(data)
    # UTF-8 (BOM stripped) first; GB18030 is a superset of GBK/GB2312, the usual legacy encodings.
    for encoding in (utf16,) if utf16 else ("utf-8-sig", "gb18030"):
        try:
            return encoding, _decoded_head(data, encoding)
        except UnicodeDecodeError:
            continue
    if utf16:
        raise RDAnalysisError(f"{label}: broken UTF-16 text (expected a CSV file)")
    raise RDAnalysisError(f"{label}: text is neither UTF-8 nor GB18030/GBK (expected a CSV file)")


#: Bytes decoded at a time when a CSV file's encoding is checked (the text is not kept).
DECODE_CHUNK = 1 << 22


def _decoded_head(data: bytes, encoding: str, n: int = 8192) -> str:
    """The first ``n`` characters of ``data``; UnicodeDecodeError unless all of it decodes.
    Decoded a chunk at a time, so a large file is never held as text as well as bytes."""
    decoder = codecs.getincrementaldecoder(encoding)()
    view = memoryview(data)
    head = ""
    for start in range(0, len(data), DECODE_CHUNK):
        text = decoder.decode(view[start : start + DECODE_CHUNK])
        if len(head) < n:
            head += text[: n - len(head)]
    return head + decoder.decode(b"", final=True)[: n - len(head)]


def _read_csv(data: bytes, encoding: str, sample: str, label: str) -> Grid:
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = _csv_rows(data, encoding, dialect, label)
    head = list(itertools.islice(rows, HEAD_ROWS))
    grid = Grid(label, None, [r for r, _ in head], [n for _, n in head], rest=rows)
    if encoding == "gb18030":
        grid.notes.append(Problem(label, None, None, "read as GB18030/GBK text", severity="note"))
    return grid


def _csv_rows(data: bytes, encoding: str, dialect, label: str) -> Rows:
    """Each row of a CSV file's bytes and the line it starts on (a quoted cell may span
    lines)."""
    with io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="") as lines:
        reader = csv.reader(lines, dialect)
        start = 1
        try:
            for row in reader:
                yield row, start
                start = reader.line_num + 1
        except csv.Error as exc:
            problem = Problem(
                label,
                reader.line_num,
                None,
                f"not readable as CSV ({exc})",
                f"cells of at most {csv.field_size_limit():,} characters and balanced quotes",
            )
            raise RDAnalysisError(str(problem), [problem]) from None


def _load_book(data: bytes, label: str, data_only: bool):
    # lazy: openpyxl is 0.25 s, only for an Excel file
    import openpyxl  # only for .xlsx files (a CSV check does not pay for it)

    try:
        return openpyxl.load_workbook(io.BytesIO(data), data_only=data_only)
    except Exception as exc:  # openpyxl raises many types for a broken zip/xml
        raise RDAnalysisError(f"{label}: not a readable .xlsx workbook ({exc})") from None


def _has_formulas(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return any(
            b"<f>" in z.read(n) or b"<f " in z.read(n)
            for n in z.namelist()
            if n.startswith("xl/worksheets/") and n.endswith(".xml")
        )


def _cell_value(cell, formula_cell) -> object:
    """What the user sees in ``cell``: a percentage-formatted number as 'x%', a formula without
    a saved value as ``Unsaved``."""
    value = cell.value
    if value is None and formula_cell is not None:
        formula = formula_cell.value
        if isinstance(formula, str) and formula.startswith("="):
            return Unsaved(formula)
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if is_number and "%" in (cell.number_format or ""):
        return f"{value * 100:.12g}%"
    return value


def _read_xlsx(data: bytes, label: str) -> list[Grid]:
    book = _load_book(data, label, data_only=True)
    try:
        formulas = _load_book(data, label, data_only=False) if _has_formulas(data) else None
    except zipfile.BadZipFile:
        formulas = None
    grids = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":  # hidden or "very hidden": not what Excel shows
            grids.append(_hidden_sheet(label, sheet))
            continue
        fsheet = formulas[sheet.title] if formulas is not None else None
        values = [
            [
                _cell_value(c, fsheet.cell(c.row, c.column) if fsheet is not None else None)
                for c in row
            ]
            for row in sheet.iter_rows()
        ]
        grid = Grid(label, sheet.title, values, list(range(1, len(values) + 1)))
        _spread_merged(sheet, grid)
        _drop_hidden(sheet, grid)
        grids.append(grid)
    return grids


#: What a bureau sees in Excel/WPS is what it means: hidden rows (a draft, an old figure, rows
#: a filter hides), hidden columns and hidden sheets are not read, and a note names them.
HIDDEN_EXPECTED = "unhide them (Excel/WPS: select around them, right-click, 取消隐藏) to read them"


def _hidden_sheet(label: str, sheet) -> Grid:
    grid = Grid(label, sheet.title, [], [], hidden=True)
    grid.notes.append(
        Problem(
            grid.label,
            None,
            None,
            f"hidden sheet '{sheet.title}' not read (what Excel shows is what is read)",
            "the sheet unhidden (right-click a sheet tab, 取消隐藏) if it holds data to read",
            "note",
        )
    )
    return grid


def _hidden_columns(sheet) -> set[int]:
    """1-based indices of the hidden columns (a dimension may cover a range of columns)."""
    # lazy: openpyxl, 0.25 s (see _load_book)
    from openpyxl.utils import column_index_from_string

    hidden = set()
    for key, dim in sheet.column_dimensions.items():
        if dim.hidden:
            first = dim.min or column_index_from_string(key)
            hidden.update(range(first, (dim.max or first) + 1))
    return hidden


def _spans_text(numbers: list[int]) -> str:
    """'4-5, 9' for [4, 5, 9]."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(f"{a}-{b}" if b > a else f"{a}" for a, b in runs)


def _drop_hidden(sheet, grid: Grid) -> None:
    """Take the hidden rows out of ``grid`` and blank its hidden columns, with a note naming
    them (after merged cells are spread: a merged header over a hidden column still names the
    visible ones)."""
    # lazy: openpyxl, 0.25 s (see _load_book)
    from openpyxl.utils import get_column_letter

    rows = {r for r, dim in sheet.row_dimensions.items() if dim.hidden and r <= len(grid.rows)}
    columns = {c for c in _hidden_columns(sheet) if any(c <= len(row) for row in grid.rows)}
    if not rows and not columns:
        return
    kept, numbers, spans = [], [], {}
    for i, (row, number) in enumerate(zip(grid.rows, grid.numbers, strict=True)):
        if number in rows:
            continue
        for c in columns:
            if c <= len(row):
                row[c - 1] = None
        if i in grid.spans:
            spans[len(kept)] = {k: v for k, v in grid.spans[i].items() if k + 1 not in columns}
        kept.append(row)
        numbers.append(number)
    grid.rows, grid.numbers, grid.spans = kept, numbers, spans
    what = []
    if rows:
        what.append(f"hidden row(s) {_spans_text(list(rows))}")
    if columns:
        what.append(f"hidden column(s) {', '.join(get_column_letter(c) for c in sorted(columns))}")
    grid.notes.append(
        Problem(
            grid.label,
            None,
            None,
            f"{' and '.join(what)} not read (what Excel shows is what is read)",
            HIDDEN_EXPECTED,
            "note",
        )
    )


def _spread_merged(sheet, grid: Grid) -> None:
    """A merged cell holds its value in the top-left cell only: copy it over the whole range,
    so a header merged across columns or rows names every column it covers; ranges wider than
    a column are recorded in ``grid.spans`` (the reader then takes the one column of values
    under a merged header, not a repeated column)."""
    values = grid.rows
    for merged in sheet.merged_cells.ranges:
        top = sheet.cell(merged.min_row, merged.min_col).value
        for r in range(merged.min_row, min(merged.max_row, len(values)) + 1):
            row = values[r - 1]
            for c in range(merged.min_col, min(merged.max_col, len(row)) + 1):
                row[c - 1] = top
                if merged.max_col > merged.min_col:
                    grid.spans.setdefault(r - 1, {})[c - 1] = merged.min_col - 1


@dataclass
class Table:
    """A grid below its header: ``columns`` are header texts (two-row headers joined with '|').

    ``rows`` / ``numbers`` are the rows read so far, ``rest`` the rows still to read (blank and
    total rows dropped as they come, each total row with a note); ``take`` hands them out.
    """

    label: str
    columns: list[str]
    rows: list[list[object]]
    numbers: list[int]
    notes: list[Problem]
    rest: Rows | None = None
    taken: int = 0  # rows handed out by ``take``
    #: column index -> first column of the merged header cell over it (``Grid.spans``)
    spans: dict[int, int] = field(default_factory=dict)
    #: the unit the title rows state for the whole table ('单位:万元'), and that row's number
    unit: tuple[str, int] | None = None
    _columns: list[tuple] | None = field(default=None, repr=False)

    def column(self, i: int) -> tuple:
        """The cells of column ``i`` of ``rows`` (None where a row is shorter). The rows are
        turned into columns once, in C, when a column is first asked for."""
        if self._columns is None:
            self._columns = list(itertools.zip_longest(*self.rows))
        return self._columns[i] if i < len(self._columns) else (None,) * len(self.rows)

    def take(self, n: int | None = None) -> tuple[list[list[object]], list[int]]:
        """The next ``n`` data rows (all when None) and their numbers; [] when none are left."""
        if self.rest is not None and (n is None or len(self.rows) < n):
            more = self.rest if n is None else itertools.islice(self.rest, n - len(self.rows))
            for row, number in _data_rows(self.label, more, self.notes):
                self.rows.append(row)
                self.numbers.append(number)
            if n is None or len(self.rows) < n:
                self.rest = None  # exhausted
        self._columns = None  # the rows change
        k = len(self.rows) if n is None else min(n, len(self.rows))
        rows, numbers = self.rows[:k], self.numbers[:k]
        del self.rows[:k], self.numbers[:k]
        self.taken += k
        return rows, numbers


def find_header(
    grid: Grid,
    is_header: Callable[[list[str]], bool],
    names_part: Callable[[str], bool] | None = None,
) -> Table | None:
    """Locate the header row (title rows above it are skipped) and return the table under it.

    ``is_header`` says whether a row of normalised texts names the table's key columns. A second
    header row directly under it (units, or sub-headers under a merged cell) is joined with '|';
    ``names_part`` says whether a sub-header text names a part (a sector such as 合计 or
    其中:企业) of the measure above it. A unit the title rows state ('单位:万元') is kept in
    ``Table.unit``.
    """
    for i, row in enumerate(grid.rows[:HEADER_SEARCH_ROWS]):
        texts = [normalise_text(c) for c in row]
        if not is_header(texts):
            continue
        start = i + 1
        columns = texts
        spans = grid.spans.get(i, {})
        if start < len(grid.rows) and _is_subheader(grid.rows[start], texts, spans, names_part):
            sub = [normalise_text(c) for c in grid.rows[start]]
            tops = _carried(texts, sub)
            columns = [_join(top, low) for top, low in zip(tops, sub, strict=False)]
            columns += texts[len(sub) :]
            start += 1
        notes = list(grid.notes)
        if i > 0:
            notes.append(
                Problem(
                    grid.label,
                    grid.numbers[i],
                    None,
                    f"header found on row {grid.numbers[i]}; {i} row(s) above it skipped",
                    severity="note",
                )
            )
        head = zip(grid.rows[start:], grid.numbers[start:], strict=True)
        body = list(_data_rows(grid.label, head, notes))
        rest, grid.rest = grid.rest, None  # the table reads the rest of the file
        rows, numbers = [r for r, _ in body], [n for _, n in body]
        unit = _title_unit(grid.rows[:i], grid.numbers[:i])
        return Table(grid.label, columns, rows, numbers, notes, rest, spans=spans, unit=unit)
    return None


#: A unit stated for a whole table in its title rows: 单位:万元, 计量单位：亿元, (单位:万元).
_TITLE_UNIT = re.compile(r"(?:计量|金额)?单位\s*:\s*(?P<unit>亿元|万元|千元|元|万人|人)\s*\)?$")


def _title_unit(rows: list[list[object]], numbers: list[int]) -> tuple[str, int] | None:
    """(unit, row number) of the title rows' 单位:… statement, if they make one."""
    for row, number in zip(rows, numbers, strict=True):
        for cell in row:
            match = _TITLE_UNIT.search(normalise_text(cell)) if cell else None
            if match:
                return match["unit"], number
    return None


def _carried(header: list[str], sub: list[str]) -> list[str]:
    """The header texts, a blank one under a group of sub-headers taking the text to its left
    (a CSV's spelling of a header cell merged over several columns: 'R&D经费,' over
    '合计,其中:企业')."""
    tops, carry = [], ""
    for k, top in enumerate(header):
        low = sub[k] if k < len(sub) else ""
        if top:
            carry = top if low else ""
        elif low and carry:
            top = carry
        else:
            carry = ""
        tops.append(top)
    return tops


def _join(top: str, low: str) -> str:
    if not low or low == top:
        return top
    if not top:
        return low
    if low.startswith(("(", "（")):
        return f"{top}{low}"
    return f"{top}({low})" if low in UNITS else f"{top}|{low}"


def _is_subheader(
    row: list[object],
    header: list[str],
    spans: dict[int, int] | None = None,
    names_part: Callable[[str], bool] | None = None,
) -> bool:
    """A row under the header that holds no numbers and repeats or refines header cells: units,
    repeats of the cells above, or (``names_part``) the parts of a measure under a header cell
    merged over their columns (or, in a CSV, a blank header cell right of the measure)."""
    texts = [normalise_text(c) for c in row]
    if not any(texts):
        return False
    for text in texts:
        if text and _looks_numeric(text):
            return False
    if all(t in UNITS for t in texts if t):
        return True
    repeats = sum(1 for t, h in zip(texts, header, strict=False) if t and t == h)
    if repeats >= 1:
        return True
    return names_part is not None and _names_parts(texts, header, spans or {}, names_part)


def _names_parts(
    texts: list[str], header: list[str], spans: dict[int, int], names_part: Callable[[str], bool]
) -> bool:
    """Every text names a part (or a unit), and at least one sits under a merged header cell
    or a blank one (a total row '合计,,,' under 地区 is not a sub-header)."""
    grouped = False
    for k, text in enumerate(texts):
        if not text:
            continue
        if text not in UNITS and not names_part(text):
            return False
        grouped |= k in spans or (k < len(header) and not header[k]) or k >= len(header)
    return grouped


def _looks_numeric(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


#: A table's first column repeats (region names): each distinct text is normalised once.
_normalised = functools.lru_cache(maxsize=4096)(normalise_text)


def _first_text(row: list[object]) -> str:
    """The first non-blank cell of ``row``, normalised ('' for a blank row). Cheap on the usual
    row, whose first cell is plain text."""
    for cell in row:
        if cell is None or cell == "":
            continue
        text = _normalised(cell) if type(cell) is str else normalise_text(cell)
        if text:
            return text
    return ""


def _data_rows(label: str, rows, notes: list[Problem]) -> Rows:
    """``rows`` ((row, number) pairs) without blank rows and total rows (a note for each)."""
    for row, number in rows:
        first = _first_text(row)
        if not first:
            continue
        if first.casefold().replace(" ", "") in TOTAL_ROW_LABELS:
            notes.append(
                Problem(
                    label,
                    number,
                    None,
                    f"total row '{first}' skipped (totals are computed from the rows above)",
                    severity="note",
                )
            )
            continue
        yield row, number

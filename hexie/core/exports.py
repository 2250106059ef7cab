"""Export a list to .xlsx: one helper every list page uses.

    return xlsx_response(queryset, columns, "organizations")

A `Column` names a label (Chinese, translatable), the dotted path of the value on each row and
its kind. Dates are written as real dates, money as Decimal with the 0.00 number format, choices
as their display text; the header row is frozen. Rows stream through openpyxl's write-only mode,
so a large export does not hold the sheet in memory.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WIDTHS = {"text": 24, "date": 12, "datetime": 18, "money": 14, "number": 10, "bool": 8}


@dataclass(frozen=True)
class Column:
    """One column of a list and of its export.

    `path` is a dotted attribute path ("enterprise.region.name") or a callable taking the row. A
    model field with choices shows its display text. `sort` is the `order_by` field a list may
    sort on; `link` makes the cell link to the row's `get_absolute_url`.
    """

    label: Any
    path: str | Callable[[Any], Any]
    kind: str = "text"  # text, date, datetime, money, number, bool
    sort: str | None = None
    link: bool = False
    export: bool = True

    def value(self, row) -> Any:
        if callable(self.path):
            return self.path(row)
        obj: Any = row
        *parents, last = self.path.split(".")
        for name in parents:
            obj = getattr(obj, name, None)
            if obj is None:
                return None
        display = getattr(obj, f"get_{last}_display", None)
        value = display() if callable(display) else getattr(obj, last, None)
        return value() if callable(value) and not hasattr(value, "all") else value


def _cell_value(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if column.kind == "money":
        return Decimal(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, date | int | float | Decimal):  # bool is an int
        return value
    return force_str(value)


NUMBER_FORMATS = {"money": "#,##0.00", "date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm"}


def write_workbook(rows: Iterable, columns: list[Column], title: str = "Sheet1") -> bytes:
    """The .xlsx bytes of `rows` under `columns` (header row frozen)."""
    columns = [c for c in columns if c.export]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=force_str(title)[:31] or "Sheet1")
    ws.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = WIDTHS.get(column.kind, 16)
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="206BC4")
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=force_str(column.label))
        cell.font, cell.fill = header_font, header_fill
        cell.alignment = Alignment(horizontal="center")
        header.append(cell)
    ws.append(header)
    for row in rows:
        cells = []
        for column in columns:
            cell = WriteOnlyCell(ws, value=_cell_value(column, column.value(row)))
            if column.kind in NUMBER_FORMATS:
                cell.number_format = NUMBER_FORMATS[column.kind]
            cells.append(cell)
        ws.append(cells)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(rows: Iterable, columns: list[Column], filename: str, title: str = "") -> HttpResponse:
    """An attachment download of `rows` (a scoped, filtered queryset or any iterable) as .xlsx."""
    if hasattr(rows, "iterator"):
        rows = rows.iterator(chunk_size=2000)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response = HttpResponse(write_workbook(rows, columns, title or filename), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.xlsx"'
    return response

"""Shared by the market's report pages: calling an action on behalf of the
request (errors become 400/403/404 pages) and CSV downloads (UTF-8 with a
BOM so that Excel reads Japanese, CRLF line ends)."""
from __future__ import annotations

import csv
import io
from typing import Any, Iterable

import flask

import ckan.plugins.toolkit as tk


def call_or_abort(action: str, data_dict: dict[str, Any], refusal: str) -> Any:
    """``refusal`` (a msgid) is the 403 message."""
    try:
        return tk.get_action(action)({}, data_dict)
    except tk.ObjectNotFound as e:
        return tk.abort(404, str(e.message or "") or tk._("Not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._(refusal))
    except tk.ValidationError as e:
        return tk.abort(400, "; ".join(m for ms in e.error_dict.values() for m in ms))


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula (a reason, a description
    typed by a user) starts with an apostrophe; numbers, and "-" for
    "none", stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and value != "-":
        return "'" + value
    return value


def csv_bytes(header: list[str], rows: Iterable[Iterable[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable[Any]]) -> flask.Response:
    return flask.Response(csv_bytes(header, rows), headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{filename}"'})

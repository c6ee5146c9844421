"""Validators of the TDPF schema (ckanext-scheming names them in YAML).

Messages are English msgids translated in our .po, so a Japanese user
reads 「全国地方公共団体コード 131015 の検査数字が正しくありません（正: 131016）」
and an English one the same in English. Nothing is saved when any fails."""
from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import missing

from ckanext.scheming.validation import scheming_validator

from ..vocab import choices, formats, licences, municipality
from .action_input import (
    tdpf_bool,
    tdpf_if_given,
    tdpf_ignore_empty,
    tdpf_stripped,
    tdpf_whole_number,
)
from .gates import tdpf_flag, tdpf_id_string, tdpf_safe_text, tdpf_text, tdpf_text_list

__all__ = [
    "tdpf_whole_number", "tdpf_bool", "tdpf_stripped", "tdpf_ignore_empty",
    "tdpf_if_given",
    "tdpf_id_string", "tdpf_text", "tdpf_safe_text", "tdpf_text_list", "tdpf_flag",
    "tdpf_choice", "tdpf_multiple_choice", "tdpf_cadde_choice",
    "tdpf_cadde_multiple_choice", "tdpf_date", "tdpf_temporal_order",
    "tdpf_email", "tdpf_http_url", "tdpf_license", "tdpf_municipality_codes",
    "tdpf_municipality_code", "tdpf_geojson", "tdpf_json_object", "tdpf_format",
    "tdpf_media_type", "tdpf_byte_size",
]

_ = tk._
Invalid = tk.Invalid
_OTHER = "その他"
_GEOJSON_TYPES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
                  "MultiPolygon", "GeometryCollection", "Feature", "FeatureCollection"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MEDIA_TYPE = re.compile(r"^[a-z0-9][\w.+-]*/[\w.+-]+$", re.I)


def _nfkc(value: Any) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip()


def _is_empty(value: Any) -> bool:
    return value is missing or value is None or value in ("", [])


def _as_list(value: Any) -> list[str]:
    """Lists arrive as lists (API), JSON strings (stored) or comma/space
    separated text (forms, CSV imports)."""
    if isinstance(value, (list, tuple)):
        items = value
    else:
        text = str(value).strip()
        if text.startswith("["):
            try:
                items = json.loads(text)
            except ValueError:
                raise Invalid(_("Not a valid list: {value}").format(value=text)) from None
        else:
            items = re.split(r"[,、，\s]+", text)
    return [str(i).strip() for i in items if str(i).strip()]


def _vocab(field: dict) -> list[choices.Choice]:
    return choices.LISTS[field["tdpf_vocab"]]


def _unknown_choice(field: dict, value: str) -> Invalid:
    allowed = "、".join(v for v, _ja, _en in _vocab(field))
    return Invalid(_("\"{value}\" is not one of the allowed values: {allowed}")
                   .format(value=value, allowed=allowed))


@scheming_validator
def tdpf_choice(field, schema):
    values = {v for v, _ja, _en in _vocab(field)}

    def validator(value):
        if _is_empty(value):
            return value
        if value not in values:
            raise _unknown_choice(field, value)
        return value
    return validator


@scheming_validator
def tdpf_multiple_choice(field, schema):
    values = [v for v, _ja, _en in _vocab(field)]

    def validator(value):
        if _is_empty(value):
            return value
        items = _as_list(value)
        for item in items:
            if item not in values:
                raise _unknown_choice(field, item)
        # Vocabulary order, no duplicates: stable facets and diffs.
        return json.dumps([v for v in values if v in items], ensure_ascii=False)
    return validator


def _cadde_value(field: dict, value: str) -> str:
    value = _nfkc(value)
    values = [v for v, _ja, _en in _vocab(field)]
    if value in values:
        return value
    # CADDE stores free text for "other" as その他(自由記述).
    if (_OTHER in values and value.startswith(_OTHER + "(") and value.endswith(")")
            and len(value) > len(_OTHER) + 2):
        return value
    raise _unknown_choice(field, value)


@scheming_validator
def tdpf_cadde_choice(field, schema):
    def validator(value):
        return value if _is_empty(value) else _cadde_value(field, value)
    return validator


@scheming_validator
def tdpf_cadde_multiple_choice(field, schema):
    def validator(value):
        if _is_empty(value):
            return value
        items = [_cadde_value(field, v) for v in _as_list(value)]
        return json.dumps(list(dict.fromkeys(items)), ensure_ascii=False)
    return validator


def parse_date(value: Any) -> dt.date:
    """ISO dates, also 2024/4/1 and full-width digits; raises Invalid."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _nfkc(value)
    m = re.fullmatch(
        r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?", text)
    try:
        if not m:
            raise ValueError
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise Invalid(_("\"{value}\" is not a valid date. Use YYYY-MM-DD, "
                        "for example 2024-04-01.").format(value=text)) from None


def tdpf_date(value):
    return value if _is_empty(value) else parse_date(value).isoformat()


def tdpf_temporal_order(key, data, errors, context):
    end = data.get(key)
    start = data.get(key[:-1] + ("temporal_start",))
    if _is_empty(end) or _is_empty(start) or errors.get(key):
        return
    try:
        start_d, end_d = parse_date(start), parse_date(end)
        if end_d < start_d:
            errors[key].append(_("The end of the temporal coverage ({end}) is "
                                 "before its start ({start}).").format(
                                     end=end_d.isoformat(), start=start_d.isoformat()))
    except Invalid:
        return  # the start date's own error is already reported


def tdpf_email(value):
    if _is_empty(value):
        return value
    if not _EMAIL.match(value):
        raise Invalid(_("\"{value}\" is not a valid email address.").format(value=value))
    return value


def tdpf_http_url(value):
    if _is_empty(value):
        return value
    if not re.match(r"^https?://[^\s/]+", value, re.I):
        raise Invalid(_("\"{value}\" is not a web address: it must start with "
                        "http:// or https://.").format(value=value))
    return value


def tdpf_license(value):
    if _is_empty(value):
        raise Invalid(_("Choose a licence. Conditional or paid data uses "
                        "\"Conditional use\"."))
    tdpf_text(value)
    lid = value if value in licences.licences() else licences.normalise(value)
    if not lid:
        known = "、".join(licences.licences())
        raise Invalid(_("Unknown licence \"{value}\". Use one of: {known}")
                      .format(value=value, known=known))
    return lid


def _code_message(err: municipality.CodeError) -> str:
    if err.reason == "check_digit":
        return _("The check digit of local government code {code} is wrong "
                 "(correct: {correct}).").format(code=err.code, correct=err.correct)
    if err.reason == "unknown":
        return _("Local government code {code} does not exist.").format(code=err.code)
    return _("Local government code \"{code}\" must be 6 digits "
             "(e.g. 131016 for Chiyoda).").format(code=err.code)


def tdpf_municipality_code(value):
    if _is_empty(value):
        return value
    try:
        return municipality.validate(value)
    except municipality.CodeError as err:
        raise Invalid(_code_message(err)) from None


def tdpf_municipality_codes(key, data, errors, context):
    value = data.get(key)
    if _is_empty(value):
        return
    try:
        items = _as_list(value)
    except Invalid as err:
        errors[key].append(err.error)
        return
    codes = []
    for item in items:
        try:
            codes.append(municipality.validate(item))
        except municipality.CodeError as err:
            errors[key].append(_code_message(err))
    if not errors[key]:
        data[key] = json.dumps(list(dict.fromkeys(codes)))


def tdpf_geojson(value):
    if _is_empty(value):
        return value
    try:
        geo = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        raise Invalid(_("Spatial coverage is not valid JSON.")) from None
    if not isinstance(geo, dict) or geo.get("type") not in _GEOJSON_TYPES:
        raise Invalid(_("Spatial coverage must be a GeoJSON geometry, Feature or "
                        "FeatureCollection with a \"type\"."))
    return json.dumps(geo, ensure_ascii=False)


def tdpf_json_object(value):
    if _is_empty(value):
        return value
    try:
        obj = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        raise Invalid(_("Not valid JSON.")) from None
    if not isinstance(obj, dict):
        raise Invalid(_("A JSON object ({...}) is required."))
    return json.dumps(obj, ensure_ascii=False)


def tdpf_format(value):
    return value if _is_empty(value) else formats.normalise(value)


def tdpf_media_type(value):
    if _is_empty(value):
        return value
    v = value.strip().lower()
    if not _MEDIA_TYPE.match(v):
        raise Invalid(_("\"{value}\" is not a media type such as text/csv.")
                      .format(value=value))
    return v


def tdpf_byte_size(value):
    if _is_empty(value):
        return None  # the form's empty field: "" would reach a bigint column
    text = _nfkc(value).replace(",", "")
    if not text.isdigit():
        raise Invalid(_("Size must be a whole number of bytes."))
    return int(text)

"""Type gates in front of core actions whose own code answers 500 to a
value of the wrong JSON type (CKAN 2.12, ckanext-dcat 2): ``package_search``
(``fl: 1``, ``include_private: "x"``, ``rows: " "``, ``start: ""``...),
``package_create/update/patch`` (``private: [true]``, ``license_id: 1``,
and ``url: 1`` of a harvest source), ``resource_search`` (``query: 1``) and
ckanext-dcat's catalog actions (``format: "garbage"``, ``modified_since: 7``,
huge ``page``, ``profiles`` not a list of known names). Also those the
OpenAPI fuzz (tests/tdpf/openapi/test_fuzz.py) found: ``bulk_update_public``
(``datasets`` not texts), ``harvest_source_show`` (``url: 1``),
``followee_list`` (``q: [1]``), the user
create/update texts (``about: false``), the activity lists' ``before``/
``after`` beyond what datetime holds. Every input also meets
``ckanext.tdpf.inputs``.

A gate only refuses, naming the field; what passes goes on unchanged to the
core action, which keeps its own validation. The checks are navl-style
validators (``value -> value``, raising ``Invalid``), registered under the
same names for schemas to use."""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, cast

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import authz
from ckan.types import Action, Context, DataDict, ErrorDict

from .. import inputs
from ..params import MAX_NUMBER, not_an_id
from ..withholding import ACTIVITY_LISTS
from .action_input import is_empty, truth

__all__ = ["tdpf_flag", "tdpf_id_string", "tdpf_safe_text", "tdpf_text", "tdpf_text_list"]

Invalid = tk.Invalid
Check = Callable[[Any], Any]


def _text_or_invalid(value: str) -> str:
    problem = inputs.text_problem(value)
    if problem:
        raise Invalid(problem)
    return value


def tdpf_id_string(value: Any) -> Any:
    """Text naming one object (an id or name): not a number, list or
    object, no NUL or unpaired surrogate."""
    if not isinstance(value, str):
        raise Invalid(not_an_id())
    return _text_or_invalid(value)


def tdpf_text(value: Any) -> Any:
    """Text (not a number, list, object or true/false), no NUL or unpaired
    surrogate."""
    if not isinstance(value, str):
        raise Invalid(tk._("Must be text"))
    return _text_or_invalid(value)


def tdpf_safe_text(value: Any) -> Any:
    """Like CKAN's unicode_safe (a number is taken as its text), but a list,
    an object or true/false is refused instead of stored as its Python
    spelling."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise Invalid(tk._("Must be text, not a list, an object or true/false"))
    return _text_or_invalid(value) if isinstance(value, str) else value


def _list_of_text(value: Any) -> Any:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise Invalid(tk._("Must be a list of texts"))
    for item in value:
        _text_or_invalid(item)
    return value


def tdpf_text_list(value: Any) -> Any:
    """A text or a list of texts."""
    if isinstance(value, str):
        return _text_or_invalid(value)
    if not isinstance(value, (list, tuple)):
        raise Invalid(tk._("Must be a text or a list of texts"))
    return _list_of_text(value)


def tdpf_flag(value: Any) -> Any:
    """true/false (a JSON boolean, or a word CKAN's asbool takes); no value
    (null, "") passes."""
    if not is_empty(value):
        truth(value)
    return value


def _whole(low: int = 0, high: int = MAX_NUMBER) -> Check:
    """A whole number from ``low`` to ``high``, or its digits as text
    (CKAN's own int_validator takes " " and "" as nothing, and then fails)."""
    def check(value: Any) -> Any:
        try:
            number = int(value.strip() if isinstance(value, str) else value)
        except (TypeError, ValueError, OverflowError):
            number = None
        if (number is None or isinstance(value, (bool, float))
                or not low <= number <= high):
            raise Invalid(tk._("Must be a whole number from {} to {}").format(low, high))
        return value
    return check


def _query_pairs(value: Any) -> Any:
    """resource_search's ``query``: ``field:term`` texts."""
    pairs = [value] if isinstance(value, str) else _list_of_text(value)
    if not all(":" in pair for pair in pairs):
        raise Invalid(tk._("Give each search term as field:term, e.g. url:example.jp"))
    return value


def _rdf_format(value: Any) -> Any:
    from rdflib.plugin import plugins
    from rdflib.serializer import Serializer

    from ckanext.dcat.utils import url_to_rdflib_format

    known = {plugin.name for plugin in plugins(kind=Serializer)}
    if not isinstance(value, str) or url_to_rdflib_format(value) not in known:
        names = ["ttl", "rdf", "xml", "jsonld"] + sorted(n for n in known if "/" not in n)
        raise Invalid(tk._("Unknown format: use one of {}").format(", ".join(names)))
    return value


def _sort(value: Any) -> Any:
    """A sort order (core group_list splits it at commas and fails on a
    blank part: "", " ", "name,")."""
    if not all(part.strip() for part in tdpf_text(value).split(",")):
        raise Invalid(tk._("Give a sort order such as \"name asc\""))
    return value


def _object(value: Any) -> Any:
    if not isinstance(value, dict):
        raise Invalid(tk._("Must be an object (the dictionary the show action returns)"))
    return value


def _object_with(*keys: str) -> Check:
    """An object whose ``keys`` are texts (the core reads them with [])."""
    def check(value: Any) -> Any:
        _object(value)
        missing = [key for key in keys if not isinstance(value.get(key), str)]
        if missing:
            raise Invalid(tk._("Give {} (text) in the object").format(", ".join(missing)))
        return value
    return check


def _one_of(*choices: str) -> Check:
    def check(value: Any) -> Any:
        if value not in choices:
            raise Invalid(tk._("Must be one of {}").format(", ".join(choices)))
        return value
    return check


def _rdf_profiles(value: Any) -> Any:
    """ckanext-dcat's profile names: a list (the action reads a text letter
    by letter), each one registered."""
    from importlib.metadata import entry_points

    from ckanext.dcat.processors import RDF_PROFILES_ENTRY_POINT_GROUP

    known = sorted(ep.name for ep in entry_points(group=RDF_PROFILES_ENTRY_POINT_GROUP))
    if not isinstance(value, (list, tuple)) or any(name not in known for name in value):
        raise Invalid(tk._("Give the profiles as a list of names, e.g. [\"tdpf\"], each one "
                           "of {}").format(", ".join(known)))
    return value


# ckanext-activity's before/after (seconds since 1970): beyond this year
# 5138 Python's datetime overflows
_LATEST_TIMESTAMP = 10 ** 11


def _timestamp(value: Any) -> Any:
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError, OverflowError):
        number = math.nan
    if isinstance(value, bool) or not 0 <= number <= _LATEST_TIMESTAMP:
        raise Invalid(tk._("Must be a time in seconds since 1970 (from 0 to {})").format(
            _LATEST_TIMESTAMP))
    return value


def _date(value: Any) -> Any:
    from dateutil.parser import parse

    try:
        parse(tdpf_text(value))
    except (Invalid, ValueError, OverflowError):
        raise Invalid(tk._("Must be a date and time in ISO 8601, e.g. 2024-04-01 or "
                           "2024-04-01T09:00:00+09:00")) from None
    return value


_SEARCH = {
    **dict.fromkeys(("q", "fq", "sort", "qf", "facet", "df", "q.op"), (tdpf_safe_text,)),
    "fl": (tdpf_text_list,), "fq_list": (_list_of_text,),
    **dict.fromkeys(("rows", "start", "facet.mincount"), (_whole(),)),
    "facet.limit": (_whole(-1),),
    **dict.fromkeys(("include_private", "include_drafts", "include_deleted",
                     "use_default_schema", "hl", "ext_any_words"), (tdpf_flag,)),
}
# not "id": the edge checks it on the API, and CKAN itself passes a 1-tuple
# from a query row (bulk_update_public), which its SQL takes
_DATASET = {
    **dict.fromkeys(("name", "owner_org"), (tdpf_id_string,)),
    **dict.fromkeys(("type", "license_id", "url", "state", "source_type"), (tdpf_text,)),
    **dict.fromkeys(("title", "notes"), (tdpf_safe_text,)),
    "private": (tdpf_flag,),
}
_GROUPS = {"sort": (_sort,), "order_by": (_sort,),
           **dict.fromkeys(("groups", "organizations"), (_list_of_text,))}
_CATALOG = {
    "format": (_rdf_format,), "page": (_whole(1),), "modified_since": (_date,),
    **dict.fromkeys(("q", "fq"), (tdpf_safe_text,)), "profiles": (_rdf_profiles,),
}
_USER: dict[str, tuple[Check, ...]] = dict.fromkeys(
    ("name", "email", "password", "fullname", "about", "image_url"), (tdpf_text,))
_BULK = ("bulk_update_public", "bulk_update_private", "bulk_update_delete")
# null is no list: CKAN's bulk updates put "datasets" straight into SQL's IN
# (a 500), and user_list takes a given order_by as a column name (getattr with
# None: a 500); elsewhere null means "not given"
_NULL_IS_WRONG = {(name, "datasets") for name in _BULK} | {("user_list", "order_by")}
SCHEMAS: dict[str, dict[str, tuple[Check, ...]]] = {
    "package_search": _SEARCH,
    "package_create": _DATASET, "package_update": _DATASET, "package_patch": _DATASET,
    "resource_search": {"query": (_query_pairs,), "order_by": (tdpf_text,),
                        "offset": (_whole(),), "limit": (_whole(),)},
    "dcat_catalog_search": _CATALOG, "dcat_catalog_show": _CATALOG,
    "dcat_dataset_show": {"id": (tdpf_id_string,), "format": (_rdf_format,),
                          "profiles": (_rdf_profiles,)},
    "group_list": _GROUPS, "organization_list": _GROUPS,
    "group_autocomplete": {"q": (tdpf_text,)},
    "organization_autocomplete": {"q": (tdpf_text,)},
    "user_list": dict.fromkeys(("q", "email", "order_by"), (tdpf_text,)),
    # CKAN's uploader parses a resource's url before validating it (a number: a 500)
    **dict.fromkeys(("resource_create", "resource_update", "resource_patch"),
                    {"url": (tdpf_text,)}),
    "package_create_default_resource_views": {"package": (_object,)},
    "resource_create_default_resource_views": {"resource": (_object_with("id", "package_id"),)},
    "harvest_source_show_status": {"id": (tdpf_id_string,)},
    "harvest_job_list": {"source_id": (tdpf_id_string,), "status": (tdpf_text,)},
    "harvest_log_list": {"level": (_one_of("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"),),
                         **dict.fromkeys(("limit", "offset", "per_page"), (_whole(),))},
    "harvest_sources_reindex": {},
    "harvest_source_show": {"url": (tdpf_text,)},
    **{name: {"datasets": (_list_of_text,), "org_id": (tdpf_id_string,)}
       for name in _BULK},
    "user_create": _USER, "user_update": _USER, "followee_list": {"q": (tdpf_text,)},
    **{name: dict.fromkeys(("before", "after"), (_timestamp,)) for name in ACTIVITY_LISTS},
    "package_collaborator_list": {"capacity": (tdpf_text,)},
}
# fields the core reads with data_dict[...] (a KeyError, 500, without them)
_REQUIRED = {"group_autocomplete": ("q",), "organization_autocomplete": ("q",),
             "package_create_default_resource_views": ("package",),
             "resource_create_default_resource_views": ("resource",),
             "harvest_source_show_status": ("id",)}
# ckanext-harvest's auth of harvest_job_list reads source_id (only a
# sysadmin lists every job); harvest_log_list has no auth function and
# harvest_sources_reindex's fails for anonymous: both are a sysadmin's
_REQUIRED_UNLESS_SYSADMIN = {"harvest_job_list": ("source_id",)}
# fields the core converts with int(...) even when given as null
_NOT_NULL = {"harvest_log_list": ("limit", "offset", "per_page")}
_SYSADMIN_ONLY = ("harvest_log_list", "harvest_sources_reindex")
# the core's auth asserts there is a user (AssertionError for anonymous)
_SIGNED_IN_ONLY = ("package_collaborator_list",)
# the gated actions the core marks side-effect free (callable with GET)
_READS = ("package_search", "resource_search", "dcat_catalog_search", "dcat_catalog_show",
          "group_list", "organization_list", "group_autocomplete", "organization_autocomplete",
          "user_list", "harvest_source_show_status", "harvest_job_list", "harvest_log_list",
          "harvest_source_show", "followee_list", *ACTIVITY_LISTS)
# "" is no value for these (CKAN's asbool and int validators fail on it)
_EMPTY_IS_MISSING = (tdpf_text, tdpf_safe_text, tdpf_text_list, tdpf_id_string, _date,
                     _timestamp, _rdf_profiles)


def _is_sysadmin(context: Context | None) -> bool:
    if context is None or context.get("ignore_auth"):
        return True  # called from code: the caller decided
    return authz.is_sysadmin(context.get("user"))


def _refused_caller(action: str, context: Context | None) -> None:
    if action in _SYSADMIN_ONLY and not _is_sysadmin(context):
        raise tk.NotAuthorized(tk._("Only a sysadmin may call {}").format(action))
    if action in _SIGNED_IN_ONLY and not (context or {}).get("user") and not _is_sysadmin(context):
        raise tk.NotAuthorized(tk._("Log in to call {}").format(action))


def _required(action: str, context: Context | None) -> tuple[str, ...]:
    required = _REQUIRED.get(action, ())
    if action in _REQUIRED_UNLESS_SYSADMIN and not _is_sysadmin(context):
        required += _REQUIRED_UNLESS_SYSADMIN[action]
    return required


def check(action: str, data_dict: DataDict, context: Context | None = None) -> None:
    """Refuse ``data_dict`` for the core ``action`` when a value has a type
    the core cannot handle, or a field it reads is missing (ValidationError
    naming each field), or the caller is one the core's auth fails on."""
    _refused_caller(action, context)
    errors = inputs.field_errors(data_dict)
    for field in _required(action, context):
        if data_dict.get(field) in (None, "") and field not in errors:
            errors[field] = [tk._("Missing value")]
    for field in _NOT_NULL.get(action, ()):
        if field in data_dict and data_dict[field] is None:
            errors[field] = [tk._("Give a whole number or leave it out")]
    _add_type_errors(action, data_dict, errors)
    if errors:
        raise tk.ValidationError(cast(ErrorDict, errors))


def _add_type_errors(action: str, data_dict: DataDict, errors: dict[str, list[str]]) -> None:
    """The first failing check of each field of the action's schema that has
    no error yet."""
    for field, checks in SCHEMAS[action].items():
        value = data_dict.get(field)
        if field in errors or (value is None and (
                field not in data_dict or (action, field) not in _NULL_IS_WRONG)):
            continue
        for validate in checks:
            if value == "" and validate in _EMPTY_IS_MISSING:
                break
            try:
                validate(value)
            except Invalid as error:
                errors[field] = [error.error]
                break


def _gate(name: str) -> Any:
    @tk.chained_action
    def gate(up: Action, context: Context, data_dict: DataDict):
        check(name, data_dict, context)
        return up(context, data_dict)
    gate.__name__ = name
    gate.__doc__ = f"The core {name}, after ckanext.tdpf.logic.gates.check."
    if _plugin_of(name):
        # CKAN exempts an extension's own actions from its auth audit; the
        # outermost function of a chain carries the exemption, so a gate
        # in front of one must too (ckanext-harvest's harvest_source_show
        # never calls its auth: harvest runs failed on the audit)
        gate.auth_audit_exempt = True
    return gate


def _gated(action: Any, name: str) -> Any:
    """A chained action of ours for ``name``, behind the gate."""
    def gate(up: Action, context: Context, data_dict: DataDict):
        check(name, data_dict, context)
        return action(up, context, data_dict)
    for attribute, value in vars(action).items():
        setattr(gate, attribute, value)
    gate.__name__, gate.__doc__ = action.__name__, action.__doc__
    return gate


def _plugin_of(action: str) -> str | None:
    """The extension a gated action comes from (None: CKAN core)."""
    if action in ACTIVITY_LISTS:
        return "activity"
    return next((plugin for plugin in ("dcat", "harvest") if action.startswith(plugin + "_")),
                None)


def with_gates(own: dict[str, Action]) -> dict[str, Action]:
    """A plugin's actions with the gates added: a chained action of its own
    for a gated name gets the gate in front (ckanext-dcat's gates only when
    that plugin is loaded: a chained action needs the action it chains)."""
    out = dict(own)
    for name in SCHEMAS:
        if name in own:
            out[name] = _gated(own[name], name)
        elif (plugin := _plugin_of(name)) is None or p.plugin_loaded(plugin):
            out[name] = _gate(name)
            if name in _READS:
                out[name] = tk.side_effect_free(out[name])
    return out

"""Replaces ``ckan.lib.dictization.model_dictize.package_dictize``: the
dicts of a chunk of datasets being indexed, from a few queries.

``package_dictize`` asks six queries per dataset (resources, tags, groups,
organisation, relationships both ways) and one more per group for its
member count. Here each is asked once for the chunk, and the rows, of the
same shape as CKAN's own queries return, go through CKAN's own dictize
functions, so the dicts are the same (the bulk index tests compare them).

:func:`serving` makes ``package_dictize`` hand out these dicts, once each,
to ``package_show`` on this thread; anything else gets CKAN's function.
Switched off, a chunk's datasets are dictized one by one by CKAN.
"""
from __future__ import annotations

import contextlib
import copy
import threading
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import false, select

import ckan.lib.dictization as d
from ckan import model
from ckan.lib.dictization import model_dictize
from ckan.lib.helpers import helper_functions as h

REPLACES = "ckan.lib.dictization.model_dictize.package_dictize"
WRITTEN_FOR = {"ckan": "2.12.0"}
IF_OTHER_VERSION = "CKAN's package_dictize runs for each dataset indexed (slower)."

_local = threading.local()
_original = model_dictize.package_dictize


def package_dictize(pkg: model.Package, context: Any,
                    include_plugin_data: bool = False) -> dict[str, Any]:
    """Stands in for CKAN's function."""
    ready = getattr(_local, "ready", None)
    if (ready and pkg.id in ready and not include_plugin_data
            and not context.get("for_edit") and not context.get("for_view")
            and context.get("active", True)):
        context["with_capacity"] = False  # as package_dictize leaves it
        return ready.pop(pkg.id)
    return _original(pkg, context, include_plugin_data)


def install(on: bool) -> None:
    from ..search import backend

    on = on and backend.configured() == backend.POSTGRES
    model_dictize.package_dictize = package_dictize if on else _original


@contextlib.contextmanager
def serving(pkgs: list[model.Package]) -> Iterator[None]:
    """``package_dictize`` answers for ``pkgs`` from memory meanwhile."""
    if model_dictize.package_dictize is not package_dictize:
        yield
        return
    previous = getattr(_local, "ready", None)
    _local.ready = dictize_many(pkgs)
    try:
        yield
    finally:
        _local.ready = previous


def dictize_many(pkgs: list[model.Package]) -> dict[str, dict[str, Any]]:
    # the context package_show gives package_dictize when indexing
    context: Any = {"ignore_auth": True, "use_cache": False, "validate": False,
                    "session": model.Session}
    ids = [p.id for p in pkgs]
    if not ids:
        return {}
    resources = _by(select(model.resource_table).where(
        model.resource_table.c["package_id"].in_(ids)), "package_id")
    tags = _tags(ids)
    groups = _groups(ids, context)
    orgs = _organizations({p.owner_org for p in pkgs if p.owner_org}, context)
    rel = model.package_relationship_table
    subjects = _by(select(rel).where(rel.c["subject_package_id"].in_(ids)),
                   "subject_package_id")
    objects = _by(select(rel).where(rel.c["object_package_id"].in_(ids)),
                  "object_package_id")
    out = {}
    for pkg in pkgs:
        out[pkg.id] = _package(pkg, context, resources.get(pkg.id, []), tags.get(pkg.id, []),
                               [_copy(g) for g in groups.get(pkg.id, [])],
                               _copy(orgs.get(pkg.owner_org or "")),
                               subjects.get(pkg.id, []), objects.get(pkg.id, []))
    return out


def _package(pkg, context, resources, tags, groups, organization,
             subjects, objects) -> dict[str, Any]:
    """package_dictize's steps, in its order (keys keep its order too)."""
    result = d.table_dictize(pkg, context)
    if result.get("title"):
        result["title"] = result["title"].strip()
    result.pop("plugin_data", None)
    result["resources"] = model_dictize.resource_list_dictize(resources, context)
    result["num_resources"] = len(result["resources"])
    result["tags"] = d.obj_list_dictize(tags, context, lambda x: x["name"])
    result["num_tags"] = len(result["tags"])
    for tag in result["tags"]:
        tag["display_name"] = tag["name"]
    result["extras"] = [{"key": k, "value": v} for k, v in (result["extras"] or {}).items()]
    result["groups"] = sorted(groups, key=lambda x: h.strxfrm(x["display_name"]))
    result["organization"] = organization
    result["relationships_as_subject"] = d.obj_list_dictize(subjects, context)
    result["relationships_as_object"] = d.obj_list_dictize(objects, context)
    result["isopen"] = pkg.isopen()
    result["type"] = pkg.type or "dataset"
    if pkg.license and pkg.license.url:
        result["license_url"] = pkg.license.url
        result["license_title"] = pkg.license.title.split("::")[-1]
    elif pkg.license:
        result["license_title"] = pkg.license.title
    else:
        result["license_title"] = pkg.license_id
    result["metadata_modified"] = pkg.metadata_modified.isoformat()
    result["metadata_created"] = (pkg.metadata_created.isoformat()
                                  if pkg.metadata_created else None)
    return result


def _copy(shared: dict | None) -> dict | None:
    """A dataset's own copy of a group or organisation dict (flat but for
    the odd list: deepcopy of every value would cost more than all else)."""
    if shared is None:
        return None
    return {k: copy.deepcopy(v) if isinstance(v, (dict, list)) else v
            for k, v in shared.items()}


def _by(query, column: str) -> dict[str, list]:
    out: dict[str, list] = defaultdict(list)
    for row in model.Session.execute(query):
        out[getattr(row, column)].append(row)
    return out


def _tags(ids: list[str]) -> dict[str, list]:
    """Rows of (tag..., package_tag.state) per dataset, as CKAN selects them:
    the links first, then one row per distinct (tag, state)."""
    tag, pkg_tag = model.tag_table, model.package_tag_table
    links = model.Session.execute(select(
        pkg_tag.c["package_id"], pkg_tag.c["tag_id"], pkg_tag.c["state"], pkg_tag.c["id"]
    ).where(pkg_tag.c["package_id"].in_(ids))).all()
    first = {(t, s): link_id for _p, t, s, link_id in links}
    rows = {(r.id, r.state): r for r in model.Session.execute(
        select(tag, pkg_tag.c["state"]).join(pkg_tag, tag.c["id"] == pkg_tag.c["tag_id"])
        .where(pkg_tag.c["id"].in_(list(first.values()))))} if first else {}
    out: dict[str, list] = defaultdict(list)
    for package_id, tag_id, state, _id in links:
        if (tag_id, state) in rows:  # a link whose tag row is gone has none in CKAN either
            out[package_id].append(rows[(tag_id, state)])
    return out


def _groups(ids: list[str], context: Any) -> dict[str, list[dict]]:
    """Group dicts per dataset: each distinct (group, capacity) dictized
    once by CKAN's group_list_dictize (it asks a member count per group)."""
    member, group = model.member_table, model.group_table
    links = model.Session.execute(select(
        member.c["table_id"], member.c["group_id"], member.c["capacity"], member.c["id"]
    ).join(group, group.c["id"] == member.c["group_id"]).where(
        member.c["table_id"].in_(ids), member.c["state"] == "active",
        group.c["is_organization"] == false())).all()
    first = {(g, c): member_id for _t, g, c, member_id in links}
    if not first:
        return {}
    ctx: Any = dict(context, with_capacity=False)
    dicts = {}
    for row in model.Session.execute(select(group, member.c["capacity"]).join(
            member, group.c["id"] == member.c["group_id"]).where(
            member.c["id"].in_(list(first.values())))):
        rows: Any = [row]  # the rows CKAN's query gives: a group's columns and capacity
        [dictized] = model_dictize.group_list_dictize(rows, ctx, with_package_counts=False)
        dicts[(row.id, row.capacity)] = dictized
    out: dict[str, list] = defaultdict(list)
    for table_id, group_id, capacity, _id in links:
        out[table_id].append(dicts[(group_id, capacity)])
    return out


def _organizations(org_ids: set[str], context: Any) -> dict[str, dict]:
    group = model.group_table
    if not org_ids:
        return {}
    out = {}
    rows = model.Session.execute(select(group).where(
        group.c["id"].in_(list(org_ids))).where(group.c["state"] == "active"))
    for row in rows:
        ctx: Any = dict(context, with_capacity=False)
        [org] = d.obj_list_dictize([row], ctx) or [None]
        if org is not None:
            del org["extras"]
            out[row.id] = org
    return out

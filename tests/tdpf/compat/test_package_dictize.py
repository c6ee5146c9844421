"""compat/package_dictize.py: a chunk's dicts from a few queries are CKAN's
package_dictize of each dataset, key for key and in the same order; inside
``serving`` package_show answers as outside."""
from __future__ import annotations

import sqlalchemy as sa

from ckan import model
from ckan.lib.dictization import model_dictize
from ckan.tests.helpers import call_action

from ckanext.tdpf.compat import package_dictize


def _context() -> dict:
    return {"ignore_auth": True, "use_cache": False, "validate": False,
            "session": model.Session}


def _ordered(value):
    """Contents with their order: dicts as item lists."""
    if isinstance(value, dict):
        return [(k, _ordered(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [_ordered(v) for v in value]
    return value


def test_dicts_of_a_chunk_are_ckans_package_dictize(catalog_ids):
    model.Session.expunge_all()
    pkgs = model.Session.query(model.Package).filter(model.Package.id.in_(catalog_ids)).all()
    ours = package_dictize.dictize_many(pkgs)
    for pkg in pkgs:
        ckans = package_dictize._original(pkg, _context())
        assert _ordered(ours[pkg.id]) == _ordered(ckans), pkg.name
    assert any(d["groups"] for d in ours.values()) and any(d["tags"] for d in ours.values())


def test_package_show_inside_a_chunk_answers_as_outside_from_fewer_queries(catalog_ids):
    assert model_dictize.package_dictize is package_dictize.package_dictize  # installed
    names = [p.name for p in model.Session.query(model.Package).filter(
        model.Package.id.in_(catalog_ids), model.Package.state != "deleted")]
    shown = {n: call_action("package_show", context={"use_cache": False}, id=n)
             for n in names}
    model.Session.expunge_all()
    pkgs = model.Session.query(model.Package).filter(model.Package.id.in_(catalog_ids)).all()
    statements = []
    listen = (model.meta.engine, "before_cursor_execute",
              lambda *args: statements.append(args[2]))
    with package_dictize.serving(pkgs):
        sa.event.listen(*listen)
        try:
            inside = {n: call_action("package_show", context={"use_cache": False}, id=n)
                      for n in names}
        finally:
            sa.event.remove(*listen)
    assert inside == shown
    # CKAN's dictize asks for the resources of each dataset; none here
    assert not [s for s in statements if "WHERE resource.package_id = " in s]

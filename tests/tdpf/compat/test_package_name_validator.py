"""compat/package_name_validator.py: inside a chunk the name check of the
validation answers as CKAN's validator asking the database does."""
from __future__ import annotations

import sqlalchemy as sa

from ckan import logic as ckan_logic
from ckan import model
from ckan.lib.navl.dictization_functions import Invalid

from ckanext.tdpf.compat import package_name_validator


def _name_errors(pkg: model.Package, name: str) -> list:
    """What the name validator of CKAN's schemas reports for ``pkg`` under
    ``name``, as package_show's validation calls it."""
    validator = ckan_logic.get_validator("package_name_validator")
    errors: dict = {("name",): []}
    context = {"package": pkg, "session": model.Session}
    try:
        validator(("name",), {("name",): name, ("id",): pkg.id}, errors, context)
    except Invalid as e:  # too short or long
        return [type(e).__name__]
    return errors[("name",)]


def test_chunk_answers_the_name_check_of_validation_as_the_database_does(catalog_ids):
    pkgs = model.Session.query(model.Package).filter(model.Package.id.in_(catalog_ids)).all()
    shown, other = model.Package.get("grouped"), model.Package.get("private-one")
    cases = [(p, p.name) for p in pkgs] + [(shown, other.name), (shown, "free-name"),
                                            (shown, "x")]
    expected = [_name_errors(p, name) for p, name in cases]
    assert expected[-3:] == [["That URL is already in use."], [], ["Invalid"]]
    statements = []
    listen = (model.meta.engine, "before_cursor_execute",
              lambda *args: statements.append(args[2]))
    with package_name_validator.answering(pkgs):
        assert (ckan_logic.get_validator("package_name_validator")
                is package_name_validator.name_validator)
        sa.event.listen(*listen)
        try:
            assert [_name_errors(p, name) for p, name in cases] == expected
        finally:
            sa.event.remove(*listen)
    # each dataset under its own name from the chunk; other names asked as ever
    assert len(statements) == 3
    assert (ckan_logic.get_validator("package_name_validator")
            is package_name_validator._ckan_name_validator)

"""compat/model_lookups.py: inside ``remembered`` the user and group lookups
answer as CKAN's, from one query per key, on the batch's thread only."""
from __future__ import annotations

import sqlalchemy as sa

import ckan.tests.factories as factories
from ckan import model

from ckanext.tdpf.compat import model_lookups

from tests.threads import in_other_thread


def test_remembered_lookups_answer_as_ckans(clean_db):
    user, org = factories.User(name="site-user"), factories.Organization(name="kita")
    keys = [(model.User.get, user["name"]), (model.User.get, user["id"]),
            (model.User.by_name, user["name"]), (model.Group.get, org["name"]),
            (model.Group.get, org["id"]), (model.User.get, "nobody"),
            (model.Group.get, "no-org")]
    plain = [lookup(key) for lookup, key in keys]
    misses = [(lookup, key) for (lookup, key), found in zip(keys, plain, strict=True)
              if found is None]
    with model_lookups.remembered():
        first = [_current(lookup)(key) for lookup, key in keys]
        again, asked = _counted(lambda: [_current(lookup)(key) for lookup, key in keys])
    assert first == plain and again == plain
    assert plain[0] is not None and len(misses) == 2
    # the second time only the misses ask the database, as often as CKAN's do
    assert asked == _counted(lambda: [lookup(key) for lookup, key in misses])[1] > 0


def _current(lookup):
    """The class's lookup as it is now (replaced or not)."""
    return getattr(lookup.__self__, lookup.__name__)


def _counted(run):
    statements = []
    listen = (model.meta.engine, "before_cursor_execute",
              lambda *args: statements.append(args[2]))
    sa.event.listen(*listen)
    try:
        return run(), len(statements)
    finally:
        sa.event.remove(*listen)


def test_lookups_are_remembered_for_the_batch_thread_only(monkeypatch):
    calls = []

    class Users:
        @classmethod
        def get(cls, name):
            calls.append(name)
            return object()
    monkeypatch.setattr(model_lookups, "LOOKUPS", ((Users, "get"),))
    with model_lookups.remembered():
        first = Users.get("site")
        assert Users.get("site") is first and calls == ["site"]
        other = in_other_thread(lambda: Users.get("site"))
        assert other is not first and calls == ["site", "site"]
    assert isinstance(vars(Users)["get"], classmethod)  # put back
    Users.get("site")
    assert len(calls) == 3

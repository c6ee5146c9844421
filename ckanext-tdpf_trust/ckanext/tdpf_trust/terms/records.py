"""Which policy versions a user still has to accept, and recording that they
did.

A user is asked when a required page's current version is newer than the
one they last accepted. Accounts with no acceptance on record (made through
the API by sysadmins, or before this feature) are not asked for the
built-in draft (version 1): they are asked once an operator publishes a
version of their own."""
from __future__ import annotations

import sqlalchemy as sa

# not `from ckan import model`: this package's own .model submodule would
# shadow it
from ckan.model import Session

from ckanext.tdpf import clock

from ..audit import chain as audit
from ..pages import defaults, store
from .model import Acceptance

REQUIRED_TERMS, REQUIRED_PRIVACY = defaults.TERMS, defaults.PRIVACY
#: the pages every account accepts, and the form's field of each
REQUIRED = {REQUIRED_TERMS: "accept_terms", REQUIRED_PRIVACY: "accept_privacy"}


def required_pages() -> list[dict]:
    """The current versions of the required pages (a page taken down is
    not asked for)."""
    return [page for page in (store.current(name) for name in REQUIRED) if page is not None]


def accepted_versions(user_id: str) -> dict[str, int]:
    rows = Session.execute(
        sa.select(Acceptance.name, sa.func.max(Acceptance.version))
        .where(Acceptance.user_id == user_id, Acceptance.name.in_(list(REQUIRED)))
        .group_by(Acceptance.name)).tuples().all()
    return dict(rows)


def pending(user_id: str) -> list[dict]:
    """The required pages ``user_id`` has not accepted in their current version."""
    accepted = accepted_versions(user_id)
    out = []
    for page in required_pages():
        seen = accepted.get(page["name"])
        if seen is None and page["version"] == defaults.DEFAULT_VERSION:
            continue  # see the module docstring
        if seen is None or seen < page["version"]:
            out.append(page)
    return out


def accept(user_id: str, pages: list[dict], *, via: str) -> list[dict]:
    """Record that ``user_id`` accepted these page versions now (not
    committed); ``via`` says where (``register``, ``login``, ``api``)."""
    now = clock.db_now()
    done = []
    for page in pages:
        Session.add(Acceptance(user_id=user_id, name=page["name"], version=page["version"],
                               accepted=now))
        done.append({"name": page["name"], "version": page["version"]})
    if done:
        audit.record("terms.accept", actor=user_id, object_type="user", object_id=user_id,
                     detail={"accepted": done, "via": via})
    return done


def history(user_id: str) -> list[dict]:
    rows = Session.execute(sa.select(Acceptance).where(Acceptance.user_id == user_id)
                           .order_by(Acceptance.id)).scalars()
    return [{"name": row.name, "version": row.version,
             "accepted": (clock.from_db(row.accepted) or row.accepted).isoformat()}
            for row in rows]

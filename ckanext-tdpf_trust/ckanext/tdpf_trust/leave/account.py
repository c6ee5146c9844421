"""What leaving keeps and deletes, what stops it, and doing it."""
from __future__ import annotations

import secrets

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan.model import ApiToken, Group, Member, Package, Session, User

from ..audit import chain as audit
from ..mfa.model import MfaEnrolment, MfaRecoveryCode
from . import signals

#: emptied on the account (the name stays reserved, as CKAN keeps it)
PROFILE = ("fullname", "about", "image_url", "email")


def _memberships(user: User) -> list[Member]:
    return list(Session.execute(
        sa.select(Member).where(Member.table_id == user.id, Member.table_name == "user",
                                Member.state == "active")).scalars())


def _titles(groups: list[Group]) -> str:
    return "、".join(group.title or group.name for group in groups)


def sole_admin_of(user: User) -> list[Group]:
    """Active organisations whose only active administrator is ``user``:
    leaving would leave them with nobody to manage their members and data."""
    admin = Member.table_name == "user", Member.capacity == "admin", Member.state == "active"
    theirs = sa.select(Member.group_id).where(Member.table_id == user.id, *admin)
    others = sa.select(Member.group_id).where(Member.table_id != user.id, *admin)
    return list(Session.execute(sa.select(Group).where(
        Group.id.in_(theirs), Group.id.not_in(others), Group.is_organization.is_(True),
        Group.state == "active").order_by(Group.name)).scalars())


def blockers(user: User) -> list[str]:
    """Why ``user`` cannot leave now, and what to do about it (empty: they can)."""
    out = []
    if user.sysadmin:
        out.append(tk._("An operator (sysadmin) account cannot leave the platform. Ask another "
                        "operator to remove your sysadmin rights first, then leave."))
    sole = sole_admin_of(user)
    if sole:
        out.append(tk._("You are the only administrator of {names}. Make another member an "
                        "administrator of it first (or ask the operators), then leave.")
                   .format(names=_titles(sole)))
    return out


def _datasets(user: User) -> int:
    return Session.execute(sa.select(sa.func.count()).select_from(Package).where(
        Package.creator_user_id == user.id, Package.state == "active")).scalar() or 0


def _tokens(user: User) -> int:
    return Session.execute(sa.select(sa.func.count()).select_from(ApiToken).where(
        ApiToken.user_id == user.id)).scalar() or 0


def summary(user: User) -> dict:
    """What the explanation page lists."""
    kept = [tk._("The datasets you published ({count}) stay with their organisations "
                 "and remain available.").format(count=_datasets(user)),
            tk._("The audit records of your actions, and of your acceptance of the terms, "
                 "are kept as the platform's policies require."),
            tk._("Your user name stays reserved and cannot be registered again.")]
    deleted = [tk._("Your profile: full name, email address, description and picture."),
               tk._("Your password and your API tokens ({count}): nobody can log in "
                    "as you any more.").format(count=_tokens(user)),
               tk._("Your multi-factor authentication settings.")]
    groups = [member.group for member in _memberships(user) if member.group is not None]
    if groups:
        deleted.append(tk._("Your memberships of {names}.").format(names=_titles(groups)))
    for answer in signals.answers(signals.summary_signal, user.id):
        kept += answer.get("kept") or []
        deleted += answer.get("deleted") or []
    return {"kept": kept, "deleted": deleted, "blockers": blockers(user)}


def leave(user: User) -> dict:
    """Delete the account (committed, with its audit record). The caller
    has checked ``blockers``."""
    counts = {"api_tokens": _tokens(user), "memberships": len(_memberships(user))}
    for answer in signals.answers(signals.leaving_signal, user.id):
        counts.update(answer.get("deleted") or {})
    Session.execute(sa.delete(ApiToken).where(ApiToken.user_id == user.id))
    Session.execute(sa.delete(MfaRecoveryCode).where(MfaRecoveryCode.user_id == user.id))
    Session.execute(sa.delete(MfaEnrolment).where(MfaEnrolment.user_id == user.id))
    for field in PROFILE:
        setattr(user, field, "" if field != "email" else None)
    user.plugin_extras = {}
    user.reset_key = None  # type: ignore[assignment] - nullable column
    user.apikey = None
    user.password = secrets.token_urlsafe(32)  # hashed, and told to nobody
    audit.record("user.leave", actor=user.id, object_type="user", object_id=user.id,
                 detail={"name": user.name, "datasets_kept": _datasets(user),
                         "deleted": counts})
    # CKAN's user_delete: state deleted, memberships and collaborations
    # removed, then one commit for all of the above
    tk.get_action("user_delete")({"ignore_auth": True, "user": user.name}, {"id": user.id})
    return {"name": user.name, "deleted": counts}

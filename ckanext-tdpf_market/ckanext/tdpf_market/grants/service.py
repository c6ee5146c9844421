"""Eligibility, grant start and end: the rules behind the grant actions."""
from __future__ import annotations

import datetime
import logging
from typing import Any

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import ErrorDict

from ckanext.tdpf import availability
from ckanext.tdpf.vocab import choices

from .. import conditions as cond
from ..fees import ledger as fees
from ..members.model import utcnow
from . import notify
from .model import AccessRequest, Grant
from .notify import _n

log = logging.getLogger(__name__)
_ = tk._

ENDED_STATES = ("expired", "revoked", "withdrawn", "suspended")


def eligibility_errors(conditions: dict[str, Any], member: dict[str, Any] | None,
                       purpose: str) -> ErrorDict:
    """Why a member may not request data under these conditions (empty: may)."""
    errors: ErrorDict = {}
    if not member or not member.get("member_type"):
        return {"member_type": [_("Only members can request access. Register a member "
                                  "type (自治体・法人・個人) first.")]}
    types = conditions.get("eligible_member_types") or []
    if types and member["member_type"] not in types:
        allowed = "、".join(choices.label("member_type", t) for t in types)
        errors["member_type"] = [_("This data is offered to {allowed} members only.")
                                 .format(allowed=allowed)]
    tiers = conditions.get("eligible_tiers") or []
    if tiers and member.get("tier") not in tiers:
        allowed = "、".join(choices.label("member_tier", t) for t in tiers)
        errors["tier"] = [_("This data is offered to {allowed} only.").format(allowed=allowed)]
    allowed_purposes = [v for v, _ja, _en in choices.CADDE["trading_policy_use_application"]
                        if v != cond.NO_LIMIT]
    base = purpose.split("(", maxsplit=1)[0].split("（", maxsplit=1)[0]
    if not purpose:
        errors["purpose"] = [_("Declare the purpose of use.")]
    elif base not in allowed_purposes:
        errors["purpose"] = [_("Choose a purpose of use: {values}.")
                             .format(values="、".join(allowed_purposes))]
    elif conditions.get("purposes") and base not in [
            p.split("(")[0] for p in conditions["purposes"]]:
        errors["purpose"] = [_("The provider permits these purposes only: {values}.")
                             .format(values="、".join(conditions["purposes"]))]
    return errors


def validity_end(conditions: dict[str, Any], start: datetime.datetime) -> datetime.datetime:
    """End of a grant: the CADDE licence period from the start of use, a
    fixed end date, or the configured default."""
    period = conditions.get("licence_period") or {}
    inner = period.get("period") or {}
    unit = str(inner.get("unit", "")).rstrip("s")
    try:
        value = int(inner.get("value", ""))
    except (TypeError, ValueError):
        value = 0
    if period.get("expirationPeriodType") == "period" and value > 0:
        days = {"year": 365, "month": 30, "week": 7, "day": 1}.get(unit)
        if days:
            return start + datetime.timedelta(days=value * days)
    end = period.get("date") or period.get("endDate")
    if end:
        try:
            return datetime.datetime.fromisoformat(str(end)[:10]) + datetime.timedelta(days=1)
        except ValueError:
            pass
    return start + datetime.timedelta(
        days=tk.config.get("ckanext.tdpf_market.grants.validity_days"))


def start_grant(request: AccessRequest, decided_by: str) -> Grant:
    """Approve ``request``: a grant under the conditions it accepted."""
    now = utcnow()
    grant = Grant(request_id=request.id, dataset_id=request.dataset_id,
                  resource_id=request.resource_id, user_id=request.user_id,
                  purpose=request.purpose, member_type=request.member_type,
                  conditions=request.accepted_conditions, state="active",
                  valid_from=now, valid_until=validity_end(request.accepted_conditions, now),
                  created=now)
    model.Session.add(grant)
    model.Session.flush()
    request.state, request.decided_at, request.decided_by = "approved", now, decided_by
    request.grant_id = grant.id
    fees.on_grant_started(grant)
    return grant


def end_grant(grant: Grant, state: str, by: str | None, reason: str = "") -> None:
    grant.state, grant.ended_at, grant.ended_by, grant.ended_reason = \
        state, utcnow(), by, reason


def end_dataset_grants(dataset_id: str, state: str, reason: str = "",
                       by: str | None = None) -> int:
    """End every active grant of a dataset: ``withdrawn`` when its provider
    withdraws it, ``suspended`` when operators suspend it (trust plugin).
    The caller commits."""
    if state not in ENDED_STATES:
        raise ValueError(f"not a state a grant ends in: {state!r}")
    grants = model.Session.execute(sa.select(Grant).where(
        Grant.dataset_id == dataset_id, Grant.state == "active")).scalars().all()
    for grant in grants:
        end_grant(grant, state, by, reason)
        notify.notify([grant.user_id], _n("Your access has ended"),
                      _n("Access to the dataset ended: {reason}"), {"reason": reason or state})
    return len(grants)


def expire_due() -> dict[str, int]:
    """Job: pending requests past their deadline become ``expired``; grants
    past their validity become ``expired``. Both sides are notified."""
    now = utcnow()
    requests = model.Session.execute(sa.select(AccessRequest).where(
        AccessRequest.state == "pending", AccessRequest.expires_at <= now)).scalars().all()
    for request in requests:
        request.state, request.decided_at = "expired", now
        notify.notify([request.user_id], _n("Your access request expired"),
                      _n("The provider did not decide in time. You may request again."),
                      None, request.id)
    grants = model.Session.execute(sa.select(Grant).where(
        Grant.state == "active", Grant.valid_until <= now)).scalars().all()
    for grant in grants:
        end_grant(grant, "expired", None, "validity period ended")
    ended = end_hidden_grants()
    model.Session.commit()
    notify.send_pending()
    return {"requests": len(requests), "grants": len(grants), "ended": ended}


def end_hidden_grants() -> int:
    """Grants of datasets the provider withdrew or operators suspended
    (trust plugin) end as ``withdrawn`` / ``suspended``. The download route
    refuses them already; this records why. The caller commits."""
    dataset_ids = model.Session.execute(sa.select(Grant.dataset_id).where(
        Grant.state == "active").distinct()).scalars().all()
    count = 0
    for dataset_id in dataset_ids:
        pkg = model.Package.get(dataset_id)
        if pkg is None:
            continue
        reason = availability.hidden_reason({"id": pkg.id, "owner_org": pkg.owner_org,
                                       "creator_user_id": pkg.creator_user_id})
        if reason and reason.get("kind") in ("withdrawn", "suspended"):
            count += end_dataset_grants(dataset_id, reason["kind"], reason.get("reason") or "")
    return count

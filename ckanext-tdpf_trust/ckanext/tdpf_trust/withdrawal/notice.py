"""A dataset's withdrawal notice: scheduling and cancelling it, the job that
reminds and withdraws, the mails and activities, the state package_show
carries."""
from __future__ import annotations

import contextlib
import datetime
import logging

import sqlalchemy as sa

import ckan.plugins.toolkit as tk

# not `from ckan import model`: the .model submodule would shadow it
from ckan.model import Session, User, UserFollowingDataset

from ckanext.tdpf import clock, prefetch, queues

from ..audit import chain as audit
from . import config
from .model import CANCELLED, SCHEDULED, WITHDRAWN, Withdrawal

log = logging.getLogger(__name__)

SHOW_KEY = "tdpf_withdrawal"
recipients_signal = tk.signals.ckanext.signal(
    "tdpf_trust.withdrawal_recipients",
    "Return user ids/names to notify about a dataset's withdrawal notice.")


def today() -> datetime.date:
    """The date in the site's display time zone (Japan for TDPF)."""
    return clock.today()


def active(package_id: str) -> Withdrawal | None:
    """The dataset's scheduled or completed withdrawal, if any."""
    return _active(package_id)


def _active_one(package_id: str) -> Withdrawal | None:
    return Session.execute(
        sa.select(Withdrawal).where(Withdrawal.package_id == package_id,
                                    Withdrawal.state.in_((SCHEDULED, WITHDRAWN)))
        .order_by(Withdrawal.id.desc()).limit(1)).scalars().first()


def _active_many(package_ids: list[str]) -> dict[str, Withdrawal]:
    rows = Session.execute(
        sa.select(Withdrawal).where(Withdrawal.package_id.in_(package_ids),
                                    Withdrawal.state.in_((SCHEDULED, WITHDRAWN)))
        .order_by(Withdrawal.id.desc())).scalars()
    found: dict[str, Withdrawal] = {}
    for row in rows:
        found.setdefault(row.package_id, row)  # the newest
    return found


_active = prefetch.Lookup(_active_one, _active_many)  # once per chunk when indexing


def as_dict(row: Withdrawal) -> dict:
    return {"state": row.state, "date": row.end_date.isoformat(), "reason": row.reason,
            "scheduled": row.created.isoformat(),
            "withdrawn": row.closed.isoformat() if row.state == WITHDRAWN and row.closed
            else None}


def parse_date(value) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value or "").strip()[:10])
    except ValueError:
        raise tk.ValidationError({"end_date": [tk._(
            "A date like 2027-03-31 is required.")]}) from None


def schedule(pkg: dict, user: User | None, end_date: datetime.date, reason: str) -> Withdrawal:
    earliest = today() + datetime.timedelta(days=config.min_notice_days())
    errors = {}
    if end_date < earliest:
        errors["end_date"] = [tk._(
            "Provision can end on {date} at the earliest: users must be told at "
            "least {days} days ahead.").format(date=earliest.isoformat(),
                                                 days=config.min_notice_days())]
    if not (reason or "").strip():
        errors["reason"] = [tk._("Tell users why provision ends.")]
    if errors:
        raise tk.ValidationError(errors)
    current = active(pkg["id"])
    if current:
        raise tk.ValidationError({"end_date": [tk._(
            "The end of provision is already scheduled for {date}: cancel it "
            "first to choose another date.").format(date=current.end_date.isoformat())
            if current.state == SCHEDULED else tk._("Provision has already ended.")]})
    row = Withdrawal(package_id=pkg["id"], state=SCHEDULED, end_date=end_date,
                     reason=reason.strip(), created=clock.db_now(),
                     created_by=user.id if user else "")
    Session.add(row)
    Session.flush()
    audit.record("withdrawal.schedule", actor=row.created_by, object_type="package",
                 object_id=pkg["id"], detail={"end_date": end_date.isoformat(),
                                               "reason": row.reason})
    return row


def cancel(pkg: dict, user: User | None) -> Withdrawal:
    row = active(pkg["id"])
    if not row or row.state != SCHEDULED:
        raise tk.ValidationError({"id": [
            tk._("No end of provision is scheduled for this dataset.") if not row
            else tk._("Provision has already ended: it cannot be cancelled.")]})
    row.state, row.closed = CANCELLED, clock.db_now()
    row.closed_by = user.id if user else ""
    audit.record("withdrawal.cancel", actor=row.closed_by, object_type="package",
                 object_id=pkg["id"], detail={"end_date": row.end_date.isoformat()})
    return row


def withdraw(row: Withdrawal) -> None:
    row.state, row.closed = WITHDRAWN, clock.db_now()
    audit.record("withdrawal.withdraw", object_type="package", object_id=row.package_id,
                 detail={"end_date": row.end_date.isoformat(), "reason": row.reason})


def run_due(on: datetime.date | None = None) -> dict[str, int]:
    """Job: remind followers of withdrawals due within ``reminder_days``
    and withdraw those whose date has come (each dataset in its own
    transaction, reindexed). Returns counts."""
    from ckan.lib.search import rebuild

    on = on or today()
    counts = {"reminded": 0, "withdrawn": 0}
    due = Session.execute(sa.select(Withdrawal).where(
        Withdrawal.state == SCHEDULED,
        Withdrawal.end_date <= on + datetime.timedelta(days=config.reminder_days()))
        .order_by(Withdrawal.id)).scalars().all()
    for row in due:
        try:
            if row.end_date <= on:
                withdraw(row)
                rebuild(row.package_id, defer_commit=True)
                counts["withdrawn"] += 1
                Session.commit()
            elif row.reminded is None:
                row.reminded = clock.db_now()
                Session.commit()
                notify(row.package_id, row, "reminder")
                counts["reminded"] += 1
        except Exception:  # noqa: BLE001 - one dataset must not stop the others
            log.exception("withdrawal %s failed", row.id)
            Session.rollback()
    return counts


def _enqueue_due() -> None:
    tk.enqueue_job(run_due, title="tdpf_trust: scheduled withdrawals", queue=queues.PRIORITY)


# notifications

def recipients(package_id: str, kind: str) -> list[User]:
    ids: set[str] = set(Session.execute(sa.select(UserFollowingDataset.follower_id).where(
        UserFollowingDataset.object_id == package_id)).scalars())
    for _receiver, result in recipients_signal.send(package_id, kind=kind):
        ids.update(result or ())
    users = (User.get(i) for i in ids)
    return [u for u in users if u is not None and u.state == "active"]


@contextlib.contextmanager
def _site_language():
    """Mails go out in the site's language (ja), whoever triggered them:
    a provider browsing in English, or the job."""
    import flask
    from flask_babel import force_locale

    if not flask.has_request_context():
        yield
        return
    with force_locale(tk.config.get("ckan.locale_default") or "en"):
        yield


def _message(pkg: dict, row: Withdrawal, kind: str) -> tuple[str, str]:
    with _site_language():
        return _message_text(pkg, row, kind)


def _message_text(pkg: dict, row: Withdrawal, kind: str) -> tuple[str, str]:
    _ = tk._
    title = pkg.get("title") or pkg["name"]
    url = tk.url_for("dataset.read", id=pkg["name"], _external=True)
    subject = {
        "scheduled": _("[TDPF] Provision of \"{title}\" ends on {date}"),
        "reminder": _("[TDPF] Reminder: provision of \"{title}\" ends on {date}"),
        "cancelled": _("[TDPF] The end of provision of \"{title}\" was cancelled"),
    }[kind].format(title=title, date=row.end_date.isoformat())
    if kind == "cancelled":
        body = _("The provider cancelled the end of provision of \"{title}\" planned "
                 "for {date}. The data stays available.\n\n{url}")
    else:
        body = _("The provider of \"{title}\" will end its provision on {date}. "
                 "After that date the data can no longer be downloaded from TDPF.\n\n"
                 "Reason: {reason}\n\n{url}")
    return subject, body.format(title=title, date=row.end_date.isoformat(),
                                reason=row.reason, url=url)


def notify(package_id: str, row: Withdrawal, kind: str) -> int:
    """Mail every recipient (followers and the signal's) and add a dataset
    activity; returns the number of mails sent. Never raises for one
    recipient (a missing address or a mail server error is logged)."""
    from ckan.lib.mailer import MailerException

    pkg = tk.get_action("package_show")({"ignore_auth": True}, {"id": package_id})
    subject, body = _message(pkg, row, kind)
    sent = 0
    for user in recipients(package_id, kind):
        if not user.email:
            continue
        try:
            tk.mail_user(user, subject, body)
            sent += 1
        except MailerException:
            log.warning("withdrawal notice to %s not sent", user.name, exc_info=True)
    _activity(pkg, row, kind)
    return sent


def _activity(pkg: dict, row: Withdrawal, kind: str) -> None:
    try:
        create = tk.get_action("activity_create")
    except KeyError:
        return  # activity plugin not enabled
    # in the provider's name: CKAN hides the site user's activities
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    actor = (row.closed_by if kind == "cancelled" else row.created_by) or site_user["id"]
    create({"ignore_auth": True, "user": site_user["name"]}, {
        "user_id": actor, "object_id": pkg["id"],
        "activity_type": "changed package",
        "data": {"package": pkg, "tdpf_withdrawal": dict(as_dict(row), notice=kind)}})


def hidden_reason(pkg_dict: dict) -> dict | None:
    """``{"kind": "withdrawn", "reason", "since"}`` once provision ended."""
    row = active(pkg_dict["id"]) if pkg_dict.get("id") else None
    if row and row.state == WITHDRAWN:
        return {"kind": "withdrawn", "reason": row.reason, "since": row.end_date.isoformat()}
    return None


# hooks (ckanext.tdpf.features)

def after_dataset_show(context: dict, pkg_dict: dict) -> None:
    row = active(pkg_dict["id"]) if pkg_dict.get("id") else None
    pkg_dict[SHOW_KEY] = as_dict(row) if row else None


def before_dataset_index(pkg_dict: dict) -> dict:
    pkg_dict.pop(SHOW_KEY, None)
    return pkg_dict


def scheduled_tasks() -> list:
    from ckanext.tdpf.scheduler import Task
    return [Task("trust-withdrawals", config.check_interval(), _enqueue_due)]


"""Access requests and grants."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

# The trust plugin's notice before withdrawal mails followers and whoever
# its receivers name: members holding a valid grant must hear of it too.
# (A named signal, subscribed while this plugin is loaded: nothing is
# imported from the trust plugin.)
WITHDRAWAL_RECIPIENTS = "tdpf_trust.withdrawal_recipients"


def grant_holders(package_id: str, **_kwargs) -> list[str]:
    """User ids of members holding a valid grant on the dataset."""
    import sqlalchemy as sa

    from ckan.model import Session

    from .model import Grant
    from .policy import utcnow
    now = utcnow()
    return list(Session.execute(sa.select(Grant.user_id).distinct().where(
        Grant.dataset_id == package_id, Grant.state == "active", Grant.valid_from <= now,
        sa.or_(Grant.valid_until.is_(None), Grant.valid_until > now))).scalars())


def signal_subscriptions() -> dict:
    return {tk.signals.ckanext.signal(WITHDRAWAL_RECIPIENTS): [grant_holders]}


def _enqueue_expiry() -> None:
    from .service import expire_due
    tk.enqueue_job(expire_due, title="tdpf_market: expire requests and grants")


def scheduled_tasks() -> list:
    from ckanext.tdpf.scheduler import Task
    return [Task("market-expiry", 3600, _enqueue_expiry)]

"""Where a payment gateway plugs in (none is included).

A CKAN plugin implementing :class:`IPaymentGateway` receives

- every new ledger entry (:meth:`fee_entry_created`), inside the database
  transaction that writes it: a gateway must not call its remote service
  there (the transaction may still roll back) but enqueue a job
  (``tk.enqueue_job``) that reads the entry back by id;
- each monthly statement when an operator closes a month with
  ``ckan tdpf fees close YYYY-MM`` (:meth:`statement_closed`): one per
  member (what to invoice) and one per provider organisation (what to pay
  out). Closing a month again hands the same statements again; the gateway
  keeps its own record of what it already invoiced (the statement's month
  and member/organisation identify it).

Gateways never change the ledger: a refund or a failed payment the
platform must record is a correction entry (``tdpf_fee_correction_create``).
"""
from __future__ import annotations

from typing import Any

import ckan.plugins as p


class IPaymentGateway(p.Interface):
    def fee_entry_created(self, entry: dict[str, Any]) -> None:
        """A ledger entry was added (``FeeEntry.as_dict()``)."""

    def statement_closed(self, statement: dict[str, Any]) -> None:
        """A monthly statement (``fees.statement``: month, member_user_id or
        organization_id, entries, total_yen) is final."""


def gateways() -> list:
    return list(p.PluginImplementations(IPaymentGateway))


def notify_entry(entry: Any) -> None:
    for plugin in gateways():
        plugin.fee_entry_created(entry.as_dict())


def close_month(month: str) -> list[dict[str, Any]]:
    """Hand every statement of ``month`` to the gateways; returns them."""
    from .ledger import statements_of_month
    statements = statements_of_month(month)
    for plugin in gateways():
        for statement in statements:
            plugin.statement_closed(statement)
    return statements

"""The fee ledger and monthly statements.

Every charge is one immutable row of ``tdpf_market_fee_ledger`` (yen,
integers): a paid grant starting (:func:`.ledger.on_grant_started`, the grant's
snapshotted price: one-off, first month or first year), each further month
or year of a valid monthly or yearly grant (:func:`.ledger.charge_due_periods`, an
hourly scheduled task) and each download under per-download pricing
(:func:`.ledger.on_download`). Nothing is ever changed or
deleted (the database refuses it): a mistake is put right by a correction
entry (:func:`.ledger.correct`) that refers to the entry it adjusts. Charges are
idempotent (one entry per grant period, one per access-log row: unique
indexes), so a retry or a concurrent worker cannot charge twice.

Monthly statements (:func:`.ledger.statement`) group entries by the accounting
month (``ckanext.tdpf_market.fees.timezone``) per member or per provider
organisation. No payment gateway is included: one plugs in through
:class:`gateway.IPaymentGateway`.
"""

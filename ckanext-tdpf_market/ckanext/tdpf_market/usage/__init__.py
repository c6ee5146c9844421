"""Usage dashboards and transaction history (利用状況の確認).

Read-only reports over the access requests, grants and access log (the
grants and access features write them) and the fee ledger:
:func:`.reports.dataset_report` for a dataset's provider, :func:`.reports.history` for a
member, :func:`.reports.totals` for operators. Days are counted in the ledger's time
zone (``ckanext.tdpf_market.fees.timezone``)."""

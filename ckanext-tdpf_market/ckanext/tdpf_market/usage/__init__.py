"""Usage dashboards and transaction history (利用状況の確認)."""

"""The fee ledger and monthly statements."""

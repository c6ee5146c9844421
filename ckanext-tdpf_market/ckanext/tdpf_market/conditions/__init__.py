"""利用条件: usage conditions of a dataset (access level, fee, purposes...)."""

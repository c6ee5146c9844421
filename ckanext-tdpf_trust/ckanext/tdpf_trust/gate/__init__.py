"""The publication gate: what stops a dataset becoming (or staying) public.
Owned by the warranty work; other features contribute ``problems``."""

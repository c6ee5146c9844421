"""Gated access: URL hiding, the authorised download route, signed URLs, the access log."""

"""Moderation: reports (通報), hiding by operators with a reason, the
per-user rate limit, the link and repeated-text filter, the operator queue."""

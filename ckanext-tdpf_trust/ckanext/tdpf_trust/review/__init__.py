"""Organisation review by operators."""

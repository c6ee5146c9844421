"""Access requests and grants."""

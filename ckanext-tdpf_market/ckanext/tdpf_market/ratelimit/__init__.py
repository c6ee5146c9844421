"""API and download rate limits per member tier (token buckets in Redis)."""

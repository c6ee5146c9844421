"""Multi-factor authentication (TOTP)."""

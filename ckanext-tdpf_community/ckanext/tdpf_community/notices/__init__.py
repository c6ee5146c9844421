"""Notifications: a list on the user's dashboard, mail, and each user's choice of mail."""

"""Leaving the platform (任意退会): a page explains what is kept and what is
deleted, the user confirms with their password, and the account is deleted
as CKAN's ``user_delete`` does (state ``deleted``, memberships removed), its
profile emptied and its API tokens and MFA settings removed. Other plugins
say what they keep or delete per user, and delete it, through two named
signals (``leave.signals``), so nothing here imports them."""

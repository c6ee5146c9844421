"""Suspension of users and organisations by operators."""

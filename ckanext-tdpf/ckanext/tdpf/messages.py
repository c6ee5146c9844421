"""A refused action's messages as the pages show them (a flash message, an
abort's text, a form's error summary), for every extension's views."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def texts(messages: object) -> list[str]:
    """One field's messages. Our actions give a list of texts; CKAN's
    ErrorDict also allows a single text or nested dicts, shown as text
    rather than taken apart."""
    if isinstance(messages, list):
        return [str(message) for message in messages]
    return [str(messages)]


def error_text(error: tk.ValidationError, sep: str = " ") -> str:
    """Every message of ``error`` on one line, field names left out."""
    return sep.join(text for messages in error.error_dict.values() for text in texts(messages))

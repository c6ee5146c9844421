"""A refused action's messages as the pages show them (a flash message, an
abort's text, a form's error summary), for every extension's views."""
from __future__ import annotations

import contextlib
from collections.abc import Iterator

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


@contextlib.contextmanager
def site_language() -> Iterator[None]:
    """Text made in the site's default language: mails (users have no
    language of their own), also from jobs and commands, which get a request
    context for it."""
    import flask
    from flask_babel import force_locale

    locale = tk.config.get("ckan.locale_default")
    if flask.has_request_context():
        with force_locale(locale):
            yield
    elif flask.has_app_context():
        with flask.current_app.test_request_context(), force_locale(locale):
            yield
    else:
        yield

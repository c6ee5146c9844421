"""Replaces the clean-up of search text in ``ckanext.datatablesview.blueprint``
(``ajax``, ``filtered_download``): ``re.sub(r'[^0-9a-zA-Z\\-]+', '_', text)``
turns every character outside ASCII letters, digits and ``-`` into the
full-text wildcard ``_`` (ckan/ckan#8583), so 図書 reaches
``datastore_search`` as ``__:*`` and the preview's search box finds nothing
in a Japanese table. Here that one pattern keeps the letters and digits of
every script (``[^\\w\\-]+``); spaces and punctuation still become ``_``.
What the DataStore then does with Japanese words is
:mod:`.datastore_text_search`."""
from __future__ import annotations

import re
from typing import Any

REPLACES = "the ASCII-only search text of ckanext.datatablesview's ajax view"
WRITTEN_FOR = {"ckan": "2.12.0"}
KEEP_ON_OTHER_VERSIONS = False
IF_OTHER_VERSION = ("The datatables view's search box drops every character outside ASCII "
                    "(no search of Japanese text in previews).")

ASCII_ONLY = r"[^0-9a-zA-Z\-]+"
ANY_SCRIPT = r"[^\w\-]+"


class _Re:
    """The blueprint module's ``re``: ``sub`` with the ASCII-only pattern
    widened to letters and digits of any script; everything else as ``re``."""

    def __getattr__(self, name: str) -> Any:
        return getattr(re, name)

    @staticmethod
    def sub(pattern: Any, repl: Any, string: str, count: int = 0, flags: int = 0) -> str:
        if pattern == ASCII_ONLY:
            pattern = ANY_SCRIPT
        return re.sub(pattern, repl, string, count=count, flags=flags)


def install(on: bool) -> None:
    try:
        from ckanext.datatablesview import blueprint
    except ImportError:  # the datatables view is not installed
        return
    blueprint.re = _Re() if on else re  # pyright: ignore[reportAttributeAccessIssue]

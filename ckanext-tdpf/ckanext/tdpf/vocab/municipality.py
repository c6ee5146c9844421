"""全国地方公共団体コード (JIS X 0402): check digit and names.

The table (municipalities.json, built by scripts/build_municipalities.py)
holds every prefecture and municipality code with its name."""
from __future__ import annotations

import functools
import json
import unicodedata
from pathlib import Path

_TABLE = Path(__file__).with_name("municipalities.json")
_WEIGHTS = (6, 5, 4, 3, 2)


def check_digit(first5: str) -> str:
    """The sixth digit for the five leading digits of a code."""
    s = sum(w * int(d) for w, d in zip(_WEIGHTS, first5, strict=False))
    return str((11 - s % 11) % 10)


@functools.lru_cache(maxsize=1)
def table() -> dict[str, dict[str, str]]:
    return json.loads(_TABLE.read_text(encoding="utf-8"))


def name(code: str) -> str | None:
    """Japanese name of a code ("千代田区"), or None when unknown."""
    row = table().get(code)
    return row["name"] if row else None


def label(code: str) -> str:
    """Name with its prefecture for display: "東京都 千代田区"."""
    row = table().get(code)
    if not row:
        return code
    if row["name"] == row["pref"]:
        return row["name"]
    return f"{row['pref']} {row['name']}"


class CodeError(ValueError):
    """A code that cannot be accepted. ``reason`` is "format",
    "check_digit" or "unknown"; ``correct`` the right code for a wrong
    check digit. Callers word the message in the user's language."""

    def __init__(self, code: str, reason: str, correct: str = ""):
        super().__init__(f"{code}: {reason}")
        self.code, self.reason, self.correct = code, reason, correct


def validate(code: str) -> str:
    """Return the normalised 6-digit code or raise CodeError.

    Full-width digits are accepted (NFKC); five-digit codes without the
    check digit are not, because they are ambiguous with typos."""
    c = unicodedata.normalize("NFKC", str(code)).strip()
    if len(c) != 6 or not c.isascii() or not c.isdigit():
        raise CodeError(c, "format")
    right = check_digit(c[:5])
    if c[5] != right:
        raise CodeError(c, "check_digit", c[:5] + right)
    if c not in table():
        raise CodeError(c, "unknown")
    return c

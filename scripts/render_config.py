#!/usr/bin/env python3
"""Render config/ckan.ini.template into an ini with generated secrets.

Usage: render_config.py OUTPUT [key=value ...]

An existing OUTPUT keeps its secrets (so sessions and API tokens survive a
re-run); other values are taken from the arguments each time.
"""
from __future__ import annotations

import configparser
import pathlib
import re
import secrets
import sys
from urllib.parse import urlsplit, urlunsplit

ROOT = pathlib.Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "config" / "ckan.ini.template"


def _existing_secrets(path: pathlib.Path) -> dict[str, str]:
    if not path.exists():
        return {}
    parser = configparser.RawConfigParser(strict=False)
    parser.read(path, encoding="utf-8")
    app = parser["app:main"] if parser.has_section("app:main") else {}
    out = {}
    if app.get("SECRET_KEY"):
        out["secret_key"] = app["SECRET_KEY"]
    jwt = app.get("api_token.jwt.encode.secret", "")
    if jwt.startswith("string:"):
        out["jwt_secret"] = jwt[len("string:"):]
    return out


def _datastore_urls(sqlalchemy_url: str) -> dict[str, str]:
    """The DataStore's URLs when none are given: the main database's name
    with "_datastore", written by the main role and read by ckan_tdpf_ro
    (both as scripts/common.sh's ensure_database creates them)."""
    parts = urlsplit(sqlalchemy_url)
    path = parts.path.rstrip("/") + "_datastore"
    write = urlunsplit(parts._replace(path=path))
    password = ROOT / "var" / "datastore_ro_password"
    secret = password.read_text(encoding="utf-8").strip() if password.exists() else ""
    host = parts.hostname or "127.0.0.1"
    netloc = f"ckan_tdpf_ro:{secret}@{host}" + (f":{parts.port}" if parts.port else "")
    return {"datastore_write_url": write,
            "datastore_read_url": urlunsplit(parts._replace(netloc=netloc, path=path))}


def render(output: pathlib.Path, values: dict[str, str]) -> None:
    values = {
        "secret_key": secrets.token_urlsafe(32),
        "jwt_secret": secrets.token_urlsafe(32),
        **_existing_secrets(output),
        **(_datastore_urls(values["sqlalchemy_url"]) if "sqlalchemy_url" in values else {}),
        **values,
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    missing = set(re.findall(r"{{(\w+)}}", text)) - values.keys()
    if missing:
        sys.exit(f"render_config: no value for {', '.join(sorted(missing))}")
    text = re.sub(r"{{(\w+)}}", lambda m: values[m.group(1)], text)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    output.chmod(0o600)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    pairs = dict(arg.split("=", 1) for arg in sys.argv[2:])
    render(pathlib.Path(sys.argv[1]), pairs)

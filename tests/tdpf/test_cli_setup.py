"""The steps `make serve` runs: operator account and demo catalog, both safe
to run again; and the bundle's plugins all loaded."""
from __future__ import annotations

import pytest

import ckan.plugins as p
from ckan import model
from ckan.cli.cli import ckan
from ckan.tests.helpers import call_action


def test_bundle_plugins_are_loaded():
    for name in ("tdpf", "tdpf_trust", "tdpf_market"):
        assert p.plugin_loaded(name)


@pytest.mark.usefixtures("clean_db")
def test_operator_created_once_and_password_kept(cli, tmp_path):
    pw_file = tmp_path / "admin_password"
    first = cli.invoke(ckan, ["tdpf", "operator", "--name", "ops", "--password-file", str(pw_file)])
    assert first.exit_code == 0, first.output
    password = pw_file.read_text().strip()
    assert f"operator created: user ops  password {password}" in first.output
    assert model.User.get("ops").sysadmin
    assert model.User.get("ops").validate_password(password)
    again = cli.invoke(ckan, ["tdpf", "operator", "--name", "ops", "--password-file", str(pw_file)])
    assert "operator exists" in again.output and "unchanged" in again.output
    model.Session.expire_all()
    assert model.User.get("ops").validate_password(password)


@pytest.mark.usefixtures("clean_db")
def test_demo_catalog_loads_once(cli):
    first = cli.invoke(ckan, ["tdpf", "demo", "load"])
    assert first.exit_code == 0, first.output
    assert "datasets_created=43" in first.output
    again = cli.invoke(ckan, ["tdpf", "demo", "load"])
    assert "organizations_created=0, datasets_created=0, datasets_total=43" in again.output
    assert call_action("package_search", q="避難所")["count"] >= 3

"""The version guard of the compat layer: each module names the versions it
was written for (the pinned ones), and on any other version a fast path
switches off with one warning naming it while CKAN's own code runs."""
from __future__ import annotations

import logging
import pathlib
import re

import pytest

from ckan.lib import helpers
from ckan.lib.navl import dictization_functions as df
from ckan.logic import ValidationError
from ckan.tests.helpers import call_action

from ckanext.tdpf import compat
from ckanext.tdpf.compat import navl_validate

ROOT = pathlib.Path(__file__).resolve().parents[3]


def _pinned() -> dict[str, str]:
    pins = {}
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text().splitlines():
            found = re.match(r"^([A-Za-z0-9_.-]+)(?:\[[^]]*\])?==([^\s;#]+)", line)
            if found:
                pins[found[1].lower()] = found[2]
    return pins


def test_every_module_is_written_for_the_pinned_versions():
    pins, running = _pinned(), compat.installed_versions()
    for name in compat.MODULES:
        module = compat.module(name)
        assert module.WRITTEN_FOR, name
        for dist, version in module.WRITTEN_FOR.items():
            # sqlalchemy is pinned by ckan[requirements]
            assert pins.get(dist, running[dist]) == version == running[dist], (name, dist)
        assert module.__doc__ and module.REPLACES and module.IF_OTHER_VERSION, name
        assert compat.active(name), name  # all on here


@pytest.fixture
def other_ckan(monkeypatch):
    """CKAN 2.13 as far as the compat layer can tell; afterwards the real
    versions decide again."""
    real = dict(compat.installed_versions())
    compat.reset()
    monkeypatch.setattr(compat, "installed_versions", lambda: {**real, "ckan": "2.13.0"})
    yield
    monkeypatch.undo()
    compat.reset()
    compat.install()


def test_another_version_switches_a_fast_path_off_with_one_warning(org, other_ckan, caplog,
                                                                   monkeypatch):
    data = {"name": "x", "title": "題名", "owner_org": org["id"]}
    logger = logging.getLogger("ckanext.tdpf.compat")  # ckanext's logs do not propagate
    # the test ini's logging configuration came after the module's import
    monkeypatch.setattr(logger, "disabled", False)
    logger.addHandler(caplog.handler)
    try:
        compat.install()
        compat.install()  # update_config runs again on plugin reloads: no second warning
        assert not compat.active("navl_validate")
    finally:
        logger.removeHandler(caplog.handler)
    # each record once (the handler may also sit where the record propagates)
    records = list({id(r): r for r in caplog.records}.values())
    navl = [r.getMessage() for r in records if "compat.navl_validate" in r.getMessage()]
    assert len(navl) == 1
    assert "switched off" in navl[0] and "ckan 2.13.0 (written for 2.12.0)" in navl[0]
    assert "CKAN's own validation runs" in navl[0]
    # CKAN's own functions validate, with the same refusal as ours
    assert df._validate is navl_validate._ckan_validate
    ckans = _refusal(data)
    navl_validate.use(True)
    assert _refusal(data) == ckans and "name" in ckans
    navl_validate.use(False)
    # a protection that does not depend on CKAN's internals says it stays on
    kept = [r.getMessage() for r in records if "compat.csrf_exemption" in r.getMessage()]
    assert len(kept) == 1 and "kept on" in kept[0]
    # the login's came_from check replaces a whole helper: the open redirect stays closed
    kept = [r.getMessage() for r in records if "compat.url_is_local" in r.getMessage()]
    assert len(kept) == 1 and "kept on" in kept[0]
    assert not helpers.url_is_local("\\\\evil.example") and helpers.url_is_local("/dataset")


def _refusal(data: dict) -> dict:
    with pytest.raises(ValidationError) as refused:
        call_action("package_create", **data)
    return refused.value.error_dict


@pytest.fixture
def org(clean_db):
    import ckan.tests.factories as factories

    return factories.Organization()

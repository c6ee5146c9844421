"""Environment overrides (CKAN__... / CKANEXT__..., ckanext-envvars) behave
exactly as the same value in the ini: typed by the options' declarations,
in every plugin, and in place before any plugin starts."""
from __future__ import annotations

import json
import os
import pathlib
import re
import subprocess
import sys

TEMPLATE = pathlib.Path(__file__).resolve().parents[2] / "config" / "ckan.ini.template"


def test_envvars_is_the_last_plugin():
    """Plugins read options while they start (the tdpf search switch) and
    CKAN starts them from the last of the list: the overrides' plugin must be
    the last, to be in place before the others."""
    plugins = re.search(r"^ckan\.plugins = (.*)$", TEMPLATE.read_text(), re.MULTILINE)
    assert plugins and plugins.group(1).split()[-1] == "envvars"


# what a started site reads: the option's value, and the getters that use it
_PROBE = """
import json, sys
from ckan.cli import load_config
from ckan.config.middleware import make_app
make_app(load_config(sys.argv[1]))
from ckan.plugins import toolkit as tk
from ckanext.tdpf import outbound
from ckanext.tdpf_harvesters import config as harvest_config
from ckanext.tdpf.search import backend
print(json.dumps({"options": {n: tk.config.get(n) for n in sys.argv[2:]},
                  "search": backend.active(),
                  "batch": harvest_config.import_batch_size(),
                  "allow": list(outbound.Policy.from_config().allow_hosts)}))
"""
# one option of each declared type, across plugins (and CKAN's own)
OVERRIDES = {
    "ckan.site_title": "試験ポータル",  # text, CKAN
    "ckanext.tdpf.outbound.allow_hosts": "127.0.0.1 10.0.0.0/8",  # list, core
    "ckanext.tdpf_harvesters.import_batch_size": "10",  # int, harvesters
    "ckanext.tdpf_trust.scan.enabled": "false",  # bool, trust
    "ckanext.tdpf_market.access.signed_url_ttl": "90",  # int, market
    "ckanext.tdpf_market.fees.timezone": "Asia/Tokyo",  # text, market
    "ckan.auth.create_user_via_web": "false",  # bool, CKAN
}


def _variable(option: str) -> str:
    head, *rest = option.split(".")
    return "__".join([head.upper(), *(part.upper() for part in rest)])


def _started(ini, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", _PROBE, str(ini), *OVERRIDES],
                          env={**os.environ, **env}, capture_output=True, text=True,
                          timeout=120)


def test_overrides_are_typed_as_the_same_values_in_the_ini(request, tmp_path):
    base = pathlib.Path(request.config.getoption("ckan_ini")).resolve()
    from_env = _started(base, {_variable(k): v for k, v in OVERRIDES.items()})
    assert from_env.returncode == 0, from_env.stderr[-2000:]
    ini = tmp_path / "typed.ini"
    ini.write_text("[app:main]\nuse = config:{}\n{}\n".format(
        base, "\n".join(f"{k} = {v}" for k, v in OVERRIDES.items())))
    from_ini = _started(ini, {})
    assert from_ini.returncode == 0, from_ini.stderr[-2000:]
    env_values = json.loads(from_env.stdout.splitlines()[-1])
    assert env_values == json.loads(from_ini.stdout.splitlines()[-1])
    assert env_values["options"] == {
        "ckan.site_title": "試験ポータル",
        "ckanext.tdpf.outbound.allow_hosts": ["127.0.0.1", "10.0.0.0/8"],
        "ckanext.tdpf_harvesters.import_batch_size": 10,
        "ckanext.tdpf_trust.scan.enabled": False,
        "ckanext.tdpf_market.access.signed_url_ttl": 90,
        "ckanext.tdpf_market.fees.timezone": "Asia/Tokyo",
        "ckan.auth.create_user_via_web": False,
    }
    assert env_values["batch"] == 10 and env_values["allow"] == ["127.0.0.1", "10.0.0.0/8"]


def test_an_override_is_in_place_when_the_plugins_start(request, tmp_path):
    """The search switch, set while the tdpf plugin starts, follows the
    environment over the ini."""
    base = pathlib.Path(request.config.getoption("ckan_ini")).resolve()
    ini = tmp_path / "solr.ini"
    ini.write_text(f"[app:main]\nuse = config:{base}\nckanext.tdpf.search.backend = solr\n")
    started = _started(ini, {"CKANEXT__TDPF__SEARCH__BACKEND": "postgres"})
    assert started.returncode == 0, started.stderr[-2000:]
    assert json.loads(started.stdout.splitlines()[-1])["search"] == "postgres"


def test_an_override_the_declaration_refuses_stops_the_start_as_in_the_ini(request):
    base = pathlib.Path(request.config.getoption("ckan_ini")).resolve()
    refused = _started(base, {"CKANEXT__TDPF_HARVESTERS__IMPORT_BATCH_SIZE": "ten"})
    assert refused.returncode != 0
    assert "ckanext.tdpf_harvesters.import_batch_size" in refused.stderr
    assert "Invalid configuration values" in refused.stderr

"""The TDPF core plugin: PostgreSQL search, environment configuration and
the `ckan tdpf` commands. Logic lives in the modules beside this one."""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from . import config as tdpf_config
from . import envconfig
from .search import backend
from .search import model as _search_model  # noqa: F401 - registers the table


@tk.blanket.cli
@tk.blanket.config_declarations
class TdpfPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)

    # IConfigurer
    def update_config(self, config):
        envconfig.apply(config)
        # Before CKAN's start-up Solr check, which runs right after this hook.
        backend.install(tdpf_config.search_backend())
        tk.add_template_directory(config, "templates")

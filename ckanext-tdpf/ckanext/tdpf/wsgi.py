"""WSGI entry point for gunicorn: ``gunicorn ckanext.tdpf.wsgi:application``
with the ini file in ``CKAN_INI``."""
from __future__ import annotations

import os
from logging.config import fileConfig

from ckan.cli import CKANConfigLoader
from ckan.config.middleware import make_app

_ini = os.path.abspath(os.environ["CKAN_INI"])
fileConfig(_ini, disable_existing_loggers=False)
application = make_app(CKANConfigLoader(_ini).get_config())

from ckanext.tdpf.search import backend, facetcache  # noqa: E402  (after CKAN's config)

if backend.active() == backend.POSTGRES:
    # each gunicorn worker: facet counts ready before its first search
    facetcache.warm_in_background()

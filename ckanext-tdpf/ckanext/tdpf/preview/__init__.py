"""Previews and the Data API (issue 19 #4): the file pipeline's local copy
of a table is loaded into CKAN's DataStore (``load``, an analyser of
``ckanext.tdpf.files.analysers``), shown by ``datatables_view`` and served
by ``datastore_search``; maps of GeoJSON files and of tables with
latitude/longitude columns (``tdpf_map_view``); every DataStore read of a
gated resource refused without a grant (``access``)."""
from __future__ import annotations

from .loader import load

__all__ = ["load"]

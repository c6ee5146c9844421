"""``tdpf_map_view``: the map preview (Leaflet 1.9.4, vendored in
``public/tdpf-preview/``) of GeoJSON resources and of DataStore tables with
latitude/longitude columns. A view plugin of its own because CKAN takes
one view type per plugin; the data reaches the map only through routes
that check access (``views``: the GeoJSON route, ``datastore_search``).

Also the DataStore's search of Japanese text (``IDatastore``, which only a
plugin loaded after ``datastore`` may implement): see
:mod:`ckanext.tdpf.compat.datastore_text_search`."""
from __future__ import annotations

from typing import Any, cast

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.datastore.interfaces import IDatastore

from .. import compat
from .. import config as tdpf_config
from . import views
from .coordinates import coordinate_columns

GEOJSON = ("geojson", "application/geo+json", "application/vnd.geo+json")


def is_geojson(resource: dict[str, Any]) -> bool:
    fmt = (resource.get("format") or "").strip().lower()
    url = (resource.get("url") or "").split("?", 1)[0].lower()
    return fmt in GEOJSON or (not fmt and url.endswith(".geojson"))


def table_coordinates(resource: dict[str, Any]) -> tuple[str, str] | None:
    if not resource.get("datastore_active"):
        return None
    try:
        info = tk.get_action("datastore_info")(cast("Context", {"ignore_auth": True}),
                                               {"id": resource["id"]})
    except (tk.ObjectNotFound, tk.ValidationError):
        return None
    return coordinate_columns([f["id"] for f in info.get("fields", [])])


class TdpfMapViewPlugin(p.SingletonPlugin):
    p.implements(p.IResourceView)
    p.implements(p.IBlueprint)
    p.implements(IDatastore, inherit=True)

    # IDatastore: Japanese words searched as substrings (previews' search box, API)
    def datastore_search(self, context: Context, data_dict: dict[str, Any],
                         fields_types: dict[str, str], query_dict: dict[str, Any]):
        if not compat.active("datastore_text_search"):
            return query_dict
        from ..compat import datastore_text_search
        return datastore_text_search.rewrite(data_dict, fields_types, query_dict)

    # IBlueprint
    def get_blueprint(self):
        return [views.blueprint]

    # IResourceView
    def info(self) -> dict[str, Any]:
        return {"name": "tdpf_map_view", "title": tk._("Map"), "icon": "globe",
                "default_title": tk._("Map"), "iframed": True, "always_available": False,
                "requires_datastore": False, "preview_enabled": True}

    def can_view(self, data_dict: dict[str, Any]) -> bool:
        resource = data_dict["resource"]
        return is_geojson(resource) or table_coordinates(resource) is not None

    def setup_template_variables(self, context: Context, data_dict: dict[str, Any]) -> dict:
        resource = data_dict["resource"]
        map_config: dict[str, Any] = {
            "tiles": tdpf_config.preview_map_tiles(),
            "attribution": tdpf_config.preview_map_attribution(),
        }
        if is_geojson(resource):
            map_config["geojson"] = tk.url_for("tdpf_preview.geojson", resource_id=resource["id"])
        else:
            lat_lon = table_coordinates(resource) or ("", "")
            map_config.update(
                datastore=tk.url_for("api.action", ver=3, logic_function="datastore_search"),
                resource_id=resource["id"], lat=lat_lon[0], lon=lat_lon[1],
                limit=tdpf_config.preview_map_max_points())
        return {"map_config": map_config}

    def view_template(self, context: Context, data_dict: dict[str, Any]) -> str:
        return "tdpf_preview/map_view.html"

    def form_template(self, context: Context, data_dict: dict[str, Any]) -> str:
        return "tdpf_preview/map_form.html"

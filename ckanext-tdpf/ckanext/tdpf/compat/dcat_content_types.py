"""Completes ``ckanext.dcat.utils.CONTENT_TYPES`` (ckanext-dcat 2.x), the
Content-Type its catalog and dataset views send for each RDF format.

ckanext-dcat serialises any format rdflib has a serializer for
(``/catalog.nt``, ``/dataset/<id>.nt``, ``.trig``...), then looks the
answer's Content-Type up in a table of five formats: a KeyError, 500, after
the work is done. Each short rdflib serializer name missing from the table
gets the media type rdflib registers the same serializer under (``nt`` ->
``application/n-triples``), so those formats are served as they should be;
the table's own entries are kept."""
from __future__ import annotations

REPLACES = "ckanext.dcat.utils.CONTENT_TYPES"
WRITTEN_FOR = {"ckan": "2.12.0", "ckanext-dcat": "2.4.4"}
KEEP_ON_OTHER_VERSIONS = True  # it only adds entries the table lacks
IF_OTHER_VERSION = "Kept on: it only adds the formats ckanext-dcat's table lacks."


def missing_content_types() -> dict[str, str]:
    """rdflib's short serializer names and their media types, for the names
    that have one (a serializer registered under a ``type/subtype`` name)."""
    from rdflib.plugin import plugins
    from rdflib.serializer import Serializer

    found = list(plugins(kind=Serializer))
    media = {plugin.class_name: plugin.name for plugin in found if "/" in plugin.name}
    return {plugin.name: media[plugin.class_name] for plugin in found
            if "/" not in plugin.name and plugin.class_name in media}


def install(on: bool) -> None:
    if not on:
        return
    try:
        from ckanext.dcat import utils
    except ImportError:  # ckanext-dcat not installed: nothing to complete
        return
    for name, content_type in missing_content_types().items():
        utils.CONTENT_TYPES.setdefault(name, content_type)

"""compat/harvest_index_hook.py: ckanext-harvest's before_dataset_index
answered from the harvesters' per-chunk lookup gives what the hook asking
the database gives, for harvested datasets and others."""
from __future__ import annotations

import copy
import json

import sqlalchemy as sa

import ckan.plugins as p
from ckan import model
from ckan.tests.helpers import call_action

from ckanext.tdpf.compat import harvest_index_hook
from ckanext.tdpf_harvesters import index_lookups


def _index_dict(name: str, **extra) -> dict:
    shown = call_action("package_show", context={"use_cache": False}, id=name)
    return {"id": shown["id"], "name": name, "data_dict": json.dumps(shown),
            "validated_data_dict": json.dumps(shown), **extra}


def _harvest_plugin():
    [found] = [plugin for plugin in p.PluginImplementations(p.IPackageController)
               if type(plugin).__name__ == "Harvest"]
    return found


def test_answered_hook_gives_what_the_hook_asking_the_database_gives(catalog_ids):
    from ckanext.harvest.plugin import Harvest

    assert Harvest.before_dataset_index is harvest_index_hook.before_dataset_index
    plugin = _harvest_plugin()
    dicts = [_index_dict("harvested-one"), _index_dict("grouped"),
             _index_dict("harvested-one", status={"a": 1}), _index_dict("vocab-one",
                                                                       harvest_source_id="x")]
    expected = [harvest_index_hook._hook["original"](plugin, copy.deepcopy(d)) for d in dicts]
    assert json.loads(expected[0]["data_dict"])["extras"][-1]["key"] == "harvest_source_title"
    asked = []
    listen = (model.meta.engine, "before_cursor_execute",
              lambda *args: asked.append(args[2]) if "FROM harvest_object" in args[2] else None)
    answers = index_lookups.current_objects([d["id"] for d in dicts])
    sa.event.listen(*listen)
    try:
        with harvest_index_hook.answering(answers):
            got = [plugin.before_dataset_index(copy.deepcopy(d)) for d in dicts]
    finally:
        sa.event.remove(*listen)
    assert [list(g.items()) for g in got] == [list(e.items()) for e in expected]
    assert asked == []
    # outside a chunk the hook is ckanext-harvest's own
    assert plugin.before_dataset_index(copy.deepcopy(dicts[0])) == expected[0]

"""Chunk-wide lookups (ckanext.tdpf.prefetch): one query per chunk inside,
the single query outside, nothing kept from one chunk to the next."""
from __future__ import annotations

from ckanext.tdpf import prefetch


class _Store:
    def __init__(self, data):
        self.data, self.calls = data, []

    def one(self, key):
        self.calls.append(("one", key))
        return self.data.get(key)

    def many(self, keys):
        self.calls.append(("many", tuple(keys)))
        return {k: self.data[k] for k in keys if k in self.data}


def test_inside_a_chunk_one_query_answers_every_dataset_of_it():
    store = _Store({"a": 1, "c": 3})
    lookup = prefetch.Lookup(store.one, store.many)
    with prefetch.chunk(["a", "b", "c"]):
        assert [lookup(k) for k in ("a", "b", "c", "a")] == [1, None, 3, 1]
        assert lookup("z") is None  # not in the chunk: its own query, once
        assert lookup("z") is None
    assert store.calls == [("many", ("a", "b", "c")), ("one", "z")]


def test_outside_a_chunk_every_call_asks():
    store = _Store({"a": 1})
    lookup = prefetch.Lookup(store.one, store.many)
    assert lookup("a") == 1 and lookup("a") == 1
    assert store.calls == [("one", "a"), ("one", "a")]
    assert not prefetch.active()


def test_lookups_by_other_keys_are_remembered_until_the_chunk_ends():
    store = _Store({"org": "x"})
    lookup = prefetch.Lookup(store.one)
    with prefetch.chunk(["a"]):
        assert lookup("org") == "x" and lookup("org") == "x"
    store.data["org"] = "changed"
    with prefetch.chunk(["a"]):
        assert lookup("org") == "changed"
    assert store.calls == [("one", "org"), ("one", "org")]


def test_get_many_leaves_out_defaults_and_asks_only_for_the_rest():
    store = _Store({"a": {"u": 1}})
    lookup = prefetch.Lookup(store.one, store.many, default={})
    assert lookup.get_many(["a", "b"]) == {"a": {"u": 1}}
    with prefetch.chunk(["a", "b"]):
        assert lookup.get_many(["a", "b", "c"]) == {"a": {"u": 1}}
        assert lookup.get_many(["c"]) == {}
    assert store.calls == [("many", ("a", "b")), ("many", ("a", "b")), ("many", ("c",))]

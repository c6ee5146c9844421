"""Uses ckanext-harvest's queue internals (``ckanext.harvest.queue``:
``get_harvester``, ``gather_stage``, ``fetch_and_import_stages``,
``get_fetch_consumer``, ``fetch_callback``, ``get_fetch_queue_name``,
``get_gather_routing_key``, ``get_fetch_routing_key``) for
the harvesters' own loops: ``ckan tdpf harvest run --here`` gathers a job
and imports its objects in forked processes, and
``ckan tdpf harvest fetch-consumer`` is ckanext-harvest's fetch consumer
that hands over to a fresh process past a memory limit.

On another ckanext-harvest version, ``run --here`` still calls the stages
(a harvester has no other entry points), and the fetch consumer is
ckanext-harvest's own (``ckanext.harvest.utils.fetch_consumer``), without
the memory limit.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import active

REPLACES = "ckanext.harvest.queue's stages and fetch consumer"
WRITTEN_FOR = {"ckanext-harvest": "1.6.3"}
IF_OTHER_VERSION = ("The fetch consumer is ckanext-harvest's own: no restart past "
                    "import_worker_max_rss_mb.")


def waiting_lists() -> dict[str, str]:
    """The Redis lists holding the harvest jobs and objects waiting for a
    consumer (ckanext-harvest's Redis backend), by queue name; none without
    ckanext-harvest (/health/ready and /metrics report their lengths)."""
    try:
        from ckanext.harvest.queue import get_fetch_routing_key, get_gather_routing_key
    except ImportError:
        return {}
    return {"harvest_gather": get_gather_routing_key(), "harvest_fetch": get_fetch_routing_key()}


def harvester_for(source_type: str) -> Any:
    """The harvester plugin of a source type (ckanext-harvest's lookup)."""
    from ckanext.harvest.queue import get_harvester

    return get_harvester(source_type)


def gather(harvester: Any, job: Any) -> list[str]:
    """ckanext-harvest's gather stage of ``job``: the ids of its objects."""
    from ckanext.harvest.queue import gather_stage

    return gather_stage(harvester, job) or []


def fetch_and_import(harvester: Any, obj: Any) -> None:
    """ckanext-harvest's fetch and import stages for one waiting object."""
    from ckanext.harvest.queue import fetch_and_import_stages

    fetch_and_import_stages(harvester, obj)


def consume_fetch_queue(enough: Callable[[], bool]) -> bool:
    """ckanext-harvest's fetch consumer; True when it stopped because
    ``enough()`` said so after a message was imported and acknowledged."""
    if not active("harvest_queue"):
        from ckanext.harvest.utils import fetch_consumer

        fetch_consumer()
        return False
    from ckanext.harvest.queue import fetch_callback, get_fetch_consumer, get_fetch_queue_name

    consumer: Any = get_fetch_consumer()
    for method, header, body in consumer.consume(queue=get_fetch_queue_name()):
        fetch_callback(consumer, method, header, body)
        if enough():
            return True
    return False

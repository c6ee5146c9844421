"""The search backend's Prometheus metrics (served by ``/metrics``,
ckanext.tdpf.ops): search latency and result counts, and the facet and
ranking caches' sizes and hits. Updated where the work happens; in
multiprocess mode (``PROMETHEUS_MULTIPROC_DIR``) each web process writes its
own file and a scrape adds them up."""
from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

SEARCH_SECONDS = Histogram(
    "tdpf_search_seconds", "Time the PostgreSQL search backend took per search",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
SEARCH_RESULTS = Histogram(
    "tdpf_search_results", "Datasets found per search (all pages)",
    buckets=(0, 1, 10, 100, 1000, 10_000, 100_000, 1_000_000))
FACET_CACHE_LOOKUPS = Counter(
    "tdpf_facet_cache_lookups", "Facet-cache reads: hit (every matching row cached) "
    "or miss (rows read from the database first)", ["result"])
FACET_CACHE_ROWS = Gauge(
    "tdpf_facet_cache_rows", "Index rows held by a web process's facet cache (largest process)",
    multiprocess_mode="livemax")
RANK_CACHE_LOOKUPS = Counter(
    "tdpf_rank_cache_lookups", "Ranking tier-set lookups: hit (cached) or miss (computed)",
    ["result"])
RANK_CACHE_BYTES = Gauge(
    "tdpf_rank_cache_bytes", "Memory of the ranking caches' tier sets (all live processes)",
    multiprocess_mode="livesum")
RANK_CACHE_ENTRIES = Gauge(
    "tdpf_rank_cache_entries", "Tier sets in the ranking caches (all live processes)",
    multiprocess_mode="livesum")


def lookups(counter: Counter, hits: int, misses: int) -> None:
    if hits:
        counter.labels("hit").inc(hits)
    if misses:
        counter.labels("miss").inc(misses)

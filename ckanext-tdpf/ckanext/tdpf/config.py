"""Typed access to the tdpf plugin's options (declared in
config_declaration.yaml, which holds the defaults)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def search_backend() -> str:
    return tk.config.get("ckanext.tdpf.search.backend")


def search_rebuild_chunk() -> int:
    return max(1, int(tk.config.get("ckanext.tdpf.search.rebuild_chunk")))


def search_rank_cache_bytes() -> int:
    return max(0, int(tk.config.get("ckanext.tdpf.search.rank_cache_mb"))) * 2**20


def resource_search_default_limit() -> int:
    return tk.config.get("ckanext.tdpf.resource_search.default_limit")


def fast_validation() -> bool:
    return tk.asbool(tk.config.get("ckanext.tdpf.fast_validation"))


def doctor_redis_timeout() -> int:
    return tk.config.get("ckanext.tdpf.doctor.redis_timeout")


def health_cache_seconds() -> int:
    return tk.config.get("ckanext.tdpf.health.cache_seconds")


def metrics_allow_addresses() -> list[str]:
    return tk.config.get("ckanext.tdpf.metrics.allow_addresses")


def outbound_timeout() -> float:
    return float(tk.config.get("ckanext.tdpf.outbound.timeout"))


def outbound_retries() -> int:
    return tk.config.get("ckanext.tdpf.outbound.retries")


def outbound_backoff() -> float:
    return float(tk.config.get("ckanext.tdpf.outbound.backoff"))


def outbound_max_bytes() -> int:
    return tk.config.get("ckanext.tdpf.outbound.max_bytes")


def outbound_allow_hosts() -> list[str]:
    return tk.config.get("ckanext.tdpf.outbound.allow_hosts")


def outbound_deny_hosts() -> list[str]:
    return tk.config.get("ckanext.tdpf.outbound.deny_hosts")


def outbound_user_agent() -> str:
    return tk.config.get("ckanext.tdpf.outbound.user_agent")


def outbound_rate_limit() -> float:
    return float(tk.config.get("ckanext.tdpf.outbound.rate_limit"))


def datarate_check_interval() -> int:
    return tk.config.get("ckanext.tdpf.datarate.check_interval")


def datarate_scan_batch() -> int:
    return tk.config.get("ckanext.tdpf.datarate.scan_batch")


def datarate_check_on_change() -> bool:
    return tk.config.get("ckanext.tdpf.datarate.check_on_change")


def web_csp_extra_sources() -> str:
    return tk.config.get("ckanext.tdpf.web.csp.extra_sources") or ""


def web_csp_report_only() -> bool:
    return tk.asbool(tk.config.get("ckanext.tdpf.web.csp.report_only"))


def files_enabled() -> bool:
    return tk.asbool(tk.config.get("ckanext.tdpf.files.enabled"))


def files_max_bytes() -> int:
    return int(tk.config.get("ckanext.tdpf.files.max_bytes"))


def files_fetch_timeout() -> float:
    return float(tk.config.get("ckanext.tdpf.files.fetch_timeout"))


def files_job_timeout() -> int:
    return int(tk.config.get("ckanext.tdpf.files.job_timeout"))


def files_recheck_interval() -> int:
    return int(tk.config.get("ckanext.tdpf.files.recheck_interval"))


def files_batch() -> int:
    return max(1, int(tk.config.get("ckanext.tdpf.files.batch")))


def files_dir() -> str:
    return tk.config.get("ckanext.tdpf.files.dir") or ""


def preview_max_rows() -> int:
    return max(1, int(tk.config.get("ckanext.tdpf.preview.max_rows")))


def preview_map_tiles() -> str:
    return tk.config.get("ckanext.tdpf.preview.map_tiles") or ""


def preview_map_attribution() -> str:
    return tk.config.get("ckanext.tdpf.preview.map_attribution") or ""


def preview_map_max_points() -> int:
    return max(1, int(tk.config.get("ckanext.tdpf.preview.map_max_points")))


def searchlog_enabled() -> bool:
    return tk.asbool(tk.config.get("ckanext.tdpf.searchlog.enabled"))


def searchlog_retention_days() -> int:
    return max(1, int(tk.config.get("ckanext.tdpf.searchlog.retention_days")))


def usage_enabled() -> bool:
    return tk.asbool(tk.config.get("ckanext.tdpf.usage.enabled"))


def usage_bot_agents() -> str:
    return tk.config.get("ckanext.tdpf.usage.bot_agents") or ""

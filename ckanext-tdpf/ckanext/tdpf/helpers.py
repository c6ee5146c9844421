"""Template helpers of the tdpf plugin (``h.tdpf_*``)."""
from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk

from . import display, facets
from .vocab import choices, municipality
from .vocab.lists import as_list

__all__ = ["tdpf_scheming_choices", "tdpf_choice_label", "tdpf_municipality_label",
           "tdpf_municipality_codes", "tdpf_lang",
           # catalog UI
           "tdpf_locale_url", "tdpf_home_summary", "tdpf_focus_areas",
           "tdpf_search_sorting", "tdpf_dataset_sections", "tdpf_cadde_question",
           "tdpf_cadde_answer", "tdpf_is_http_url", "tdpf_licence_label"]


def tdpf_lang() -> str:
    return facets.current_lang()


def tdpf_scheming_choices(field: dict) -> list[dict]:
    """ckanext-scheming ``choices_helper``: the field's ``tdpf_vocab`` list."""
    return choices.scheming_choices(field["tdpf_vocab"])


def tdpf_choice_label(vocab: str, value: str) -> str:
    return choices.label(vocab, value, tdpf_lang())


def tdpf_municipality_label(code: str) -> str:
    """「東京都 千代田区」 for 131016; the code itself when unknown."""
    return municipality.label(code)


def tdpf_municipality_codes(value: Any) -> list[str]:
    """The codes of a dataset field, whatever shape it arrives in."""
    # Older records may hold "131016, 131024" as one plain value.
    return [c.strip() for v in as_list(value) for c in re.split("[,、]", v) if c.strip()]


# Catalog UI ---------------------------------------------------------------

def tdpf_locale_url(lang: str) -> str:
    """The current page in another language: ``/en/...`` for English, the
    plain path for Japanese (the default locale)."""
    locale = "default" if lang == tk.config.get("ckan.locale_default") else lang
    return tk.h.url_for(tk.h.current_url(), locale=locale)


def tdpf_home_summary(recent: int = 5) -> dict[str, Any]:
    """Counts by provider type and by source catalog and the recently
    updated datasets, from one package_search (permission labels apply)."""
    result = tk.get_action("package_search")({}, {
        "q": "*:*", "rows": recent, "sort": "metadata_modified desc",
        "facet.field": ["provider_type", "source_catalog_name", "focus_area"],
        "facet.limit": 20, "facet.mincount": 1})
    def items(field: str) -> list[dict]:
        found = result["search_facets"].get(field, {}).get("items", [])
        return sorted(found, key=lambda i: -i["count"])
    return {"count": result["count"], "recent": result["results"],
            "provider_types": items("provider_type"),
            "source_catalogs": items("source_catalog_name"),
            "focus_counts": {i["name"]: i["count"] for i in items("focus_area")}}


def tdpf_focus_areas() -> list[dict[str, str]]:
    """The TDPF focus areas with a home-page entry (防災, まちづくり)."""
    lang = tdpf_lang()
    return [{"value": v, "label": ja if lang == "ja" else en}
            for v, ja, en in choices.FOCUS_AREAS if v != "other"]


def tdpf_search_sorting() -> list[tuple[str, str]]:
    """Sort options of the dataset search page, with データレート順."""
    _ = tk._
    return [(_("Relevance"), "score desc, metadata_modified desc"),
            (_("Data rate, best first"), facets.DATA_RATE_SORT),
            (_("File level, best first"), facets.FILE_LEVEL_SORT),
            (_("Last Modified"), "metadata_modified desc"),
            (_("Name Ascending"), "title_string asc"),
            (_("Name Descending"), "title_string desc")]


def tdpf_dataset_sections(pkg: dict[str, Any], schema: dict[str, Any]) -> list[dict]:
    return display.sections(pkg, schema)


def tdpf_cadde_question(field_name: str) -> str | None:
    return display.cadde_question(field_name, tdpf_lang())


def tdpf_cadde_answer(field_name: str, value: Any) -> str:
    return display.cadde_answer(field_name, value, tdpf_lang())


def tdpf_is_http_url(value: Any) -> bool:
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


# -- data rate (logic in datarate/) ---------------------------------------------
__all__ += ["tdpf_search_help", "tdpf_search_snippet"]


def tdpf_search_help() -> dict:
    """On the dataset search page, when the search found nothing for all
    its words: the words, whether any-word results are shown, the
    「もしかして」 suggestion and the data request link (searchhelp.py)."""
    from . import searchhelp
    return searchhelp.page_state()


def tdpf_search_snippet(package: dict) -> Any:
    """The result's description around the searched words, marked."""
    from . import searchhelp
    return searchhelp.page_snippet(package)


__all__ += ["tdpf_data_rate", "tdpf_data_rate_badges", "tdpf_data_rate_chart",
            "tdpf_data_rate_report_visible", "tdpf_file_rate", "tdpf_file_state_label"]


def tdpf_data_rate(pkg_dict: dict) -> dict:
    """Score /405, rating, stars, dimensions and missing indicators with how
    to fix each, in the page's language."""
    from .datarate import present
    return present.for_display(pkg_dict, tdpf_lang())


def tdpf_data_rate_badges(packages: list[dict]) -> list[dict]:
    """Badge figures of a list of datasets, in order: one query for them all."""
    from .datarate import present
    return present.badges(list(packages), tdpf_lang())


def tdpf_data_rate_chart(report: dict, kind: str = "distribution", rows: Any = None,
                         title: str = "") -> Any:
    """SVG chart of a data rate report: ``distribution``, ``groups`` (ratings
    per organisation), ``file_groups`` (file levels per organisation) or
    ``rules`` (the rules failed most often)."""
    from .datarate import chart
    if kind == "groups":
        return chart.by_group(rows or [], report["ratings"], title)
    if kind == "file_groups":
        return chart.by_group(rows or [], report["file_levels"], title, field="file_levels",
                              colours=chart.LEVEL_COLOURS)
    if kind == "rules":
        return chart.bars(report["failed_rules"], title, colour="#c4272f")
    return chart.distribution(report, title)


def tdpf_file_rate(res: dict) -> dict | None:
    """The file pipeline's verdict on one resource (levels, score, level,
    findings in the page's language; cell values left out of a gated file
    the user may not read), None when the pipeline does not read it."""
    from .datarate import files, present
    rated = files.resource_files([res], getattr(tk.current_user, "name", None) or None,
                                 tdpf_lang())
    return present.label_file(rated[0], tdpf_lang()) if rated else None


def tdpf_file_state_label(state: str) -> str:
    """A state of the file pipeline (files/model.py) as people read it."""
    from .datarate import present
    return tk._(present.FILE_STATE_LABELS.get(state, state))


def tdpf_data_rate_report_visible(organization: str | None = None) -> bool:
    """May the current user open the data rate report (/data-rate), or the
    report of ``organization`` (its members and operators)?"""
    from ckan import authz
    user = getattr(tk.current_user, "name", "") or ""
    if not user or not tk.h.check_access("tdpf_data_rate_report"):
        return False
    return (not organization or authz.is_sysadmin(user)
            or authz.has_user_permission_for_group_or_org(organization, user, "read"))


def tdpf_licence_label(licence_id: str) -> str:
    """The licence's title in the user's language (CKAN shows the Japanese
    title of licenses.json everywhere)."""
    return facets.licence_label(licence_id, tdpf_lang())


# -- usage of open data (logic in usage/) ---------------------------------------
__all__ += ["tdpf_most_viewed", "tdpf_usage_resource_href", "tdpf_usage_visible"]


def tdpf_most_viewed(limit: int = 5) -> list[dict]:
    """The home page's most viewed public datasets of the last 30 days."""
    from .usage import report
    try:
        return report.most_viewed(limit)
    except Exception:  # noqa: BLE001 - the home page stays up without the list
        import logging
        logging.getLogger(__name__).exception("most viewed datasets")
        return []


def tdpf_usage_resource_href(pkg: dict, res: dict) -> str:
    """A resource's link through CKAN's download route, which redirects to
    a URL hosted at the source, so the click-through is counted (and a
    gated resource meets the market's guard there, as before)."""
    url = res.get("url") or ""
    site = tk.config.get("ckan.site_url", "").rstrip("/") + "/"
    # uploads and on-site links (the market's gated routes) count themselves
    if res.get("url_type") == "upload" or not tdpf_is_http_url(url) or url.startswith(site):
        return url
    return tk.h.url_for(f"{pkg.get('type') or 'dataset'}_resource.download",
                        id=pkg.get("name") or pkg.get("id"), resource_id=res["id"])


def tdpf_usage_visible() -> bool:
    """May the current user open the provider usage dashboard (/usage)?"""
    return bool(getattr(tk.current_user, "name", "")) and tk.h.check_access(
        "tdpf_open_usage_show")


__all__ += ["tdpf_without_inline_scripts"]


def tdpf_without_inline_scripts(html: Any) -> Any:
    """A rendered block of a core template without inline scripts and
    handlers (``preview.inline_scripts``): the page policy runs none."""
    from .preview.inline_scripts import without_inline_scripts
    return without_inline_scripts(html)

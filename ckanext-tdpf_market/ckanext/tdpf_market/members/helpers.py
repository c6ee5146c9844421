"""Template helpers of member profiles."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.tdpf.facets import current_lang
from ckanext.tdpf.vocab import choices

__all__ = ["tdpf_market_member_type_options", "tdpf_market_member_tiers"]


def tdpf_market_member_type_options() -> list[dict[str, str]]:
    """The sign-up form's choices: none (browse only) or a member type."""
    lang = current_lang()
    return [{"value": "", "text": tk._("Not a member (browse only)")}] + [
        {"value": v, "text": ja if lang == "ja" else en} for v, ja, en in choices.MEMBER_TYPES]


def tdpf_market_member_tiers() -> list:
    """(value, ja, en) of the member tiers (無料 / 有料)."""
    return list(choices.MEMBER_TIERS)

"""The parameters of the core's chained actions that read them themselves
(navl schemas of ``logic.action_input`` validators)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import Schema, Validator, ValidatorFactory


@tk.validator_args
def resource_search_page(default: ValidatorFactory, tdpf_ignore_empty: Validator,
                         tdpf_whole_number: ValidatorFactory) -> Schema:
    """``limit`` left out: the caller's default applies."""
    return {"offset": [default(0), tdpf_whole_number(0, None)],
            "limit": [tdpf_ignore_empty, tdpf_whole_number(0, None)]}


@tk.validator_args
def package_list_page(default: ValidatorFactory, tdpf_ignore_empty: Validator,
                      tdpf_whole_number: ValidatorFactory) -> Schema:
    """current_package_list_with_resources: ``limit`` left out is
    package_search's own default; ``page`` counts from 1."""
    return {"limit": [tdpf_ignore_empty, tdpf_whole_number(0, None)],
            "offset": [default(0), tdpf_whole_number(0, None)],
            "page": [default(1), tdpf_whole_number(1, None)]}

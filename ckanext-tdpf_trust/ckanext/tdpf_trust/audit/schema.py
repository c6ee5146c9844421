"""The parameters of an audit log query (a navl schema)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import Schema, Validator, ValidatorFactory

MAX_LIMIT = 1000


@tk.validator_args
def audit_list(default: ValidatorFactory, tdpf_stripped: Validator,
               tdpf_whole_number: ValidatorFactory) -> Schema:
    """Filters left empty are None (no filter)."""
    return {**{key: [tdpf_stripped, default(None)]
               for key in ("event", "object_type", "object_id")},
            "limit": [default(100), tdpf_whole_number(1, MAX_LIMIT)],
            "offset": [default(0), tdpf_whole_number(0, 10 ** 9)]}

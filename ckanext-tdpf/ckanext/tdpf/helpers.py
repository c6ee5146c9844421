"""Template helpers of the tdpf plugin (``h.tdpf_*``)."""
from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk

from .vocab import choices, municipality

__all__ = ["tdpf_scheming_choices", "tdpf_choice_label", "tdpf_municipality_label",
           "tdpf_municipality_codes", "tdpf_lang"]


def tdpf_lang() -> str:
    return "en" if tk.h.lang() == "en" else "ja"


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
    if not value:
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            value = value.replace("、", ",").split(",")
    return [str(v).strip() for v in value if str(v).strip()]

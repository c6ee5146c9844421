"""Factories for TDPF tests: CKAN's, with what the TDPF schema requires."""
from __future__ import annotations

import ckan.plugins as p
import ckan.tests.factories as ckan_factories

# The five attestations of a warranty (表明保証, tdpf_trust's publication gate).
WARRANTY = {"personal_data": True, "consent": True, "accuracy": True,
            "right_to_provide": True, "legal_compliance": True}


class Dataset(ckan_factories.Dataset):
    """A dataset under the TDPF schema (licence is required). With the
    trust plugin loaded it is created with a warranty, as a provider
    publishing it would (the publication gate refuses public datasets
    without one); pass ``tdpf_warranty_attestation=None`` to leave it out."""

    license_id = "cc-by-4.0"

    @classmethod
    def _create(cls, target_class, *args, **kwargs):
        if p.plugin_loaded("tdpf_trust") and "tdpf_warranty_attestation" not in kwargs:
            kind = kwargs.get("privacy_policy_contains_personal_data") or "非個人情報"
            kwargs["tdpf_warranty_attestation"] = dict(WARRANTY, personal_data_kind=kind)
        elif kwargs.get("tdpf_warranty_attestation", 0) is None:
            kwargs.pop("tdpf_warranty_attestation")
        return super()._create(target_class, *args, **kwargs)

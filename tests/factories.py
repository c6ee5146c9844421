"""Factories for TDPF tests: CKAN's, with what the TDPF schema requires."""
from __future__ import annotations

import ckan.plugins as p
import ckan.tests.factories as ckan_factories

# The five attestations of a warranty (表明保証, tdpf_trust's publication gate).
WARRANTY = {"personal_data": True, "consent": True, "accuracy": True,
            "right_to_provide": True, "legal_compliance": True}


def warranted(**fields):
    """``fields`` of a dataset to create or publish, plus the provider's
    warranty when the trust plugin is loaded (its publication gate refuses
    a public dataset without one); ``personal_data_kind`` follows
    ``privacy_policy_contains_personal_data``."""
    if p.plugin_loaded("tdpf_trust") and "tdpf_warranty_attestation" not in fields:
        kind = fields.get("privacy_policy_contains_personal_data") or "非個人情報"
        fields["tdpf_warranty_attestation"] = dict(WARRANTY, personal_data_kind=kind)
    return fields


class Dataset(ckan_factories.Dataset):
    """A dataset under the TDPF schema (licence is required), with a
    warranty (see ``warranted``); pass ``tdpf_warranty_attestation=None`` to
    leave it out."""

    license_id = "cc-by-4.0"

    @classmethod
    def _create(cls, target_class, *args, **kwargs):
        if kwargs.get("tdpf_warranty_attestation", 0) is None:
            kwargs.pop("tdpf_warranty_attestation")
        else:
            kwargs = warranted(**kwargs)
        return super()._create(target_class, *args, **kwargs)


def run_queued_scans() -> None:
    """Run the trust plugin's queued personal-data scans here and now (the
    scan workers' job in production): a public dataset's new files and
    URLs are withheld from the public until scanned. Remote hosts of test
    data do not resolve: a fetch error, which withholds nothing."""
    if not p.plugin_loaded("tdpf_trust"):
        return
    from ckanext.tdpf_trust.scan import jobs

    jobs.run_queued()

"""What the OpenAPI description says of this feature's actions beyond
their docstrings (``ckanext.tdpf.interfaces.IActionDescriptions``)."""
from __future__ import annotations

from ..warranty.rules import ATTESTATION_KEY

_WARRANTY = {ATTESTATION_KEY: {
    "type": "object", "description": "the warranty given with this call (the fields of "
    "tdpf_warranty_create: personal_data_kind, personal_data, consent, ...)"}}
_WARRANTED = ("A dataset becomes or stays public only with a current warranty "
              f"(tdpf_warranty_create, or {ATTESTATION_KEY} in the same call) and no "
              "other problem the publication gate finds")
_RESOURCE = (f"A warranty may come with the resource ({ATTESTATION_KEY}) for the dataset "
             "update the core makes")

ACTIONS = {
    "package_create": {"note": _WARRANTED, "params": _WARRANTY},
    "package_update": {"note": _WARRANTED, "params": _WARRANTY},
    "bulk_update_public": {"note": "Datasets the publication gate refuses (no current "
                                   "warranty...) are not made public: the error names each"},
    "resource_create": {"note": _RESOURCE, "params": _WARRANTY},
    "resource_update": {"note": _RESOURCE, "params": _WARRANTY},
}

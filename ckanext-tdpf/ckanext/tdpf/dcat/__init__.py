"""DCAT-AP 3 output of the catalog (a ckanext-dcat profile) and the ODRL
usage policies generated from each dataset's stored conditions.

``profile.TdpfDCATAP3Profile`` is registered as the ``tdpf`` entry point of
``ckan.rdf.profiles``; ``odrl.policy_jsonld`` is served by
``views.dcat_policy`` at ``/dataset/<id>/policy.jsonld``."""

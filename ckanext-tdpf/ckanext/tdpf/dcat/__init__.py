"""DCAT-AP 3 output of the catalog (a ckanext-dcat profile) and the ODRL
usage policies generated from each dataset's stored conditions.

``profile.TdpfDCATAP3Profile`` is registered as the ``tdpf`` entry point of
``ckan.rdf.profiles``; ``odrl.offer_graph`` / ``odrl.policy_jsonld`` are the
public facade other plugins (market) reuse."""

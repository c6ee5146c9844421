"""TDPF harvesters (CKAN and DCAT catalogs); filled by the harvest issue."""

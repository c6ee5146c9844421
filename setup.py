"""One installer for the whole TDPF bundle.

Each extension lives in its own top-level folder (``ckanext-tdpf/``, ...)
with a ``ckanext/<name>/`` package inside; ``package_dir`` maps them into the
shared ``ckanext`` namespace so one ``pip install`` registers every plugin.
"""
from __future__ import annotations

from setuptools import find_namespace_packages, setup

BUNDLE = {
    "tdpf": "ckanext-tdpf",
    "tdpf_trust": "ckanext-tdpf_trust",
    "tdpf_market": "ckanext-tdpf_market",
    "tdpf_community": "ckanext-tdpf_community",
    "tdpf_harvesters": "harvesters",
}

packages: list[str] = []
package_dir: dict[str, str] = {}
for name, folder in BUNDLE.items():
    root = f"{folder}/ckanext/{name}"
    package_dir[f"ckanext.{name}"] = root
    packages.append(f"ckanext.{name}")
    packages += [f"ckanext.{name}.{sub}" for sub in find_namespace_packages(root)]

setup(
    name="ckanext-tdpf-bundle",
    version="0.1.0",
    description="Tokyo Data Platform (TDPF) catalog bundle for CKAN 2.12",
    python_requires=">=3.11",
    packages=packages,
    package_dir=package_dir,
    include_package_data=True,
    package_data={"": ["*.yaml", "*.yml", "*.json", "*.html", "*.po", "*.mo",
                       "*.ini", "*.mako", "*.css", "*.js", "*.txt", "*.ttl"]},
    install_requires=[],  # pinned in requirements.txt (CKAN's own style)
    entry_points={
        "ckan.plugins": [
            "tdpf = ckanext.tdpf.plugin:TdpfPlugin",
            "tdpf_map_view = ckanext.tdpf.preview.plugin:TdpfMapViewPlugin",
            "tdpf_trust = ckanext.tdpf_trust.plugin:TdpfTrustPlugin",
            "tdpf_market = ckanext.tdpf_market.plugin:TdpfMarketPlugin",
            "tdpf_community = ckanext.tdpf_community.plugin:TdpfCommunityPlugin",
            "tdpf_ckan = ckanext.tdpf_harvesters.plugin:TdpfCkanHarvesterPlugin",
            "tdpf_dcat = ckanext.tdpf_harvesters.plugin:TdpfDcatHarvesterPlugin",
        ],
        "ckan.rdf.profiles": [
            "tdpf = ckanext.tdpf.dcat.profile:TdpfDCATAP3Profile",
        ],
        "babel.extractors": [
            "ckan = ckan.lib.extract:extract_ckan",
        ],
    },
)

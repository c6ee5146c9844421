"""RDF namespaces and stable URIs of TDPF concepts.

Our own concepts (themes, focus areas, standard datasets, municipalities,
licence "conditional", CADDE keys) live under ``https://w3id.org/tdpf/``: a
permanent-identifier base that does not change with the portal's host name,
so harvesters and other catalogs can rely on it."""
from __future__ import annotations

from rdflib import Namespace

BASE = "https://w3id.org/tdpf/"
TDPF = Namespace(BASE + "ns#")          # properties without a DCAT place
CADDE = Namespace(BASE + "cadde#")      # CADDE 4.0 catalog keys, one property each
ODRL = Namespace("http://www.w3.org/ns/odrl/2/")
PROV = Namespace("http://www.w3.org/ns/prov#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
GSP = Namespace("http://www.opengis.net/ont/geosparql#")

THEME = Namespace(BASE + "theme/")
FOCUS_AREA = Namespace(BASE + "focus-area/")
STANDARD = Namespace(BASE + "standard-dataset/")
MUNICIPALITY = Namespace(BASE + "lg/")     # 全国地方公共団体コード, 6 digits
LICENCE = Namespace(BASE + "licence/")
PURPOSE = Namespace(BASE + "purpose/")
DISCLOSURE = Namespace(BASE + "disclosure/")
ODRL_PROFILE = Namespace(BASE + "odrl/")   # our ODRL profile (custom actions)

# EU Publications Office authority tables and ADMS vocabularies
EU = "http://publications.europa.eu/resource/authority/"
EU_FREQUENCY = Namespace(EU + "frequency/")
EU_LANGUAGE = Namespace(EU + "language/")
EU_ACCESS_RIGHT = Namespace(EU + "access-right/")
EU_FILE_TYPE = Namespace(EU + "file-type/")
EU_DATA_THEME = Namespace(EU + "data-theme/")
EU_COUNTRY = Namespace(EU + "country/")
EU_DATASET_TYPE = Namespace(EU + "dataset-type/")
ADMS_PUBLISHER_TYPE = Namespace("http://purl.org/adms/publishertype/")
ADMS_LICENCE_TYPE = Namespace("http://purl.org/adms/licencetype/")
IANA_MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"

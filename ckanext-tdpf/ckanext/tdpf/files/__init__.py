"""The file pipeline: every CSV/TSV/XLSX/XLS resource is fetched once per
version under the outbound policy, fingerprinted, and analysed on that one
local copy (machine-readability, standard datasets, DataStore preview, the
trust plugin's personal-data scan through ``IFileAnalysers``).

- :mod:`.analysers`: the local copy handed to analysers, the ordered list;
"""
from __future__ import annotations

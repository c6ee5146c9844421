"""Blueprints of the tdpf plugin: each page family in its own module,
listed here for the ``tk.blanket.blueprints`` decorator."""
from __future__ import annotations

from ..edge import tdpf_edge
from ..files.views import tdpf_files
from ..openapi.views import tdpf_openapi
from ..ops.views import tdpf_ops
from ..prepare.views import tdpf_prepare
from ..searchlog.views import tdpf_search_log
from ..usage.views import tdpf_usage
from ..web import tdpf_web
from .datarate import tdpf_data_rate
from .dcat_policy import tdpf_dcat_policy

__all__: list[str] = ["tdpf_dcat_policy", "tdpf_data_rate", "tdpf_edge", "tdpf_openapi",
                      "tdpf_web", "tdpf_search_log", "tdpf_usage", "tdpf_files", "tdpf_ops",
                      "tdpf_prepare"]

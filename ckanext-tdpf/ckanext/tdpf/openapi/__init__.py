"""The OpenAPI 3.1 description of the portal's Action API: ``builder``
makes it from the action registry, the actions' docstrings and the
plugins' ``IActionDescriptions``; ``views`` serves it at
``/api/3/openapi.json`` and as the API reference page ``/api/3/reference``."""

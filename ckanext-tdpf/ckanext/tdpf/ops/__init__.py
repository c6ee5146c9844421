"""Operations: ``/health/live`` and ``/health/ready`` (``health``), the
Prometheus ``/metrics`` (``metrics``), their views (``views``) and the
gunicorn hooks of prometheus_client's multiprocess mode (``gunicorn``).
docs/operations.md lists the metrics and the alerts to set."""

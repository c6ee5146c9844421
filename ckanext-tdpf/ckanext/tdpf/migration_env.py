"""The Alembic environment every TDPF plugin's ``migration/<plugin>/env.py``
runs: its own version table ``<plugin>_alembic_version`` and, for
autogenerate, only the tables whose names start with its prefix."""
from __future__ import annotations

from logging.config import fileConfig
from typing import Any

from alembic import context
from sqlalchemy import engine_from_config, pool

from ckan.model.meta import metadata


def run(plugin: str, table_prefix: str | None = None) -> None:
    config = context.config
    if config.config_file_name:
        fileConfig(config.config_file_name)
    prefix = table_prefix or plugin

    def only_ours(obj, name, type_, reflected, compare_to):
        return name.startswith(prefix) if type_ == "table" else True

    options: dict[str, Any] = {"target_metadata": metadata,
                               "version_table": f"{plugin}_alembic_version",
                               "include_object": only_ours}
    if context.is_offline_mode():
        context.configure(url=config.get_main_option("sqlalchemy.url"),
                          literal_binds=True, **options)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = engine_from_config(config.get_section(config.config_ini_section) or {},
                                prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, **options)
        with context.begin_transaction():
            context.run_migrations()

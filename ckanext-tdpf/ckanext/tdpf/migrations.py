"""Which enabled plugins have Alembic migrations, and which are behind."""
from __future__ import annotations

import inspect
import os

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import model


def migration_ini(plugin: str) -> str | None:
    """Path of ``migration/<plugin>/alembic.ini`` beside the plugin's module,
    where ``ckan db upgrade -p <plugin>`` looks for it."""
    instance = p.get_plugin(plugin)
    if instance is None:
        return None
    root = os.path.dirname(inspect.getsourcefile(type(instance)) or "")
    ini = os.path.join(root, "migration", plugin, "alembic.ini")
    return ini if os.path.exists(ini) else None


def plugins_with_migrations() -> list[str]:
    return [name for name in tk.config.get("ckan.plugins") if migration_ini(name)]


def behind() -> dict[str, tuple[str | None, str | None]]:
    """``{plugin: (current, head)}`` for plugins whose schema is not at head."""
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    out = {}
    for plugin in plugins_with_migrations():
        script = ScriptDirectory.from_config(Config(migration_ini(plugin)))
        ctx = MigrationContext.configure(
            model.Session.connection(),
            opts={"version_table": f"{plugin}_alembic_version"})
        head, current = script.get_current_head(), ctx.get_current_revision()
        if head != current:
            out[plugin] = (current, head)
    return out

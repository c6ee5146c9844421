"""データ整備 (data preparation): a municipality's messy file turned into
standard, machine-readable tables by named, replayable steps.

- :mod:`.sources`: files in (CSV/TSV in any encoding, .xlsx, old .xls,
  PDF tables), one :class:`~.table.Table` per sheet or table;
- :mod:`.steps`: the step library (each a pure function with JSON
  parameters and a ``propose``);
- :mod:`.recipe`: the ordered steps as versioned JSON, proposed or replayed;
- :mod:`.run`: one file through it all, UTF-8 CSV out, L1-L3 before/after;
- :mod:`.views`: the workbench page per resource (データ整備).

Facade::

    from ckanext.tdpf import prepare
    result = prepare.prepare_file(path, out_dir, recipe=None, hints={"standard": "aed"})
    result.recipe.to_json()          # replay on the next edition:
    prepare.prepare_file(next_path, out_dir, recipe=prepare.Recipe.from_json(saved))
"""
from __future__ import annotations

from .recipe import Recipe, RecipeError, propose
from .run import Result, prepare_file
from .sources import read
from .table import Table

__all__ = ["Recipe", "RecipeError", "Result", "Table", "prepare_file", "propose", "read"]

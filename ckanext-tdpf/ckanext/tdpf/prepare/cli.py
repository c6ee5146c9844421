"""`ckan tdpf prepare FILE... --out DIR`: data preparation in batch, for
operators who prepare files as a service."""
from __future__ import annotations

import json
from pathlib import Path

import click

__all__ = ["prepare"]


def _level(value: int | None) -> str:
    return "-" if value is None else str(value)


def _levels(levels: dict[str, int | None]) -> str:
    return "/".join(_level(levels.get(k)) for k in ("L1", "L2", "L3"))


@click.command("prepare", short_help="データ整備: files to standard UTF-8 CSV")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the CSV results and each file's recipe.")
@click.option("--recipe", "recipe_path", type=click.Path(exists=True, dir_okay=False,
                                                          path_type=Path),
              help="Replay this recipe (JSON) instead of proposing steps.")
@click.option("--standard", default=None,
              help="Map the columns to this standard dataset (aed, evacuation_space, ...).")
@click.option("--municipality", default=None,
              help="The 6-digit local government code to fill in.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
def prepare(files: tuple[Path, ...], out: Path, recipe_path: Path | None,
            standard: str | None, municipality: str | None, as_json: bool):
    """CSV/TSV (any encoding), .xlsx, .xls and PDF tables to UTF-8 CSV:
    the proposed steps (or --recipe), each sheet or table its own result,
    with the L1-L3 scores before and after."""
    from .. import standards
    from .recipe import Recipe, RecipeError
    from .run import prepare_file

    if standard and standard.partition("-")[0] not in standards.standards():
        raise click.BadParameter(f"unknown standard: {standard} "
                                 f"(one of {', '.join(sorted(standards.standards()))})",
                                 param_hint="--standard")
    recipe = None
    if recipe_path:
        try:
            recipe = Recipe.from_json(recipe_path.read_text(encoding="utf-8"))
        except (RecipeError, UnicodeDecodeError) as exc:
            raise click.BadParameter(str(exc), param_hint="--recipe") from exc
    hints = {k: v for k, v in (("standard", standard), ("municipality", municipality)) if v}
    results, failures = [], []
    with click.progressbar(files, label="preparing", show_pos=True,
                           item_show_func=lambda p: p.name if p else None) as bar:
        for path in bar:
            try:
                results.append(prepare_file(str(path), str(out), recipe=recipe, hints=hints))
            except (ValueError, OSError) as exc:
                failures.append((path, str(exc)))
    if as_json:
        click.echo(json.dumps({"results": [r.to_dict() for r in results],
                               "failures": [{"file": str(p), "error": e} for p, e in failures]},
                              ensure_ascii=False, indent=2))
    else:
        click.echo(f"{'file':<44} {'format':<6} {'before':>12} {'after':>12} {'tables':>6} steps")
        for r in results:
            click.echo(f"{Path(r.source).name[:44]:<44} {r.format:<6} {_levels(r.before):>12} "
                       f"{_levels(r.after):>12} {len(r.outputs):>6} "
                       f"{', '.join(s.name for s in r.recipe.steps) or '-'}")
        for path, error in failures:
            click.echo(f"{path.name[:44]:<44} not prepared: {error}")
    if failures:
        raise SystemExit(1)

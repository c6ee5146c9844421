"""The allowed dependency directions of ARCHITECTURE.md, enforced.

Every .py file of our four packages is parsed (never imported) and each
import is checked: ``import``/``from ... import`` (relative ones resolved),
and ``importlib.import_module(...)``, ``import_module(...)`` and
``__import__(...)`` with a literal name (an f-string counts by its literal
start, so ``f"ckanext.tdpf_trust.{feature}"`` is caught). Calls of
``plugin_loaded("tdpf...")`` are refused too: a plugin asks the core's
interfaces instead of checking which plugins are there. A failure names
file:line and the rule it breaks."""
from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# dotted package -> its directory
PACKAGES = {
    "ckanext.tdpf": ROOT / "ckanext-tdpf" / "ckanext" / "tdpf",
    "ckanext.tdpf_trust": ROOT / "ckanext-tdpf_trust" / "ckanext" / "tdpf_trust",
    "ckanext.tdpf_market": ROOT / "ckanext-tdpf_market" / "ckanext" / "tdpf_market",
    "ckanext.tdpf_community": ROOT / "ckanext-tdpf_community" / "ckanext" / "tdpf_community",
    "ckanext.tdpf_harvesters": ROOT / "harvesters" / "ckanext" / "tdpf_harvesters",
}

# The parts, most specific prefix first.
PARTS = (
    ("ckanext.tdpf.search", "search"),
    ("ckanext.tdpf.compat", "compat"),
    ("ckanext.tdpf_trust", "trust"),
    ("ckanext.tdpf_market", "market"),
    ("ckanext.tdpf_community", "community"),
    ("ckanext.tdpf_harvesters", "harvesters"),
    ("ckanext.tdpf", "core"),
    ("ckanext.harvest", "ckanext-harvest"),
)

# part -> the parts it may import (parts not named here are outside code:
# CKAN, ckanext-dcat, libraries).
ALLOWED = {
    "core": {"core", "search", "compat"},
    "search": {"search", "compat", "core"},  # core: only SEARCH_MAY_USE
    "compat": {"compat", "core", "search", "ckanext-harvest"},
    "trust": {"trust", "core", "search", "compat"},
    "market": {"market", "core", "search", "compat"},
    "community": {"community", "core", "search", "compat"},
    "harvesters": {"harvesters", "core", "search", "compat", "ckanext-harvest"},
}

# The core modules the search backend may use: its settings and shared
# infrastructure, none of the catalog's feature code.
SEARCH_MAY_USE = ("ckanext.tdpf.config", "ckanext.tdpf.prefetch", "ckanext.tdpf.interfaces",
                  "ckanext.tdpf.clock")

CORE_NEVER = ("the core never imports a plugin: declare an interface in "
              "ckanext/tdpf/interfaces.py that the plugin implements")
SIDEWAYS = "trust, market, community and the harvesters meet only through core interfaces or signals"
HARVEST = "only ckanext/tdpf/compat/ and the harvesters use ckanext-harvest internals"
SEARCH = ("the search backend imports none of our feature code (of the core it uses "
          f"{', '.join(SEARCH_MAY_USE)})")


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    importer: str
    imported: str
    rule: str

    def __str__(self) -> str:
        verb = "calls" if self.imported.startswith("plugin_loaded(") else "imports"
        return f"{self.path}:{self.line}: {self.importer} {verb} {self.imported}: {self.rule}"


def part_of(module: str) -> str | None:
    for prefix, part in PARTS:
        if module == prefix or module.startswith(prefix + "."):
            return part
    return None


def _rule(source: str, target: str) -> str:
    if target in ("trust", "market", "community", "harvesters"):
        return CORE_NEVER if source in ("core", "search", "compat") else SIDEWAYS
    if target == "ckanext-harvest":
        return HARVEST
    return f"{source} may import only {', '.join(sorted(ALLOWED[source]))}"


def allowed(importer: str, imported: str) -> str | None:
    """None when ``importer`` (a module) may import ``imported``; else why not."""
    source, target = part_of(importer), part_of(imported)
    if source is None or target is None:
        return None
    if target not in ALLOWED[source]:
        return _rule(source, target)
    if source == "search" and target == "core" and not any(
            imported == m or imported.startswith(m + ".") for m in SEARCH_MAY_USE):
        return SEARCH
    return None


def _resolve(module: str, is_package: bool, level: int, name: str | None) -> str:
    """The absolute name of a relative import inside ``module``."""
    base = module.split(".") if is_package else module.split(".")[:-1]
    if level > 1:
        base = base[:-(level - 1)]
    return ".".join(base + ([name] if name else []))


def _literal_start(node: ast.AST) -> str | None:
    """A string literal, or the literal start of an f-string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values:
        first = node.values[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return first.value.rstrip(".")
    return None


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def imports_of(module: str, source: str, is_package: bool = False) -> Iterator[tuple[int, str]]:
    """(line, imported name) of every import in ``source``; ``from a import
    b`` yields ``a.b`` (a submodule or a name of ``a``: the part is the same)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, is_package, node.level, node.module) if node.level \
                else node.module or ""
            for alias in node.names:
                yield node.lineno, base if alias.name == "*" else f"{base}.{alias.name}"
        elif isinstance(node, ast.Call) and node.args \
                and _call_name(node) in ("import_module", "__import__"):
            name = _literal_start(node.args[0])
            if name:
                if name.startswith("."):
                    level = len(name) - len(name.lstrip("."))
                    name = _resolve(module, is_package, level, name.lstrip(".") or None)
                yield node.lineno, name


def plugin_checks_of(source: str) -> Iterator[tuple[int, str]]:
    """(line, plugin name) of every ``plugin_loaded("tdpf...")``."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _call_name(node) == "plugin_loaded" and node.args:
            name = _literal_start(node.args[0])
            if name and name.startswith("tdpf"):
                yield node.lineno, name


def check_source(module: str, source: str, path: str,
                 is_package: bool = False) -> list[Violation]:
    out = []
    for line, imported in imports_of(module, source, is_package):
        why = allowed(module, imported)
        if why:
            out.append(Violation(path, line, module, imported, why))
    for line, name in plugin_checks_of(source):
        out.append(Violation(path, line, module, f'plugin_loaded("{name}")',
                             "feature code asks the core's interfaces, not which "
                             "plugins are loaded"))
    # one line per place and rule (`from a import b, c` yields a.b and a.c)
    seen, unique = set(), []
    for v in sorted(out, key=lambda v: v.line):
        if (v.line, v.rule) not in seen:
            seen.add((v.line, v.rule))
            unique.append(v)
    return unique


def our_files() -> Iterator[tuple[str, Path, bool]]:
    """(module name, path, is a package's __init__) of every .py of ours."""
    for package, directory in PACKAGES.items():
        for path in sorted(directory.rglob("*.py")):
            parts = path.relative_to(directory).with_suffix("").parts
            is_package = parts[-1] == "__init__"
            if is_package:
                parts = parts[:-1]
            yield ".".join((package, *parts)), path, is_package


def violations() -> list[Violation]:
    out = []
    for module, path, is_package in our_files():
        out += check_source(module, path.read_text("utf-8"), str(path.relative_to(ROOT)),
                            is_package)
    return out


def test_every_import_follows_the_allowed_directions():
    found = violations()
    assert not found, "against ARCHITECTURE.md:\n" + "\n".join(map(str, found))


def test_the_checker_sees_every_file():
    modules = {module for module, _path, _pkg in our_files()}
    assert {"ckanext.tdpf.plugin", "ckanext.tdpf_trust.plugin", "ckanext.tdpf_market.plugin",
            "ckanext.tdpf_community.plugin", "ckanext.tdpf_harvesters.plugin",
            "ckanext.tdpf.search.backend"} <= modules


# -- the checker itself, on planted sources --------------------------------

PLANTED = '''\
import importlib
from ckanext.tdpf import participants
from ckanext.tdpf_market import members
import ckan.plugins as p


def cross():
    fees = importlib.import_module("ckanext.tdpf_market.fees")
    review = importlib.import_module(f"ckanext.tdpf_market.{name}")
    return p.plugin_loaded("tdpf_market")
'''


def test_the_checker_flags_a_planted_forbidden_import():
    found = check_source("ckanext.tdpf_trust.mfa", PLANTED, "planted.py", is_package=True)
    assert [(v.line, v.imported) for v in found] == [
        (3, "ckanext.tdpf_market.members"), (8, "ckanext.tdpf_market.fees"),
        (9, "ckanext.tdpf_market"), (10, 'plugin_loaded("tdpf_market")')]
    assert str(found[0]).startswith("planted.py:3: ckanext.tdpf_trust.mfa imports "
                                    "ckanext.tdpf_market.members: ")
    assert "only through core interfaces" in found[0].rule


def test_the_checker_resolves_relative_imports():
    # ckanext.tdpf.search.bulk: `from .. import logic` is core feature code
    found = check_source("ckanext.tdpf.search.bulk",
                         "from .. import prefetch\nfrom ..logic import action\n",
                         "bulk.py")
    assert [(v.line, v.imported) for v in found] == [(2, "ckanext.tdpf.logic.action")]
    # and the core importing a plugin through a relative-looking name
    found = check_source("ckanext.tdpf.demo", "from ckanext.tdpf_trust.warranty import demo\n",
                         "demo.py", is_package=True)
    assert "the core never imports a plugin" in found[0].rule


def test_the_checker_allows_what_the_architecture_allows():
    allowed_sources = {
        "ckanext.tdpf_trust.review": "from ckanext.tdpf import participants, prefetch\n",
        "ckanext.tdpf_harvesters.workers": "from ckanext.harvest.model import HarvestJob\n",
        "ckanext.tdpf.compat.harvest_queue": "import ckanext.harvest.queue\n",
        "ckanext.tdpf.plugin": "from .search import backend\nimport ckan.plugins as p\n",
    }
    for module, source in allowed_sources.items():
        assert check_source(module, source, "ok.py") == [], module
    found = check_source("ckanext.tdpf.scheduler", "from ckanext.harvest.model import X\n",
                         "scheduler.py")
    assert "only ckanext/tdpf/compat/ and the harvesters" in found[0].rule

"""The package's imports run one way: no cycles, and no stage importing a later stage.

The graph is read from the source (ast), every import counted wherever it sits: a lazy import
inside a function is still a dependency, and one that closes a cycle is a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "actionbook"
# The pipeline's stages in order; a module may import its own stage and earlier ones only.
STAGES = ("foundation", "lang", "schema", "plan", "safety", "read", "template", "check",
          "consolidation", "cycle", "samples")
TOP_LEVEL = {  # the modules outside the stage packages, by the stage they belong to
    "errors": "foundation", "findings": "foundation", "atomic": "foundation",
    "termination": "foundation", "xlsxwriter_private": "foundation", "plan": "plan",
    "plan_languages": "plan",
    "export": "consolidation",
}
ANYTHING = {"actionbook", "actionbook.cli", "actionbook.__main__"}  # the front doors


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(node: ast.AST, package: str, modules: set[str]) -> set[str]:
    """The package's modules that one import statement loads (a name imported from a package
    is its submodule when there is one, else the package itself)."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names} & modules
    if not isinstance(node, ast.ImportFrom):
        return set()
    base = node.module or ""
    if node.level:
        parent = package.split(".")[: len(package.split(".")) - node.level + 1]
        base = ".".join(parent + ([node.module] if node.module else []))
    return {f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
            for a in node.names} & modules


def import_graph() -> dict[str, set[str]]:
    paths = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph = {}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text("utf-8"), str(path))
        graph[name] = set().union(*(imported(node, package, set(paths))
                                    for node in ast.walk(tree))) - {name}
    return graph


def stage(module: str) -> str | None:
    parts = module.split(".")
    if module in ANYTHING:
        return None
    return parts[1] if parts[1] in STAGES else TOP_LEVEL.get(parts[1])


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One path round each cycle found by a depth-first walk."""
    found, done, path = [], set(), []

    def walk(module: str) -> None:
        if module in path:
            found.append([*path[path.index(module):], module])
            return
        if module in done:
            return
        path.append(module)
        for dependency in sorted(graph[module]):
            walk(dependency)
        path.pop()
        done.add(module)

    for module in sorted(graph):
        walk(module)
    return found


GRAPH = import_graph()


def test_the_graph_sees_the_package_and_its_imports():
    assert {"actionbook.cli", "actionbook.read.reader", "actionbook.schema.layout"} <= set(GRAPH)
    assert "actionbook.schema.layout" in GRAPH["actionbook.template.workbook"]
    unplaced = [module for module in GRAPH if module not in ANYTHING and stage(module) is None]
    assert unplaced == [], "a new top-level module: name its stage in TOP_LEVEL"


def test_the_package_has_no_import_cycle():
    assert cycles(GRAPH) == []


def test_the_cycle_finder_finds_one():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if m not in ANYTHING))
def test_a_stage_imports_only_its_own_stage_and_earlier_ones(module):
    own = STAGES.index(stage(module) or "")
    later = sorted(dependency for dependency in GRAPH[module]
                   if dependency not in ANYTHING and STAGES.index(stage(dependency) or "") > own)
    assert later == [], f"{module} ({stage(module)}) imports a later stage"

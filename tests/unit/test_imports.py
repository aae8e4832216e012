"""The import graph of `pipeline/`, computed from the modules' import statements: it points one way.

Edges are the modules named by `import a.b` / `from a.b import c` (and `a.b.c` when c is a module), at
any depth of the file: a function-level import is an edge too, so hiding a cycle inside a function
does not hide it from this test. A function-level import of a pipeline module is allowed only when
that module (or what it imports) needs a dependency a run does without: scikit-learn (training),
dask (the Dask executor), fsspec (inputs by URL).
"""
from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "pipeline"
# Imported only where needed: a run that predicts never loads scikit-learn; dask and fsspec are extras.
OPTIONAL = {"sklearn", "joblib", "dask", "distributed", "fsspec"}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    targets: frozenset[str]  # the pipeline modules it names
    external: frozenset[str]  # the top-level names of other packages
    function: str | None  # the enclosing function, None at module level
    line: int


def module_names() -> dict[str, Path]:
    names = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _imports(module: str, path: Path, known: set[str]) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out: list[Import] = []

    def visit(node: ast.AST, function: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, function or child.name)
                continue
            if isinstance(child, ast.Import):
                names = [a.name for a in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parent = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join(parent + ([child.module] if child.module else []))
                # `from a import b`: the module a.b when b is one, else a (what the name is taken from)
                submodules = [f"{base}.{a.name}" for a in child.names if f"{base}.{a.name}" in known]
                names = submodules if len(submodules) == len(child.names) else [base, *submodules]
            else:
                visit(child, function)
                continue
            targets = frozenset(n for n in names if n in known and n != module)
            external = frozenset(n.split(".")[0] for n in names if n.split(".")[0] != "pipeline")
            out.append(Import(module, targets, external, function, child.lineno))

    visit(tree, None)
    return out


def import_table() -> list[Import]:
    names = module_names()
    return [imp for module, path in names.items() for imp in _imports(module, path, set(names))]


def import_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(module_names())
    for imp in import_table():
        graph.add_edges_from((imp.module, target) for target in imp.targets)
    return graph


def _needs_optional(module: str, table: list[Import]) -> bool:
    """Does `module`, or a pipeline module it imports at module level, import an optional dependency?"""
    seen, todo = set(), [module]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for imp in table:
            if imp.module == current and imp.function is None:
                if imp.external & OPTIONAL:
                    return True
                todo.extend(imp.targets)
    return False


def test_the_import_graph_has_no_cycle() -> None:
    graph = import_graph()
    cycles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert cycles == [], f"import cycles: {cycles}"


def test_no_function_level_import_of_a_pipeline_module_except_for_optional_dependencies() -> None:
    table = import_table()
    lazy = [(imp.module, imp.function, imp.line, sorted(imp.targets)) for imp in table
            if imp.function is not None and imp.targets
            and not all(_needs_optional(t, table) for t in imp.targets)]
    assert lazy == []


def test_the_checker_sees_a_cycle_and_a_lazy_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "pipeline"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from pipeline.b import x\n")
    (package / "b.py").write_text("def f():\n    from pipeline import a\n    from . import c\n")
    (package / "c.py").write_text("import sklearn\n")
    monkeypatch.setitem(globals(), "PACKAGE", package)
    assert [sorted(c) for c in nx.strongly_connected_components(import_graph()) if len(c) > 1] == [
        ["pipeline.a", "pipeline.b"]]
    table = import_table()
    lazy = [imp.line for imp in table if imp.function and not all(_needs_optional(t, table) for t in imp.targets)]
    assert lazy == [2]


@pytest.mark.parametrize("module", ["pipeline.stance.shipping", "pipeline.stance.training", "pipeline.evaluate.stance"])
def test_a_module_that_imports_the_evaluate_package_imports_first(module: str) -> None:
    # Importing a submodule runs its package's __init__ first, an edge the graph above does not draw:
    # pipeline.stance.shipping importing pipeline.evaluate.* made it import itself half made.
    done = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]

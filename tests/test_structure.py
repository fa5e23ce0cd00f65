"""The layout of screening_app reads top to bottom: no import circles, and the layer
rules of DESIGN.md ("arrows point down") hold.

The graph is read from the source with `ast`, counting every import: at the top,
inside functions (lazy imports) and under TYPE_CHECKING, since each is a
dependency a reader has to follow.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import screening_app

PACKAGE = Path(screening_app.__file__).parent
# Circles known and being removed on another branch (issue 16 part 2, `storage`
# session <-> users is the keys branch's). Empty this once that branch is merged.
KNOWN_CIRCLES: list[set[str]] = []


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


@cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


@cache
def import_graph() -> dict[str, set[str]]:
    """module -> the modules of screening_app it imports (a `from package import
    name` counts as importing `package.name` when that is a module)."""
    modules = _modules()
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Import):
                graph[module].update(a.name for a in node.names if a.name in modules)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package[:len(package) - node.level + 1]
                    name = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    name = node.module or ""
                for alias in node.names:
                    target = f"{name}.{alias.name}"
                    if target in modules:
                        graph[module].add(target)
                    elif name in modules:
                        graph[module].add(name)
    for module in graph:
        graph[module].discard(module)
    return graph


def circles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(component)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_the_graph_sees_lazy_and_type_checking_imports() -> None:
    graph = import_graph()
    # explain.py imports FormDefinition under TYPE_CHECKING only.
    assert "screening_app.screening.form_definition" in graph["screening_app.screening.explain"]
    # documents/labels.py imports load_form inside a function.
    assert "screening_app.screening" in graph["screening_app.documents.labels"]
    # A made-up circle is found.
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]


def test_no_import_circles() -> None:
    found = [c for c in circles(import_graph()) if c not in KNOWN_CIRCLES]
    assert found == [], "import circles (move what both sides need to a lower module)"


def test_layers_point_down() -> None:
    wrong = []
    for module, imports in import_graph().items():
        room = _room(module)
        for target in imports:
            to = _room(target)
            if room == "domain" and to != "domain":
                wrong.append((module, target))       # domain imports nothing of ours
            if room == "screening" and to not in ("screening", "domain", "i18n", "errors",
                                                  "paths", "standards"):
                wrong.append((module, target))       # screening: only domain (+ i18n)
            if room == "standards" and to not in ("standards", "domain", "i18n", "paths"):
                wrong.append((module, target))       # the data standards: beside domain
            if room == "statistics" and to not in ("statistics", "domain", "i18n", "errors",
                                                   "paths", "standards", "screening"):
                wrong.append((module, target))       # statistics: pure (no storage, no Qt)
            if to == "gui" and room != "gui" and module != "screening_app.commands.gui":
                wrong.append((module, target))       # nothing imports gui but its command
    assert wrong == []


def test_qt_only_in_gui_and_the_i18n_bridge() -> None:
    allowed = {"gui"}
    bridge = {"screening_app.i18n.qt"}
    wrong = []
    for module, path in _modules().items():
        if _room(module) in allowed or module in bridge:
            continue
        for node in ast.walk(_tree(path)):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n.split(".")[0] == "PySide6" for n in names):
                wrong.append(module)
    assert wrong == []

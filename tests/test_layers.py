"""The package's layout stays true: rooms on floors, imports only going down, no cycle, and other
rooms reached only through a room's public names (its __init__'s __all__).

Every import counts, the ones inside functions too: a lazy import that runs back up is still a
cycle waiting for the day someone moves it to the top of the file.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "drafter"

GROUND = {"__init__", "config", "errors", "textio", "document"}
# web (the page) sits under cli, whose `drafter serve` starts it; neither is imported by anything else.
FLOORS = {"ground": 0, "notes": 1, "word": 1, "database": 1, "claims": 1.5, "numbers": 2, "corpus": 2, "reports": 3, "writing": 4, "web": 5, "cli": 6}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(["drafter", *parts])] = path
    return found


MODULES = _modules()


def room_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1 or (len(parts) == 2 and parts[1] in GROUND):
        return "ground"
    return parts[1]


def _imports(module: str, path: Path) -> list[tuple[str, list[str], int]]:
    """(imported module, names, line) for every drafter import in the module, wherever it stands."""
    is_package = path.name == "__init__.py"
    package = module.split(".") if is_package else module.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names if a.name.split(".")[0] == "drafter"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "drafter":
                continue
            names = [a.name for a in node.names]
            submodules = [f"{target}.{n}" for n in names if f"{target}.{n}" in MODULES]
            if submodules:  # from . import check_cmd: an import of the submodule itself
                found += [(s, [], node.lineno) for s in submodules]
            else:
                found.append((target, names, node.lineno))
    return found


EDGES = {m: _imports(m, p) for m, p in MODULES.items()}


def test_the_rooms_exist_with_a_docstring_and_public_names():
    for room in ("notes", "numbers", "corpus", "writing", "reports", "cli"):
        init = PACKAGE / room / "__init__.py"
        tree = ast.parse(init.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"drafter/{room}/__init__.py says what the room is for"
    for room in ("notes", "numbers", "corpus", "writing", "reports"):
        assert _public_names(f"drafter.{room}"), f"drafter.{room} declares __all__"


def test_every_module_sits_in_a_room_with_a_floor():
    for module in MODULES:
        assert room_of(module) in FLOORS, f"{module} is in no room; add it to one (tests/test_layers.py FLOORS)"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_only_go_down(module):
    mine = room_of(module)
    for target, _, line in EDGES[module]:
        theirs = room_of(target)
        if theirs == mine or target == "drafter":
            continue
        assert FLOORS[theirs] < FLOORS[mine], (
            f"{module} (line {line}) imports {target}: {mine} is on floor {FLOORS[mine]}, {theirs} on {FLOORS[theirs]}; "
            "imports go down only"
        )


def _public_names(package: str) -> set[str]:
    tree = ast.parse(MODULES[package].read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return set(ast.literal_eval(node.value))
    return set()


@pytest.mark.parametrize("module", sorted(MODULES))
def test_other_rooms_are_reached_through_their_public_names(module):
    mine = room_of(module)
    for target, names, line in EDGES[module]:
        theirs = room_of(target)
        if theirs in (mine, "ground", "cli") or target == "drafter":
            continue
        room_package = f"drafter.{theirs}"
        assert target == room_package, f"{module} (line {line}) imports {target}; import from {room_package} instead"
        private = set(names) - _public_names(room_package)
        assert not private, f"{module} (line {line}) imports {sorted(private)}, which {room_package}.__all__ does not offer"


def test_no_import_cycle():
    graph = {m: sorted({t for t, _, _ in EDGES[m] if t in MODULES and t != m}) for m in MODULES}
    # A package's __init__ imports its modules; a module importing its own package is already an error above.
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)

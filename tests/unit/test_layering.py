"""The layers hold: the core never imports Textual, and no module imports itself back."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from reader.core.models import Paper


def _every_import(path: Path) -> set[str]:
    """Every module `path` names in an import, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and not node.level:
            found.add(node.module or "")
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_core_never_imports_textual() -> None:
    """Not at the top, not inside a function: the core runs without an app."""
    core = Path(__file__).resolve().parents[2] / "reader" / "core"
    offenders = {
        str(path.relative_to(core)): sorted(
            m for m in _every_import(path) if m.split(".")[0] == name
        )
        for path in core.rglob("*.py")
        for name in ("textual", "textual_serve")
        if any(m.split(".")[0] == name for m in _every_import(path))
    }
    assert not offenders, offenders
    assert len(list(core.rglob("*.py"))) > 30  # the walk found the core


def test_the_command_line_starts_no_app_to_list() -> None:
    """`reader list` and the other subcommands import no Textual (only `reader` does)."""
    code = (
        "import sys\n"
        "from reader.cli import SUBCOMMANDS\n"
        "for name in ('list', 'export', 'mark', 'stats', 'fetch', 'paths'):\n"
        "    SUBCOMMANDS[name].parser()\n"
        "print(sorted(n for n in sys.modules if n.split('.')[0] == 'textual'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_papers_are_frozen() -> None:
    paper = Paper.create(title="x")
    try:
        paper.title = "y"  # type: ignore[misc]
    except AttributeError:
        return
    raise AssertionError("Paper must be immutable")


def _imports(path: Path, package: str) -> set[str]:
    """Every module of reader that `path` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names = [module] + [f"{module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found.update(name for name in names if name.split(".")[0] == "reader")
    return found


def test_no_import_cycles_in_reader() -> None:
    root = Path(__file__).resolve().parents[2] / "reader"
    modules: dict[str, Path] = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    graph = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        # `from . import x` names a module; `from .m import f` names m (f is no module).
        graph[name] = {m for m in _imports(path, package) if m in modules and m != name}
        graph[name] -= {p for p in graph[name] if name.startswith(p + ".")}  # own packages
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for other in sorted(graph[name]):
            if state.get(other) == 1:
                cycle = trail[trail.index(other) :] + [other]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if other not in state:
                visit(other, [*trail, other])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])

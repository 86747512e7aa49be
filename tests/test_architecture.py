"""The layers of ARCHITECTURE.md, enforced by walking every module's imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
QT = {"PySide6", "shiboken6"}
DATABASE = {"sqlite3", "sqlite_utils", "apsw"}


def _imported_roots(path: Path) -> set[str]:
    """Return the top-level names of every module `path` imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def _imported_modules(path: Path) -> set[str]:
    """Return the full dotted names of every absolute import in `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def _modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", _modules("exporters"), ids=str)
def test_exporters_import_no_app_qt_or_database(path):
    assert not _imported_roots(path) & (QT | DATABASE | {"app"})


@pytest.mark.parametrize("path", _modules("app/core"), ids=str)
def test_core_imports_no_qt(path):
    assert not _imported_roots(path) & QT


@pytest.mark.parametrize(
    "path",
    [p for p in _modules("app/core") if "storage" not in p.relative_to(ROOT / "app/core").parts],
    ids=str,
)
def test_only_storage_touches_sqlite(path):
    assert not _imported_roots(path) & DATABASE


@pytest.mark.parametrize("path", [ROOT / "app/cli.py", ROOT / "app/paths.py"], ids=str)
def test_cli_and_paths_import_no_qt_at_module_level(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    for node in top_level:
        module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
        assert not (module or "").startswith(("PySide6", "app.gui"))


@pytest.mark.parametrize("path", _modules("app/gui"), ids=str)
def test_gui_never_opens_the_database(path):
    assert not _imported_roots(path) & DATABASE
    assert not {m for m in _imported_modules(path) if m.startswith("app.core.storage")}


def test_every_layer_has_modules():
    assert _modules("exporters") and _modules("app/core") and _modules("app/gui")

"""The lesson runtime never imports the authoring tools (serm_lessons.authoring): a lesson kernel
loads only what it shows, and the tools can change without touching what learners run."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "serm_lessons"
AUTHORING = PACKAGE / "authoring"
ENTRY_POINT = PACKAGE / "__main__.py"  # `python -m serm_lessons` hands over to authoring.cli


def _imported_modules(path: Path) -> set[str]:
    """Absolute names of every module the file imports (relative imports resolved)."""
    package = ".".join(("serm_lessons", *path.relative_to(PACKAGE).parent.parts))
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def test_no_runtime_module_imports_the_authoring_tools():
    runtime = [p for p in PACKAGE.rglob("*.py") if AUTHORING not in p.parents and p != ENTRY_POINT]
    assert len(runtime) > 20  # the scan sees the package
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            m for m in _imported_modules(path) if m.startswith("serm_lessons.authoring")
        )
        for path in runtime
    }
    assert {p: m for p, m in offenders.items() if m} == {}


def test_the_scan_resolves_relative_imports():
    """The check above would pass vacuously if relative imports were not resolved."""
    assert "serm_lessons.authoring.links" in _imported_modules(AUTHORING / "site.py")
    assert "serm_lessons.page_css.COURSE_CSS" in _imported_modules(AUTHORING / "site.py")
    assert "serm_lessons.authoring.cli.main" in _imported_modules(ENTRY_POINT)


def test_the_readability_scorer_is_test_support_not_package_code():
    assert not (PACKAGE / "readability.py").exists()
    assert (Path(__file__).parent / "support" / "readability.py").is_file()

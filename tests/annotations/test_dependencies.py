"""Dependencies point one way (texts ← groups ← annotations; readinggroup wires them
together), and no domain code borrows a template tag's function: read from the source, no
database."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Each app, with the apps of the project it must not import.
HIGHER = {
    "texts": {"groups", "annotations", "meetings", "readinggroup"},
    "groups": {"annotations", "meetings", "readinggroup"},
    "annotations": {"meetings", "readinggroup"},
    "meetings": {"readinggroup"},
}


def imported_modules(path: Path) -> list[str]:
    """Every module `path` imports, at the top or inside a function."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append(node.module)
    return found


def sources(app: str) -> list[Path]:
    return sorted(p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("app", sorted(HIGHER))
def test_an_app_imports_no_app_above_it(app: str) -> None:
    backward = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in sources(app)
        for module in imported_modules(path)
        if module.split(".")[0] in HIGHER[app]
    ]
    assert backward == []


def test_no_code_imports_a_template_tag_module() -> None:
    """Template filters call the domain's functions, never the other way round."""
    borrowed = [
        f"{path.relative_to(ROOT)} imports {module}"
        for app in ("texts", "groups", "annotations", "meetings", "readinggroup")
        for path in sources(app)
        if "templatetags" not in path.parts
        for module in imported_modules(path)
        if ".templatetags." in f".{module}."
    ]
    assert borrowed == []

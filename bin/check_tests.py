"""Check that Odoo's test runner sees every test pytest runs.

    python3 bin/check_tests.py

Odoo runs the test classes of the modules imported by ``tests/__init__.py``; pytest
collects every ``tests/test_*.py``, its module-level functions included. Prints one
line per test module that breaks the match, saying how, and exits 1:

- a module ``tests/__init__.py`` does not import;
- a module-level test function or a plain ``Test*`` class (pytest runs them, Odoo not);
- a test case imported from another test module (both runners would run it twice).

Reads the sources only: no Odoo, no database.
"""

import ast
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"


def imported_modules(package):
    """The names ``from . import ...`` imports in the package's ``__init__.py``."""
    tree = ast.parse((package / "__init__.py").read_text())
    return {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module is None
        for alias in node.names
    }


def problems(path):
    """What keeps Odoo's runner from running exactly the tests of one module."""
    tree = ast.parse(path.read_text(), filename=str(path))
    functions, classes, sources = [], [], []
    for node in tree.body:
        name = getattr(node, "name", "")
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and name.startswith("test"):
            functions.append(name)
        elif isinstance(node, ast.ClassDef) and name.startswith("Test") and not node.bases:
            classes.append(name)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("test_"):
            sources.append(node.module)
    if functions:
        yield f"{len(functions)} module-level test function(s), e.g. {functions[0]}()"
    if classes:
        yield f"plain test class(es) {', '.join(classes)} (not odoo.tests cases)"
    if sources:
        yield f"imports from test module(s) {', '.join(sources)} (move shared bases to a helper)"


def main():
    imported = imported_modules(TESTS)
    failures = []
    for path in sorted(TESTS.glob("test_*.py")):
        name = f"tests/{path.name}"
        found = list(problems(path))
        if path.stem not in imported:
            found.insert(0, "not imported by tests/__init__.py")
        if found:
            failures.append(f"{name}: {'; '.join(found)}")
    for line in failures:
        print(line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""Apps depend on each other one way, as the README's layout says; no model imports a view.

Every module of the apps below is parsed (imports at module level and inside
functions alike; migrations excepted: they are frozen history). An app may
import the apps below it in ``LAYERS``, never one above; ``search`` and
``federation`` sit beside the others and may import any of them, and none of
them imports either (nor does one of the two import the other). Their
receivers of the other apps' signals are wired in their own ``apps.py``, which
is them importing the others, so the rule holds there too.

The test fails on any import against the order.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["communities", "stories", "events", "moderation", "listening", "insights"]
BESIDE = ("search", "federation")  # may import every layer; no layer imports them
APPS = [*LAYERS, *BESIDE]


def modules(app):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.relative_to(ROOT).parts:
            yield path


def imports(path):
    """(line, imported module) of every absolute import in ``path``, nested ones included."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
            for alias in node.names:
                # "from moderation import discussion" imports the module moderation.discussion.
                yield node.lineno, f"{node.module}.{alias.name}"


def is_allowed(importer, imported):
    if importer == imported or imported not in APPS:
        return True
    if imported in BESIDE:
        return False
    if importer in BESIDE:
        return True
    return LAYERS.index(imported) < LAYERS.index(importer)


def upward_imports():
    """{(module, imported app): ["line: module", ...]} of every import against the order."""
    found = {}
    for app in APPS:
        for path in modules(app):
            for line, module in imports(path):
                top = module.split(".")[0]
                if not is_allowed(app, top):
                    lines = found.setdefault((str(path.relative_to(ROOT)), top), [])
                    if not any(entry.startswith(f"{line}: ") for entry in lines):
                        lines.append(f"{line}: {module}")
    return found


def models_importing_views():
    found = []
    for app in APPS:
        for path in modules(app):
            if path.stem != "models" and path.parent.name != "models":
                continue
            for line, module in imports(path):
                last = module.rsplit(".", 1)[-1]
                if last == "views" or last.endswith("_views"):
                    found.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return sorted(set(found))


def test_apps_import_only_the_apps_below_them():
    found = upward_imports()
    offending = [
        f"{path}:{entry} ({app} is above {path.split('/')[0]})"
        for (path, app), entries in sorted(found.items())
        for entry in entries
    ]
    assert offending == [], "Imports against the order {}:\n{}".format(" < ".join(LAYERS), "\n".join(offending))


def test_no_model_module_imports_a_view():
    offending = models_importing_views()
    assert offending == [], "Model modules importing views:\n" + "\n".join(offending)


@pytest.mark.parametrize(
    ("importer", "imported", "allowed"),
    [
        ("listening", "moderation", True),  # feedback is about comments (moderation.admin_access)
        ("moderation", "listening", False),
        ("communities", "stories", False),
        ("stories", "communities", True),
        ("moderation", "stories", True),
        ("stories", "moderation", False),
        ("search", "moderation", True),
        ("federation", "moderation", True),
        ("moderation", "federation", False),
        ("federation", "search", False),
        ("insights", "search", False),
        ("moderation", "django", True),
    ],
)
def test_the_rule_itself(importer, imported, allowed):
    assert is_allowed(importer, imported) is allowed


def test_the_parser_sees_nested_imports(tmp_path):
    module = tmp_path / "sample.py"
    module.write_text("def f():\n    from moderation import discussion\n    import insights.views\n")
    found = [module for _line, module in imports(module)]
    assert "moderation.discussion" in found and "insights.views" in found

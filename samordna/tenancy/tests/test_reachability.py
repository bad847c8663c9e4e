"""Every public function of every `actions` module is reachable: a page, an API route, a command or another
action refers to it. A function that only the tests and the demo loader call is a capability no user has.

The source that counts is every module of the project but the tests, the demo loaders, the benchmarks and the
migrations. A reference is a name or an attribute in the code, not a word in a comment or a docstring.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from functools import cache
from pathlib import Path

import samordna

ROOT = Path(samordna.__file__).parent

# Functions with no caller outside tests and demo data, each with the reason; an entry for a missing page goes
# when the page lands (the test below fails until it does).
ALLOWED: dict[str, str] = {
    "notifications.silenced": "a context manager, not an action: the demo loader writes the past without notifying",
}


def counts_as_caller(path: Path) -> bool:
    relative = path.relative_to(ROOT)
    parts = relative.parts
    return not (
        "tests" in parts
        or "migrations" in parts
        or parts[0] == "demo"
        or path.name == "demo.py"
        or path.name == "conftest.py"
        or path.name.startswith("bench")
    )


def action_modules() -> list[str]:
    return sorted(f"samordna.{path.parent.name}.actions" for path in ROOT.glob("*/actions.py"))


def public_actions() -> list[str]:
    """`app.function` for every public function defined (not imported) in an actions module."""
    found = []
    for name in action_modules():
        module = importlib.import_module(name)
        for function_name, function in inspect.getmembers(module, inspect.isfunction):
            if function_name.startswith("_") or function.__module__ != name:
                continue
            found.append(f"{name.split('.')[1]}.{function_name}")
    return found


def names_used(source: str) -> set[str]:
    """The names, attributes and imported names a module's code uses; a definition is not a use."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.alias):
            names.add(node.name.rsplit(".", 1)[-1])
    return names


@cache
def referenced_names() -> frozenset[str]:
    names: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if counts_as_caller(path):
            names |= names_used(path.read_text(encoding="utf-8"))
    return frozenset(names)


def unreached() -> list[str]:
    names = referenced_names()
    return [key for key in public_actions() if key.split(".", 1)[1] not in names]


def test_the_actions_modules_are_found():
    keys = public_actions()
    assert len(action_modules()) >= 10
    assert "tenancy.add_board_seat" in keys and "openentry.create_prestep" in keys
    assert "tenancy._require" not in keys and "tenancy.record" not in keys  # private and imported ones are not


def test_every_action_has_a_caller_outside_tests_and_demo_data():
    missing = [key for key in unreached() if key not in ALLOWED]
    assert not missing, (
        "only tests or demo data call these actions; give each a page, an API route or a command, "
        f"or an entry in ALLOWED with the reason: {missing}"
    )


def test_the_allow_list_holds_only_functions_that_exist_and_still_have_no_caller():
    keys = set(public_actions())
    gone = sorted(set(ALLOWED) - keys)
    assert not gone, f"these allowed functions no longer exist: {gone}"
    reached = sorted(set(ALLOWED) - set(unreached()))
    assert not reached, f"these now have a caller; remove them from ALLOWED: {reached}"
    assert all(reason.strip() for reason in ALLOWED.values())


def test_a_call_counts_and_a_mention_in_words_does_not():
    words = 'def add_board_seat():\n    """Like add_member."""\n# add_statutes\nx = "create_user"\n'
    assert not {"add_board_seat", "add_member", "add_statutes", "create_user"} & names_used(words)
    calls = "from .actions import add_member\nactions.add_board_seat(None)\nview = add_statutes\n"
    assert {"add_board_seat", "add_member", "add_statutes"} <= names_used(calls)


def test_tests_demo_data_and_benchmarks_do_not_count_as_callers():
    assert counts_as_caller(ROOT / "tenancy" / "views.py")
    assert counts_as_caller(ROOT / "tenancy" / "management" / "commands" / "samordna_createforbund.py")
    for path in ("tenancy/tests/test_forbund.py", "demo/loader.py", "openentry/demo.py", "stats/bench_faults.py"):
        assert not counts_as_caller(ROOT / path)

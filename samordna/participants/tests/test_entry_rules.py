"""Rules of entry come from a registry that other apps fill; participants imports none of those apps."""

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q

from samordna.participants import actions, entry
from samordna.participants.models import Participation

PARTICIPANTS = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_participants_code_imports_no_app_that_builds_on_it():
    sources = [p for p in PARTICIPANTS.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts]
    offenders = {
        str(path.relative_to(PARTICIPANTS)): sorted(m for m in imported_modules(path) if "openentry" in m)
        for path in sources
    }

    assert {path: names for path, names in offenders.items() if names} == {}


def test_open_entry_registers_its_samsip_rule_when_ready():
    from samordna.openentry.rules import SAMSIP_ENTRY_RULE

    assert entry.ENTRY_RULES.count(SAMSIP_ENTRY_RULE) == 1


class RefuseEverything:
    """A rule of entry that refuses every enrolment and warns about every stay."""

    intervention_relations: tuple[str, ...] = ()

    def evidence(self, forbund, interventions):
        return None

    def enrolment_problems(self, forbund, intervention, start, personnummer, evidence=None):
        return [("enrolment_date", "Prövningsregeln släpper inte in någon.")]

    def warned_stays(self):
        return Q(pk__isnull=False)

    def warning_context(self, participations):
        return None

    def stay_warning(self, participation, context=None):
        return "Prövningsregeln varnar."


@pytest.fixture
def refusing_rule():
    rule = RefuseEverything()
    entry.register(rule)
    yield rule
    entry.ENTRY_RULES.remove(rule)


def test_a_registered_rule_refuses_enrolment_and_nothing_is_stored(world, refusing_rule):
    before = Participation.objects.count()

    with pytest.raises(ValidationError) as refused:
        actions.enrol(
            world.people.handler,
            world.a,
            intervention=world.insats_a,
            enrolment_date=dt.date(2019, 3, 1),
            referrer="AF",
            income_before="AKTIVITETSSTOD",
            occupation_before="ARBETSSOKANDE",
            sex="K",
            birth_year=1990,
        )

    assert "Prövningsregeln släpper inte in någon." in str(refused.value)
    assert Participation.objects.count() == before

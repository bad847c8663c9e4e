"""SIE 4 files that are broken are refused with what to fix; files that are legal but surprising import with a
warning. Each case has a small PC8-encoded file of its own in tests/sie/."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from samordna import cli
from samordna.audit.models import AuditEvent
from samordna.finance import actions, imports
from samordna.finance.models import Actual, LineCategory

FILES = Path(__file__).parent / "sie"


def sie(name: str) -> bytes:
    return (FILES / name).read_bytes()


@pytest.fixture
def budget(world):
    budget_year = actions.save_budget_year(None, world.a, 2015, equity_start=0)
    actions.save_budget_line(
        None, budget_year, code="avgifter", label="Bidrag", category=LineCategory.CONTRIBUTIONS, amount=1_000_000
    )
    actions.save_budget_line(
        None, budget_year, code="lokaler", label="Lokaler", category=LineCategory.PREMISES, amount=120_000
    )
    actions.set_account_mapping(None, world.a, 3000, 3999, "avgifter")
    actions.set_account_mapping(None, world.a, 5000, 5099, "lokaler")
    return budget_year


def refused(world, name: str, year: int = 2015) -> list[str]:
    with pytest.raises(imports.ImportRefused) as caught:
        imports.import_sie(None, world.a, year, sie(name), name)
    assert not Actual.objects.exists()
    return caught.value.errors


def outcome() -> dict[tuple[str, int, int], int]:
    return {
        (a.line.code, a.period_start.month, a.period_end.month): a.amount for a in Actual.objects.select_related("line")
    }


def test_the_files_are_pc8_as_the_specification_requires():
    data = sie("vouchers.se")
    assert b"#FORMAT PC8" in data
    assert "Försäkringskassan".encode("cp437") in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


def test_a_sound_file_imports_by_month(world, budget):
    count, warnings = imports.import_sie(None, world.a, 2015, sie("vouchers.se"), "vouchers.se")

    assert (count, warnings) == (3, [])
    assert outcome() == {("lokaler", 1, 1): 10_000, ("avgifter", 1, 1): 125_000, ("lokaler", 2, 2): 10_001}


def test_imbalanced_voucher_is_refused(world, budget):
    assert refused(world, "imbalanced.se") == [
        "rad 15: verifikation A 2 (2015-01-16) balanserar inte: transaktionerna summerar till 100,00 kr i stället "
        "för 0. Rätta verifikationen i bokföringsprogrammet och exportera filen igen."
    ]


def test_file_cut_in_the_middle_of_a_voucher_is_refused(world, budget):
    assert refused(world, "cut.se") == [
        "Filen slutar mitt i verifikation A 2 (rad 15): den stängs aldrig med }. Filen är troligen avkortad; "
        "exportera den på nytt ur bokföringsprogrammet."
    ]


def test_a_voucher_that_opens_before_the_last_one_closed_is_refused(world, budget):
    text = sie("vouchers.se").replace(b"-10000.00\n}\n", b"-10000.00\n", 1)

    with pytest.raises(imports.ImportRefused) as caught:
        imports.read_sie(text, [], 2015)

    assert caught.value.errors[0].startswith("rad 15: en ny verifikation börjar innan verifikation A 1 (rad 10)")


def test_voucher_outside_the_financial_year_is_refused(world, budget):
    # Refused rather than warned: its outcome would land in another year's budget, or nowhere.
    assert refused(world, "outside_year.se") == [
        "rad 15: verifikation A 2 är daterad 2016-01-05, utanför räkenskapsåret 2015-01-01–2015-12-31. Rätta "
        "datumet i bokföringsprogrammet eller exportera rätt räkenskapsår."
    ]


def test_file_of_another_year_than_the_one_chosen_is_refused(world, budget):
    actions.save_budget_year(None, world.a, 2016, equity_start=0)

    errors = refused(world, "vouchers.se", year=2016)

    assert errors == [
        "Filens räkenskapsår (#RAR 0) är 2015-01-01–2015-12-31, men utfallet läses in till budgetåret 2016. "
        "Exportera räkenskapsåret 2016 ur bokföringsprogrammet eller välj det år filen gäller."
    ]


def test_res_that_disagrees_with_the_vouchers_imports_the_vouchers_with_a_warning(world, budget):
    count, warnings = imports.import_sie(None, world.a, 2015, sie("res_disagrees.se"), "res_disagrees.se")

    assert count == 2
    assert warnings == [
        "Konto 5010: resultatsaldot (#RES) är −20 000,00 kr men verifikationerna summerar till 10 000,00 kr. "
        "Utfallet läses från verifikationerna; kontrollera att filen innehåller årets alla verifikationer."
    ]
    assert outcome() == {("lokaler", 1, 1): 10_000, ("avgifter", 1, 1): 125_000}


def test_a_res_file_after_a_trans_file_replaces_the_year_and_does_not_add(world, budget):
    imports.import_sie(None, world.a, 2015, sie("vouchers.se"), "vouchers.se")

    imports.import_sie(None, world.a, 2015, sie("res_only.se"), "res_only.se")

    assert outcome() == {("avgifter", 1, 12): 600_000, ("lokaler", 1, 12): 120_000}
    event = AuditEvent.objects.filter(action="actual.import").order_by("pk").last()
    assert event is not None and event.changes["replaced"] == 3


def test_a_trans_file_after_a_res_file_replaces_the_year_too(world, budget):
    imports.import_sie(None, world.a, 2015, sie("res_only.se"), "res_only.se")

    imports.import_sie(None, world.a, 2015, sie("vouchers.se"), "vouchers.se")

    assert outcome() == {("lokaler", 1, 1): 10_000, ("avgifter", 1, 1): 125_000, ("lokaler", 2, 2): 10_001}


def test_outcome_typed_in_by_hand_for_another_year_is_left_alone(world, budget):
    other = actions.save_budget_year(None, world.a, 2014, equity_start=0)
    line = actions.save_budget_line(
        None, other, code="lokaler", label="Lokaler", category=LineCategory.PREMISES, amount=100_000
    )
    actions.record_actual(None, line, dt.date(2014, 1, 1), dt.date(2014, 12, 31), 99_000)

    imports.import_sie(None, world.a, 2015, sie("res_only.se"), "res_only.se")
    imports.import_sie(None, world.a, 2015, sie("vouchers.se"), "vouchers.se")

    assert Actual.objects.get(line=line).amount == 99_000


def test_quoted_strings_with_braces_and_escaped_quotes_parse(world, budget):
    count, warnings = imports.import_sie(None, world.a, 2015, sie("quoted.se"), "quoted.se")

    assert (count, warnings) == (1, [])
    assert outcome() == {("lokaler", 1, 1): 10_000}


def test_field_splitting_follows_the_specification():
    assert imports._fields('#TRANS 5010 {6 "P}1" 1 "a b"} -1.5 20150115 "Hyra {jan} \\"A\\" \\\\"') == [
        "#TRANS",
        "5010",
        ["6", "P}1", "1", "a b"],
        "-1.5",
        "20150115",
        'Hyra {jan} "A" \\',
    ]
    with pytest.raises(ValueError):
        imports._fields('#VER A 1 20150115 "open')


def test_file_with_only_balance_accounts_is_refused_not_a_success(world, budget):
    assert refused(world, "balance_only.se") == [
        "Filen har bara balanskonton och inga resultatkonton (konto 3000–8999), så det finns inget utfall att läsa "
        "in. Exportera en SIE 4-fil med årets verifikationer eller resultatsaldon (#RES)."
    ]


def test_missing_budget_lines_are_one_message_with_the_accounts(world, budget):
    actions.set_account_mapping(None, world.a, 5800, 5899, "resor")
    actions.set_account_mapping(None, world.a, 6500, 6599, "it")

    errors = refused(world, "missing_lines.se")

    assert errors == [
        "Budgeten 2015 saknar raderna ”it” (konto 6540, 6541), ”resor” (konto 5801, 5802, 5803, 5804, 5805, 5806, "
        "5807, 5808 …) som kontokopplingen pekar på. Lägg till raderna i budgeten för 2015 eller ändra "
        "kontokopplingen."
    ]
    assert getattr(errors[0], "link", None) == reverse("finance:budget", args=["alfa"]) + "?year=2015"


def test_the_budget_page_links_the_missing_lines_message_to_the_budget(world, budget, login_as):
    actions.set_account_mapping(None, world.a, 5800, 5899, "resor")
    actions.set_account_mapping(None, world.a, 6500, 6599, "it")
    upload = io.BytesIO(sie("missing_lines.se"))
    upload.name = "missing_lines.se"

    response = login_as(world.people.office).post(
        "/f/alfa/ekonomi/budget/?year=2015", {"form": "upload", "kind": "sie", "file": upload, "year": 2015}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert page.count("saknar raderna") == 1
    assert '<a href="/f/alfa/ekonomi/budget/?year=2015">Öppna budgeten</a>' in page
    assert not Actual.objects.exists()


def test_the_budget_page_shows_the_warnings(world, budget, login_as):
    upload = io.BytesIO(sie("res_disagrees.se"))
    upload.name = "res_disagrees.se"

    response = login_as(world.people.office).post(
        "/f/alfa/ekonomi/budget/?year=2015",
        {"form": "upload", "kind": "sie", "file": upload, "year": 2015},
        follow=True,
    )

    page = response.content.decode()
    assert "2 utfallsrader är inlästa." in page
    assert "Konto 5010: resultatsaldot (#RES)" in page


def test_console_command(world, budget, capsys):
    assert cli.ALIASES["import-sie"] == "samordna_import_sie"

    call_command("samordna_import_sie", "--forbund", "alfa", "--year", "2015", str(FILES / "res_disagrees.se"))

    captured = capsys.readouterr()
    assert "Läste in 2 utfallsrader för 2015 till Alfa samordningsförbund." in captured.out
    assert "Varning: Konto 5010" in captured.err
    assert Actual.objects.count() == 2


def test_console_command_refuses_a_broken_file_and_says_why(world, budget, capsys):
    with pytest.raises(CommandError, match="Inget lästes in: 1 fel"):
        call_command("samordna_import_sie", "--forbund", "alfa", "--year", "2015", str(FILES / "imbalanced.se"))

    assert "verifikation A 2 (2015-01-16) balanserar inte" in capsys.readouterr().err
    assert not Actual.objects.exists()


def test_console_command_names_the_budget_page_when_the_year_has_no_budget(world, budget, capsys):
    with pytest.raises(CommandError):
        call_command("samordna_import_sie", "--forbund", "alfa", "--year", "2016", str(FILES / "vouchers.se"))

    assert "(se /f/alfa/ekonomi/budget/?year=2016)" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (
            (b"#TRANS 5010 {} 10000.00\n", b"#TRANS 5010 {} 10000.00 20160110\n"),
            "rad 12: transaktionen i verifikation A 1 gäller 2016-01, utanför räkenskapsåret 2015-01-01–2015-12-31. "
            "Rätta transaktionsdatumet i bokföringsprogrammet.",
        ),
        ((b'#VER A 1 20150115 "Hyra januari"\n', b""), "rad 10: { står utan #VER före."),
        ((b"-10000.00\n}\n", b"-10000.00\n}\n}\n"), "rad 15: } stänger ingen verifikation."),
        ((b'"Hyra januari"', b'"Hyra januari'), "rad 10: ett citattecken eller en klammer { stängs inte på raden."),
        ((b"5010 {} 10000.00", b"5010 {} tiotusen"), "rad 12: posten #TRANS går inte att tolka."),
    ],
)
def test_other_broken_files_are_refused_with_the_row(world, budget, change, error):
    old, new = change
    data = sie("vouchers.se").replace(old, new, 1)

    with pytest.raises(imports.ImportRefused) as caught:
        imports.read_sie(data, list(world.a.account_mappings.all()), 2015)

    assert caught.value.errors[0] == error

"""The cell-key perturbation: its table, how a cell is published, and the record keys it rests on."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from samordna.audit.models import ReadLogEntry
from samordna.lib.record_keys import KEY_SPACE, draw_record_key, fill_record_keys
from samordna.participants.models import Participation
from samordna.stats.suppression import (
    MAX_DEVIATION,
    PERTURBATION,
    SECONDARY,
    Cell,
    Group,
    Share,
    Table,
    Verdict,
    noise,
    publish,
    published_count,
)

from .published import candidates

keys = st.integers(0, 10 * KEY_SPACE)
D = dt.date


@pytest.mark.parametrize("count", [1, 2])
def test_each_row_of_the_table_is_a_distribution_with_mean_zero_that_never_goes_below_zero(count):
    row = PERTURBATION[count]

    assert sum(weight for _offset, weight in row) == 16
    assert sum(Fraction(offset * weight, 16) for offset, weight in row) == 0
    assert all(abs(offset) <= MAX_DEVIATION and count + offset >= 0 for offset, _weight in row)


def test_the_noise_follows_the_table_over_the_whole_key_space():
    for count in (1, 2, 7, 400):
        seen: dict[int, int] = {}
        for key in range(0, KEY_SPACE, 16):
            offset = noise(count, key)
            seen[offset] = seen.get(offset, 0) + 1
        expected = {offset: weight * KEY_SPACE // 16 // 16 for offset, weight in PERTURBATION[min(count, 2)]}
        assert seen == expected, count


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 300), keys)
def test_a_published_count_is_consistent_with_its_true_count_and_never_shows_a_small_one(count, key):
    shown = published_count(Cell(count, key), 5)

    assert count in candidates(shown, 5, largest=400)
    if 0 < count < 5:
        assert shown in ("<5", 0)
    if count == 0:
        assert shown == 0


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 300), keys)
def test_the_same_records_always_get_the_same_figure_and_keys_wrap_around(count, key):
    assert published_count(Cell(count, key), 5) == published_count(Cell(count, key + KEY_SPACE), 5)
    assert publish(Cell(count, key), None) == count


def test_small_counts_can_be_shown_as_zero_and_as_hidden():
    shown = {published_count(Cell(n, key), 5) for n in (1, 2) for key in range(0, KEY_SPACE, 512)}

    assert shown == {0, "<5"}
    assert {published_count(Cell(3, key), 5) for key in range(0, KEY_SPACE, 512)} == {"<5"}


def test_cells_of_disjoint_records_add_up_with_their_keys():
    a, b = Cell(3, 100), Cell(4, KEY_SPACE - 50)

    assert a + b == Cell(7, KEY_SPACE + 50) and 0 + a == a and sum([a, b], Cell(0)) == a + b
    assert (a + b) - b == a


def test_a_total_is_perturbed_on_its_own_not_as_the_sum_of_its_parts():
    parts = [Cell(10, key * 977) for key in range(1, 40)]
    total = sum(parts, Cell(0))

    published_parts = [int(published_count(part, 5)) for part in parts]
    assert published_count(total, 5) == total.n + noise(total.n, total.key)
    # The parts' noise adds up far beyond what a total's own noise may be.
    assert abs(sum(published_parts) - total.n) > MAX_DEVIATION


def test_a_share_is_computed_from_the_published_counts():
    numerator, denominator = Cell(20, 12345), Cell(40, 54321)
    share = Share(numerator, denominator, places=3)

    shown = int(published_count(numerator, 5)), int(published_count(denominator, 5))
    assert share.published(5) == round(shown[0] / shown[1], 3)
    assert share.published(None) == 0.5
    assert Share(Cell(3, 1), denominator).published(5) is None
    assert Share(Cell(20, 1), Cell(0)).published(5) is None


def test_a_mean_is_exact_but_only_where_its_count_is_shown():
    assert Share(Decimal(500), Cell(10, 7), places=1, numerator_is_count=False).published(None) == 50.0
    assert Share(Decimal(120), Cell(3, 7), places=1, numerator_is_count=False).published(5) is None


def test_a_verdict_is_judged_on_the_published_share():
    hidden = Verdict(Share(Cell(2, 9), Cell(2, 9), scale=100), lambda value: value >= 80)

    assert hidden.published(None) is True and hidden.published(5) is None
    assert Verdict(Share(Cell(2, 9), Cell(2, 9)), lambda value: value >= 80, hidden=False).published(5) is False


def test_tables_and_groups_of_cells_publish_each_cell_without_secondary_suppression():
    table = Table({"a": {"x": Cell(3, 5), "y": Cell(30, 5)}, "b": {"x": Cell(0), "y": Cell(12, 99)}})

    published = publish(table, 5)

    assert published["a"]["x"] == "<5" and published["b"]["x"] == 0
    assert published["a"]["y"] == published_count(Cell(30, 5), 5)
    assert SECONDARY not in [value for cells in published.values() for value in cells.values()]
    assert publish(Group({"K": Cell(4, 1), "M": Cell(50, 2)}), 5)["K"] in ("<5", 0)


def test_record_keys_are_drawn_over_the_whole_key_space():
    drawn = {draw_record_key() for _ in range(2000)}

    assert all(0 <= key < KEY_SPACE for key in drawn) and len(drawn) > 1900


def test_every_stay_gets_a_key_of_its_own_and_the_migration_gives_old_rows_theirs(world, year_2020):
    stays = Participation.objects.all()
    assert len(set(stays.values_list("record_key", flat=True))) == stays.count()

    stays.update(record_key=0)
    fill_record_keys(Participation, batch=3)

    assert len(set(stays.values_list("record_key", flat=True))) == stays.count()


PERIOD = {"date_from": "2020-01-01", "date_to": "2020-12-31"}


def test_the_handlers_exact_figures_are_read_of_personal_data_and_logged(world, year_2020, login_as):
    handler = login_as(world.people.handler)

    page = handler.get(reverse("stats:participants", args=["alfa"]), {**PERIOD, "format": "json"}).json()
    api = handler.get("/api/v1/forbund/alfa/stats/monthly", {"year": 2020}).json()

    assert page["suppressed"] is False and (page["enrolled"], page["discharged"]) == (5, 3)
    assert api["months"]["2017:48"]["year"]["new"] == 5
    rows = ReadLogEntry.objects.filter(actor=world.people.handler, object_type="stats.exact").order_by("at", "pk")
    assert [row.query.split()[0] for row in rows] == ["participants", "monthly"]
    assert "insatser=2017:48" in rows[0].query and "date_from=2020-01-01" in rows[0].query


def test_protected_figures_are_no_read_of_personal_data(world, year_2020, login_as):
    board = login_as(world.people.board)

    board.get(reverse("stats:participants", args=["alfa"]), PERIOD)
    board.get("/api/v1/forbund/alfa/stats/participants", PERIOD)

    assert not ReadLogEntry.objects.filter(object_type="stats.exact").exists()


def test_a_report_counted_without_keys_is_exact_only(world, year_2020):
    from samordna.stats.queries import participant_report

    report = participant_report(world.a, D(2020, 1, 1), D(2020, 12, 31), keyed=False)

    assert publish(report, None) == publish(participant_report(world.a, D(2020, 1, 1), D(2020, 12, 31)), None)
    with pytest.raises(ValueError, match="cell key"):
        publish(report, 5)

"""Suppression of small numbers (DOMAIN.md §6.5) with hand-computed tables."""

from hypothesis import given, settings
from hypothesis import strategies as st

from samordna.stats.suppression import Group, Money, Share, Table, publish


def test_counts_below_the_threshold_are_hidden_and_zero_stays_zero():
    assert publish({"a": 0, "b": 1, "c": 4, "d": 5, "e": 123}, 5) == {"a": 0, "b": "<5", "c": "<5", "d": 5, "e": 123}


def test_the_threshold_is_the_forbunds():
    assert publish([2, 3], 3) == ["<3", 3]


def test_exact_when_no_threshold():
    report = {"n": 2, "g": Group({"K": 1, "M": 9}), "s": Share(2, 52)}
    assert publish(report, None) == {"n": 2, "g": {"K": 1, "M": 9}, "s": 0.038}


def test_money_and_flags_are_never_suppressed():
    assert publish({"budget": Money(3), "met": True, "note": "x"}, 5) == {"budget": 3, "met": True, "note": "x"}


def test_share_with_a_hidden_numerator_or_denominator_is_hidden():
    # Kävlinge-Lomma (DOMAIN.md §7.5): 2 of 52 adepts employed via the mentor: the count is "<5", the % is hidden.
    assert publish({"employed": 2, "share": Share(2, 52, places=1, scale=100)}, 5) == {"employed": "<5", "share": None}
    assert publish(Share(3, 4), 5) is None
    assert publish(Share(7, 52, places=1, scale=100), 5) == 13.5
    assert publish(Share(0, 0), 5) is None


def test_share_over_years_hides_only_by_its_count():
    assert publish(Share(132, 3, places=1, denominator_is_count=False), 5) == 44.0
    assert publish(Share(4, 3, places=1, denominator_is_count=False), 5) is None


def test_secondary_suppression_in_a_group():
    # Total 22 is published elsewhere: ARBETE (3) alone hidden would be 22 − 7 − 12 − 0. The next-smallest
    # non-zero cell, STUDIER (7), is hidden too; the zero stays.
    outcomes = Group({"ARBETE": 3, "STUDIER": 7, "ARBETSSOKANDE": 12, "OKAND": 0})

    assert publish(outcomes, 5) == {"ARBETE": "<5", "STUDIER": "x", "ARBETSSOKANDE": 12, "OKAND": 0}


def test_two_small_cells_that_together_reach_the_threshold_need_no_partner():
    assert publish(Group({"K": 2, "M": 3, "X": 20}), 5) == {"K": "<5", "M": "<5", "X": 20}


def test_two_ones_are_not_enough():
    # 1 + 1 = 2 < 5: both would be known to be 1, so the smallest other cell is hidden as well.
    assert publish(Group({"K": 1, "M": 1, "X": 20, "Y": 30}), 5) == {"K": "<5", "M": "<5", "X": "x", "Y": 30}


def test_secondary_suppression_in_a_two_way_table_closes_a_rectangle():
    #        a   b   c          a    b    c
    #   a   10   2   8     a   10   <5    x
    #   b    6  12   0  →  b    6   12    0
    #   c    9   7  15     c    9    x    x
    # (a,b) is small; column b takes (c,b)=7, row a takes (a,c)=8, and row c and column c are both
    # unbalanced, so (c,c) closes the rectangle.
    table = Table(
        {"a": {"a": 10, "b": 2, "c": 8}, "b": {"a": 6, "b": 12, "c": 0}, "c": {"a": 9, "b": 7, "c": 15}},
        column_groups=[["a", "b", "c"]],
    )

    assert publish(table, 5) == {
        "a": {"a": 10, "b": "<5", "c": "x"},
        "b": {"a": 6, "b": 12, "c": 0},
        "c": {"a": 9, "b": "x", "c": "x"},
    }


def test_columns_that_do_not_add_up_are_left_alone():
    # enrolled and discharged are two measures, not parts of a whole: only each column is a set.
    by_sex = Table({"K": {"enrolled": 3, "discharged": 9}, "M": {"enrolled": 8, "discharged": 6}})

    assert publish(by_sex, 5) == {"K": {"enrolled": "<5", "discharged": 9}, "M": {"enrolled": "x", "discharged": 6}}


def test_subtotal_rows_are_their_own_sets():
    # The youth row 16–29 is the sum of three bands: hiding 16–19 must hide another of the three.
    table = Table(
        {"16–19": {"n": 2}, "20–24": {"n": 6}, "25–29": {"n": 9}, "30–44": {"n": 5}, "16–29": {"n": 17}},
        row_groups=[["16–19", "20–24", "25–29", "30–44"], ["16–19", "20–24", "25–29"], ["16–29", "30–44"]],
    )

    published = publish(table, 5)

    assert published["16–19"]["n"] == "<5"
    assert published["20–24"]["n"] == "x"
    assert published["25–29"]["n"] == 9 and published["16–29"]["n"] == 17


def _safe(published, exact, groups, threshold):
    for group in groups:
        hidden = [cell for cell in group if isinstance(published[cell], str)]
        visible_nonzero = [cell for cell in group if not isinstance(published[cell], str) and exact[cell] > 0]
        if hidden and visible_nonzero:
            assert len(hidden) >= 2 and sum(exact[c] for c in hidden) >= threshold, (group, published)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.integers(0, 30), min_size=3, max_size=3), min_size=2, max_size=5))
def test_no_hidden_cell_can_be_worked_out_from_row_or_column_totals(matrix):
    rows = {f"r{i}": {f"c{j}": v for j, v in enumerate(row)} for i, row in enumerate(matrix)}
    table = Table(rows, column_groups=[["c0", "c1", "c2"]])

    published = publish(table, 5)

    flat = {(r, c): v for r, cells in published.items() for c, v in cells.items()}
    exact = {(r, c): v for r, cells in rows.items() for c, v in cells.items()}
    for (r, c), value in exact.items():
        assert (flat[(r, c)] == "<5") == (0 < value < 5)
        assert flat[(r, c)] in (value, "<5", "x")
    groups = [[(r, c) for r in rows] for c in ("c0", "c1", "c2")] + [[(r, c) for c in ("c0", "c1", "c2")] for r in rows]
    _safe(flat, exact, groups, 5)

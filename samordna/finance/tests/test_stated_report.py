"""An economic report as minutes state it, beside what the system computes from the same inputs [DOMAIN 7.1]."""

from samordna.finance.queries import stated_report
from samordna.meetings.demo import APRIL_REPORT

APRIL_2015 = APRIL_REPORT  # the figures of § 600 as the source states them


def test_the_seed_figures_beside_the_systems():
    report = stated_report(APRIL_2015)
    rows = {f.name: (f.stated, f.computed, f.differs) for f in report.figures}

    assert report.differs
    assert rows["result_forecast"] == (1_235_470, 1_208_470, True)
    assert rows["equity_end_forecast"] == (3_427_732, 3_400_732, True)
    assert rows["room_for_new"] == (2_207_732, 2_180_732, True)
    # Inputs are printed as stated, with nothing computed beside them.
    assert rows["result_to_date"] == (323_919, None, False)
    assert rows["equity_cap"] == (1_220_000, None, False)
    assert [f.name for f in report.figures][:3] == ["result_to_date", "income_forecast", "cost_forecast"]


def test_figures_that_add_up_give_no_warning():
    consistent = {**APRIL_2015, "result_forecast": 1_208_470, "equity_end_forecast": 3_400_732}
    consistent["room_for_new"] = 2_180_732

    assert not stated_report(consistent).differs


def test_a_figure_without_its_inputs_is_printed_as_stated():
    report = stated_report({"room_for_new": 2_207_732})

    assert [(f.stated, f.computed) for f in report.figures] == [(2_207_732, None)]
    assert not report.differs and report
    assert not stated_report({})

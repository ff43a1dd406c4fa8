"""Chart geometry and CSV cells: pure functions, no database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reports.charts import MAX_LABELS, bar_chart, score_bands
from reports.csv_export import csv_lines, safe_cell


def chart(data):
    return bar_chart(title="T", description="D", label_heading="L", value_heading="V", data=data)


def test_bars_are_as_tall_as_their_share_of_the_axis():
    bars = chart([("a", 10), ("b", 5), ("c", 0)]).bars

    assert bars[0].height == pytest.approx(2 * bars[1].height)
    assert bars[2].height == 0
    assert bars[0].y + bars[0].height == pytest.approx(bars[2].y)  # all stand on the baseline


def test_the_axis_tops_out_at_a_round_number():
    assert [tick.value for tick in chart([("a", 37)]).ticks] == [0, 12, 25, 38, 50]


def test_labels_are_thinned_out_on_a_crowded_chart():
    bars = chart([(str(n), n) for n in range(100)]).bars

    assert sum(bar.show_label for bar in bars) <= MAX_LABELS
    assert bars[0].show_label


def test_scores_fall_in_bands_of_ten_percent_with_full_marks_in_the_last():
    bands = score_bands([0, 9.99, 10, 55, 100, 100])

    assert bands[0] == ("0–10 %", 2)
    assert bands[1] == ("10–20 %", 1)
    assert bands[5] == ("50–60 %", 1)
    assert bands[9] == ("90–100 %", 2)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_a_spreadsheet_would_run_is_neutralised(text):
    assert safe_cell(text) == "'" + text


def test_numbers_and_plain_text_are_kept():
    assert safe_cell(Decimal("-2.50")) == "-2.50"
    assert safe_cell(3) == "3"
    assert safe_cell(None) == ""
    assert safe_cell("Ada = 1") == "Ada = 1"


def test_csv_lines_quote_what_needs_quoting():
    assert list(csv_lines([["a,b", 'say "hi"'], [1]])) == ['"a,b","say ""hi"""\r\n', "1\r\n"]

"""Quiz statistics against data sets worked by hand, with the arithmetic in the comments."""

from __future__ import annotations

import math

import pytest

from quizzes.statistics import (
    AttemptSample,
    Discrimination,
    ItemMark,
    ResponseChoice,
    quiz_statistics,
)


def attempt(number: int, *marks: float, max_mark: float = 1.0) -> AttemptSample:
    """An attempt whose question at position i (question id i) earned marks[i - 1]."""
    items = tuple(
        ItemMark(position=i, question_id=i, mark=mark, max_mark=max_mark)
        for i, mark in enumerate(marks, start=1)
    )
    return AttemptSample(attempt_id=number, items=items)


# Four attempts at three one-mark questions:
#
#        q1  q2  q3  total
#   A     1   1   1    3
#   B     1   1   0    2
#   C     1   0   0    1
#   D     0   0   1    1
FOUR = [attempt(1, 1, 1, 1), attempt(2, 1, 1, 0), attempt(3, 1, 0, 0), attempt(4, 0, 0, 1)]


def by_id(stats, question_id):
    return next(q for q in stats.questions if q.question_id == question_id)


def test_it_computes_the_quiz_figures_by_hand():
    stats = quiz_statistics(FOUR)

    # Totals 3, 2, 1, 1: mean 7/4 = 1.75; sorted 1, 1, 2, 3: median (1 + 2) / 2 = 1.5.
    assert stats.count == 4
    assert stats.mean == pytest.approx(1.75)
    assert stats.median == pytest.approx(1.5)
    # Deviations 1.25, 0.25, −0.75, −0.75; squares 1.5625 + 0.0625 + 0.5625 + 0.5625 = 2.75;
    # variance 2.75 / 3 = 0.91667; SD √0.91667 = 0.95743.
    assert stats.sd == pytest.approx(math.sqrt(2.75 / 3))
    # As a percentage of the maximum total 3: 1.75 / 3 = 58.33 %.
    assert stats.percent(stats.mean) == pytest.approx(58.3333, abs=1e-4)


def test_it_computes_cronbachs_alpha_of_zero_when_questions_do_not_agree():
    stats = quiz_statistics(FOUR)

    # Position variances: q1 marks 1,1,1,0 (mean .75) → (3 × .0625 + .5625) / 3 = .25;
    # q2 1,1,0,0 and q3 1,0,0,1 (mean .5) → 4 × .25 / 3 = 1/3 each. Sum .25 + 2/3 = .91667,
    # the same as the variance of totals: α = 3/2 × (1 − .91667/.91667) = 0.
    assert stats.cic == pytest.approx(0.0, abs=1e-9)
    # Error ratio 100 × √(1 − 0) = 100 %; standard error = 100 % of the SD.
    assert stats.error_ratio == pytest.approx(100.0)
    assert stats.standard_error == pytest.approx(stats.sd)


def test_it_computes_cronbachs_alpha_for_consistent_questions():
    # Three attempts at two questions: (1, 1) = 2, (0, 0) = 0, (1, 0) = 1.
    stats = quiz_statistics([attempt(1, 1, 1), attempt(2, 0, 0), attempt(3, 1, 0)])

    # Totals 2, 0, 1: mean 1, deviations 1, −1, 0 → variance 2 / 2 = 1, SD 1.
    # q1 marks 1, 0, 1 (mean 2/3): (1/9 + 4/9 + 1/9) / 2 = 1/3; q2 1, 0, 0 likewise 1/3.
    # α = 2/1 × (1 − (2/3) / 1) = 2/3 → 66.667; error ratio 100 × √(1/3) = 57.735 %;
    # standard error 57.735 % × SD 1 = 0.57735.
    assert stats.cic == pytest.approx(200 / 3)
    assert stats.error_ratio == pytest.approx(100 * math.sqrt(1 / 3))
    assert stats.standard_error == pytest.approx(math.sqrt(1 / 3))


def test_it_computes_a_question_that_discriminates_well():
    q2 = by_id(quiz_statistics(FOUR), 2)

    # Marks 1, 1, 0, 0: mean .5 → facility 50 %; variance 1/3, SD .57735 → 57.735 % of 1.
    assert q2.facility == pytest.approx(50.0)
    assert q2.sd == pytest.approx(100 * math.sqrt(1 / 3))
    # Rest of the test (total − q2): 2, 1, 1, 1, mean 1.25, deviations .75, −.25, −.25, −.25
    # → variance .75 / 3 = .25. Covariance: (.5)(.75) + (.5)(−.25) + (−.5)(−.25) + (−.5)(−.25)
    # = .5, / 3 = 1/6. Discrimination 100 × (1/6) / √(1/3 × .25) = 57.735.
    assert q2.discrimination_index == pytest.approx(100 * (1 / 6) / math.sqrt(1 / 12))
    # Sorted marks 0, 0, 1, 1 against sorted rest 1, 1, 1, 2 give the same covariance 1/6:
    # the marks are already in the best order, efficiency 100 %.
    assert q2.discriminative_efficiency == pytest.approx(100.0)
    assert q2.discrimination == Discrimination.GOOD
    assert not q2.probably_broken


def test_it_flags_a_question_that_the_strong_get_wrong():
    q3 = by_id(quiz_statistics(FOUR), 3)

    # Marks 1, 0, 0, 1 (mean .5, variance 1/3); rest 2, 2, 1, 0 (mean 1.25, variance
    # 2.75 / 3). Covariance: (.5)(.75) + (−.5)(.75) + (−.5)(−.25) + (.5)(−1.25) = −.5, / 3.
    # Discrimination 100 × (−1/6) / √(1/3 × 2.75/3) = −30.151.
    assert q3.discrimination_index == pytest.approx(-30.1511, abs=1e-4)
    # Best pairing: sorted 0, 0, 1, 1 with 0, 1, 2, 2 → deviations (−.5)(−1.25) + (−.5)(−.25)
    # + (.5)(.75) + (.5)(.75) = 1.5, / 3 = .5; efficiency −(1/6) / .5 = −33.333 %.
    assert q3.discriminative_efficiency == pytest.approx(-100 / 3)
    assert q3.discrimination == Discrimination.NEGATIVE
    assert q3.probably_broken


def test_it_flags_a_question_that_tells_nobody_apart():
    q1 = by_id(quiz_statistics(FOUR), 1)

    # Marks 1, 1, 1, 0 (mean .75 → facility 75 %, variance .25, SD 50 %); rest 2, 1, 0, 1
    # (mean 1); covariance (.25)(1) + (.25)(0) + (.25)(−1) + (−.75)(0) = 0 → index 0.
    assert q1.facility == pytest.approx(75.0)
    assert q1.sd == pytest.approx(50.0)
    assert q1.discrimination_index == pytest.approx(0.0)
    assert q1.discrimination == Discrimination.VERY_WEAK
    assert q1.probably_broken


def test_facility_is_a_share_of_the_questions_own_maximum():
    # Two-mark questions: marks 2 and 1 → mean 1.5 of 2 = 75 %.
    stats = quiz_statistics([attempt(1, 2, 0, max_mark=2), attempt(2, 1, 0, max_mark=2)])

    assert by_id(stats, 1).facility == pytest.approx(75.0)
    assert stats.max_total == 4


def test_it_gives_no_spread_figures_for_one_attempt():
    stats = quiz_statistics([attempt(1, 1, 0)])

    assert stats.mean == 1
    assert stats.sd is None
    assert stats.cic is None
    assert by_id(stats, 1).discrimination_index is None
    assert by_id(stats, 1).discrimination == Discrimination.UNKNOWN


def test_it_gives_nothing_for_no_attempts():
    stats = quiz_statistics([])

    assert stats.count == 0
    assert stats.mean is None
    assert stats.median is None
    assert stats.questions == ()


def test_it_leaves_out_questions_worth_nothing():
    description = ItemMark(position=1, question_id=9, mark=0, max_mark=0)
    samples = [
        AttemptSample(n, (description, ItemMark(position=2, question_id=2, mark=m, max_mark=1)))
        for n, m in [(1, 1), (2, 0), (3, 1)]
    ]

    stats = quiz_statistics(samples)

    assert [q.question_id for q in stats.questions] == [2]
    assert stats.cic is None  # one position left: no internal consistency to speak of


def test_it_counts_each_response_and_lists_unchosen_answers():
    def asked(number, *keys):
        item = ItemMark(position=1, question_id=1, mark=0, max_mark=1, responses=keys)
        return AttemptSample(number, (item,))

    known = {
        1: [
            ResponseChoice("a0", "Paris", 1.0),
            ResponseChoice("a1", "Lyon", 0.0),
            ResponseChoice("a2", "Nice", 0.0),
        ]
    }
    samples = [asked(1, "a0"), asked(2, "a0"), asked(3, "a1"), asked(4)]

    responses = quiz_statistics(samples, known).questions[0].responses

    assert [(r.label, r.count) for r in responses] == [("Paris", 2), ("Lyon", 1), ("Nice", 0)]
    assert responses[0].percentage == pytest.approx(50.0)
    assert responses[0].fraction == 1.0

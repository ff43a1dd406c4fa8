"""Attempts: start → save (autosave) → submit → review, with the server owning time.

Races handled here, each where it can happen:
- two "start" requests at once (double click, two tabs): the learner's row is locked first, so
  the second request finds the attempt the first created; the partial unique constraint
  ``one_open_attempt_per_learner`` is the backstop;
- two "submit" requests at once: the attempt row is locked and a submitted attempt is returned
  as it is, so grading happens exactly once;
- a page left open in another tab: every save carries the attempt's revision, and an older one
  is refused (StaleAttempt) instead of overwriting newer answers.
On SQLite, select_for_update is a no-op but transactions begin IMMEDIATE (see settings), which
serialises writers the same way.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from infrastructure.db.updates import rows_update

from .bank import questions_data
from .grading import grade
from .models import Attempt, AttemptQuestion, Question, Quiz, ReviewWhen
from .permissions import quiz_is_withdrawn
from .questions import GapKind, QuestionData, QuestionType

if TYPE_CHECKING:
    from accounts.models import User

OPEN_STATES = (Attempt.State.IN_PROGRESS, Attempt.State.OVERDUE)
# A save or submit the browser sent at the deadline may arrive a moment after it.
NETWORK_LEEWAY = timedelta(seconds=5)
SEVEN_PLACES = Decimal("0.0000001")


class AttemptError(Exception):
    """An attempt action that cannot be done; the message is for the learner."""


class QuizUnavailable(AttemptError):
    pass


class NoAttemptsLeft(AttemptError):
    pass


class AttemptClosed(AttemptError):
    pass


class StaleAttempt(AttemptError):
    pass


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def quiz_check_open(*, quiz: Quiz, now: datetime) -> None:
    # Withdrawn (unpublished, or its lesson archived): for the quiz's managers too.
    if quiz_is_withdrawn(quiz):
        raise QuizUnavailable(_("This quiz is not available."))
    if quiz.open_at and now < quiz.open_at:
        raise QuizUnavailable(_("This quiz opens on %(when)s.") % {"when": _when(quiz.open_at)})
    if quiz.close_at and now >= quiz.close_at:
        raise QuizUnavailable(_("This quiz closed on %(when)s.") % {"when": _when(quiz.close_at)})


def _deadline(quiz: Quiz, started: datetime) -> datetime | None:
    limits = [started + quiz.time_limit] if quiz.time_limit else []
    if quiz.close_at:
        limits.append(quiz.close_at)
    return min(limits) if limits else None


def display_order(data: QuestionData, shuffle: bool, rng: random.Random) -> list[Any]:
    """The order in which an attempt shows a question's choices, fixed at start.

    A matching question's answers are always shuffled, as Moodle's are: shown in the order
    of their prompts, the page would pair them up. Ordering items are always shuffled too.
    """

    def permutation(size: int, always: bool = False) -> list[int]:
        order = list(range(size))
        if shuffle or always:
            rng.shuffle(order)
        return order

    if data.type in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_RESPONSE):
        return permutation(len(data.answers))
    if data.type == QuestionType.MATCHING:
        return permutation(len(data.pairs), always=True)
    if data.type == QuestionType.ORDERING:
        order = permutation(len(data.items), always=True)
        if len(order) > 1 and order == sorted(order):
            # Ordering questions shown already in order would give the answer away.
            order = order[1:] + order[:1]
        return order
    if data.type == QuestionType.CLOZE:
        return [
            permutation(len(gap.answers)) if gap.kind == GapKind.CHOICE else [] for gap in data.gaps
        ]
    return []


def pick_questions(quiz: Quiz, rng: random.Random) -> list[tuple[int, Decimal | None]]:
    """(question id, points override) for each place of a new attempt, in order."""
    picked: list[tuple[int, Decimal | None]] = []
    slots = list(quiz.slots.order_by("position"))
    fixed = {slot.question_id for slot in slots if slot.question_id}
    used: set[int] = set(fixed)
    for slot in slots:
        if slot.question_id:
            picked.append((slot.question_id, slot.points))
            continue
        candidates = sorted(
            Question.objects.filter(
                category=slot.random_category_id, status=Question.Status.PUBLISHED
            )
            .exclude(pk__in=used)
            .exclude(type=QuestionType.DESCRIPTION)
            .values_list("pk", flat=True)
        )
        for pk in rng.sample(candidates, min(slot.random_count, len(candidates))):
            used.add(pk)
            picked.append((pk, slot.points))
    if quiz.shuffle_questions:
        rng.shuffle(picked)
    return picked


def attempt_start(
    *, quiz: Quiz, user: User, now: datetime | None = None, seed: int | None = None
) -> Attempt:
    """The learner's open attempt at ``quiz``, or a new one if they have attempts left."""
    now = now or timezone.now()
    try:
        return _attempt_start(quiz=quiz, user=user, now=now, seed=seed)
    except IntegrityError:
        # The constraints are the backstop for a start that slipped past the row lock (which
        # should not happen): the other request's attempt is the learner's attempt.
        return Attempt.objects.get(quiz=quiz, user=user, state__in=OPEN_STATES)


@transaction.atomic
def _attempt_start(*, quiz: Quiz, user: User, now: datetime, seed: int | None) -> Attempt:
    # Lock the learner's row: a second simultaneous start waits here, then finds the attempt
    # the first one created instead of creating another.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    previous = list(Attempt.objects.filter(quiz=quiz, user=user))
    current = next((a for a in previous if a.state in OPEN_STATES), None)
    if current is not None:
        current.quiz = quiz
        _apply_deadline(current, now)
        if current.state in OPEN_STATES:
            return current
    quiz_check_open(quiz=quiz, now=now)
    count = len(previous)
    if quiz.attempts_allowed and count >= quiz.attempts_allowed:
        raise NoAttemptsLeft(
            _("You have used all %(count)d attempts allowed at this quiz.") % {"count": count}
        )
    # Question order and random draws, not a secret: a learner gains nothing by predicting it.
    rng = random.Random(seed)  # nosec B311
    picked = pick_questions(quiz, rng)
    if not picked:
        raise QuizUnavailable(_("This quiz has no questions yet."))
    questions = Question.objects.in_bulk([pk for pk, _ in picked])
    structure = questions_data(questions.values())
    points = [
        slot_points if slot_points is not None else questions[pk].points
        for pk, slot_points in picked
    ]
    attempt = Attempt.objects.create(
        quiz=quiz,
        user=user,
        number=count + 1,
        started_at=now,
        deadline=_deadline(quiz, now),
        max_score=sum(
            (
                max_points
                for (pk, _), max_points in zip(picked, points, strict=True)
                if questions[pk].type != QuestionType.DESCRIPTION
            ),
            Decimal(0),
        ),
    )
    AttemptQuestion.objects.bulk_create(
        AttemptQuestion(
            attempt=attempt,
            position=position,
            question=questions[pk],
            choice_order=display_order(
                structure[pk], quiz.shuffle_answers and questions[pk].shuffle_answers, rng
            ),
            max_points=max_points,
        )
        for position, ((pk, _), max_points) in enumerate(zip(picked, points, strict=True), start=1)
    )
    return attempt


def _apply_deadline(attempt: Attempt, now: datetime) -> None:
    """Move an open attempt past its deadline to what the quiz's overdue rule says."""
    if attempt.state not in OPEN_STATES or attempt.deadline is None:
        return
    if now <= attempt.deadline + NETWORK_LEEWAY:
        return
    rule = attempt.quiz.overdue_handling
    if rule == Quiz.Overdue.AUTOSUBMIT:
        _finish(attempt, submitted_at=attempt.deadline)
    elif (
        rule == Quiz.Overdue.GRACE
        and now <= attempt.deadline + (attempt.quiz.grace_period or timedelta(0)) + NETWORK_LEEWAY
    ):
        if attempt.state != Attempt.State.OVERDUE:
            attempt.state = Attempt.State.OVERDUE
            attempt.save(update_fields=["state"])
    else:
        attempt.state = Attempt.State.ABANDONED
        attempt.save(update_fields=["state"])


def _locked_attempt(attempt_id: int, user: User) -> Attempt:
    # of=("self",): lock the attempt only. Locking the joined quiz row as well would make
    # every learner's save and submit at this quiz wait for each other.
    return (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("quiz", "quiz__course")
        .get(pk=attempt_id, user=user)
    )


def _store_responses(
    rows: Iterable[AttemptQuestion], responses: Mapping[int, Any], now: datetime
) -> None:
    """Set the rows' responses (in memory too) and write the ones that changed."""
    by_position = {row.position: row for row in rows}
    changed = []
    for position, response in responses.items():
        row = by_position.get(position)
        if row is not None and row.response != response:
            row.response = response
            row.saved_at = now
            changed.append(row)
    # An autosave usually carries one new answer: one plain UPDATE.
    rows_update(AttemptQuestion, changed, ["response", "saved_at"])


def _claim_revision(attempt_id: int, user: User, revision: int, now: datetime) -> bool:
    """Move an attempt that is open, in time and still at ``revision`` to the next revision,
    in one UPDATE that also locks its row until the transaction ends. False when any of that
    is untrue: the caller then finds out which, under a lock, the long way."""
    in_time = Q(deadline__isnull=True) | Q(deadline__gte=now - NETWORK_LEEWAY)
    claimed = Attempt.objects.filter(
        in_time, pk=attempt_id, user=user, state=Attempt.State.IN_PROGRESS, revision=revision
    ).update(revision=F("revision") + 1)
    return claimed == 1


def attempt_save(
    *,
    attempt_id: int,
    user: User,
    responses: Mapping[int, Any],
    revision: int,
    now: datetime | None = None,
    rows_at_revision: Sequence[AttemptQuestion] | None = None,
) -> int:
    """Save responses (by question position) into an open attempt, as autosave does, and
    return the attempt's new revision.

    ``rows_at_revision``: the attempt's question rows, if the caller read them after reading
    the attempt at ``revision``; they spare reading them again.
    """
    now = now or timezone.now()
    with transaction.atomic():
        # Autosave is most of a quiz's traffic, and nearly every one is in time and current:
        # one conditional UPDATE both checks that and takes the lock. The attempt was still at
        # ``revision``, so rows read at that revision are its rows now.
        if _claim_revision(attempt_id, user, revision, now):
            rows = rows_at_revision
            if rows is None:
                rows = list(AttemptQuestion.objects.filter(attempt_id=attempt_id))
            _store_responses(rows, responses, now)
            return revision + 1
        attempt = _locked_attempt(attempt_id, user)
        _apply_deadline(attempt, now)
        refusal = _save_refusal(attempt, revision)
        if refusal is None:  # open and current after all (the UPDATE above says otherwise)
            _store_responses(attempt.questions.all(), responses, now)
            attempt.revision += 1
            attempt.save(update_fields=["revision"])
            return attempt.revision
    # Raised after the transaction commits, so what the deadline did (an automatic submit, say)
    # is kept even though this save is refused.
    raise refusal


def _save_refusal(attempt: Attempt, revision: int) -> AttemptError | None:
    if attempt.state == Attempt.State.OVERDUE:
        return AttemptClosed(_("Time is up: your answers can no longer be changed. Submit now."))
    if attempt.state != Attempt.State.IN_PROGRESS:
        return AttemptClosed(_("This attempt is closed; answers can no longer be changed."))
    if revision != attempt.revision:
        return StaleAttempt(
            _(
                "These answers come from an older copy of this page (perhaps another tab). "
                "They were not saved; reload the page to see your latest answers."
            )
        )
    return None


def attempt_submit(
    *,
    attempt_id: int,
    user: User,
    responses: Mapping[int, Any] | None = None,
    revision: int | None = None,
    now: datetime | None = None,
    rows_at_revision: Sequence[AttemptQuestion] | None = None,
) -> Attempt:
    """Submit and grade an attempt. Submitting twice grades once and returns the same result.

    ``rows_at_revision``: the attempt's question rows with their questions, if the caller read
    them after reading the attempt at ``revision``; they spare reading them again.
    """
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _locked_attempt(attempt_id, user)
        _apply_deadline(attempt, now)
        if attempt.state in (Attempt.State.SUBMITTED, Attempt.State.ABANDONED):
            return attempt
        # Every change to an open attempt's rows moves its revision, and the attempt is locked.
        rows = (
            list(rows_at_revision)
            if rows_at_revision is not None and revision == attempt.revision
            else None
        )
        if attempt.state == Attempt.State.IN_PROGRESS and responses:
            if revision is not None and revision != attempt.revision:
                raise StaleAttempt(
                    _(
                        "This page is out of date (the attempt was changed in another tab). "
                        "Nothing was submitted; reload the page and submit again."
                    )
                )
            if rows is None:
                rows = list(attempt.questions.select_related("question"))
            _store_responses(rows, responses, now)
            attempt.revision += 1
        _finish(attempt, submitted_at=now, rows=rows)
        return attempt


def _points(fraction: Decimal, max_points: Decimal) -> Decimal:
    return (fraction * max_points).quantize(SEVEN_PLACES, rounding=ROUND_HALF_UP)


def _grade_rows(rows: list[AttemptQuestion]) -> None:
    """Grade each row from its question's current key (so a regrade uses corrected keys)."""
    structure = questions_data(row.question for row in rows)
    for row in rows:
        data = structure[row.question_id]
        if data.type == QuestionType.DESCRIPTION:
            row.fraction, row.points = None, None
            continue
        result = grade(data, response_from_json(data, row.response))
        if result.fraction is None:
            # Needs a person (an essay): keep any grade a grader already gave.
            if row.fraction is None:
                row.points = None
            continue
        row.fraction = result.fraction
        row.points = _points(result.fraction, row.max_points)


def _total(attempt: Attempt, rows: list[AttemptQuestion]) -> None:
    gradable = [row for row in rows if row.question.type != QuestionType.DESCRIPTION]
    attempt.needs_grading = any(row.fraction is None for row in gradable)
    attempt.score = sum((row.points or Decimal(0) for row in gradable), Decimal(0))


def _finish(
    attempt: Attempt,
    *,
    submitted_at: datetime,
    rows: list[AttemptQuestion] | None = None,
) -> None:
    """Grade and close the attempt. ``rows``: its question rows with their questions, current
    (responses included), if the caller has them."""
    if rows is None:
        rows = list(attempt.questions.select_related("question"))
    _grade_rows(rows)
    # Most answers are right or wrong: a plain UPDATE or two rather than a CASE per row.
    rows_update(AttemptQuestion, rows, ["fraction", "points"])
    _total(attempt, rows)
    attempt.state = Attempt.State.SUBMITTED
    attempt.submitted_at = submitted_at
    attempt.save(update_fields=["state", "submitted_at", "score", "needs_grading", "revision"])


@transaction.atomic
def quiz_regrade(*, quiz: Quiz) -> int:
    """Grade every submitted attempt at ``quiz`` again from the current keys.

    Returns how many attempts changed score.
    """
    attempts = list(
        Attempt.objects.select_for_update()
        .filter(quiz=quiz, state=Attempt.State.SUBMITTED)
        .prefetch_related("questions__question")
    )
    rows = [row for attempt in attempts for row in attempt.questions.all()]
    if rows:
        _grade_rows(rows)
        rows_update(AttemptQuestion, rows, ["fraction", "points"])
    changed = []
    for attempt in attempts:
        before = attempt.score
        _total(attempt, list(attempt.questions.all()))
        if attempt.score != before:
            changed.append(attempt)
    rows_update(Attempt, changed, ["score", "needs_grading"])
    return len(changed)


def response_from_json(data: QuestionData, value: Any) -> Any:
    """A stored (JSON) response in the form ``quizzes.grading`` expects for the type."""
    if value is None:
        return None
    if data.type == QuestionType.MULTIPLE_RESPONSE and isinstance(value, list):
        return frozenset(item for item in value if isinstance(item, int))
    if data.type == QuestionType.MATCHING and isinstance(value, dict):
        return {int(key): answer for key, answer in value.items() if str(key).isdigit()}
    return value


@dataclass(frozen=True)
class ReviewOptions:
    """What a learner may see of a closed attempt, under the quiz's review policy."""

    score: bool
    responses: bool
    correct_answers: bool
    feedback: bool

    @property
    def answers_revealed(self) -> bool:
        """Whether the learner may see both whether each answer was right (its marks, with
        the score) and what the right answer is: what a question in their review queue, and
        the queue's counts, give away."""
        return self.score and self.correct_answers


def review_options(*, attempt: Attempt, now: datetime | None = None) -> ReviewOptions:
    now = now or timezone.now()
    quiz = attempt.quiz
    closed = attempt.state == Attempt.State.SUBMITTED
    quiz_closed = quiz.close_at is not None and now >= quiz.close_at

    def allowed(when: str) -> bool:
        if not closed or when == ReviewWhen.NEVER:
            return False
        return when == ReviewWhen.IMMEDIATELY or quiz_closed

    return ReviewOptions(
        score=allowed(quiz.review_score),
        responses=allowed(quiz.review_responses),
        correct_answers=allowed(quiz.review_correct_answers),
        feedback=allowed(quiz.review_feedback),
    )


EARLIEST = datetime.min.replace(tzinfo=UTC)


def _shown_from(quiz: Quiz, when: str) -> datetime | None:
    if when == ReviewWhen.IMMEDIATELY:
        return EARLIEST
    if when == ReviewWhen.AFTER_CLOSE:
        return quiz.close_at
    return None


def score_shown_from(*, quiz: Quiz) -> datetime | None:
    """From when learners see their scores at ``quiz`` (``review_options``), None if never:
    its close, or any time at all for a quiz that shows them at once."""
    return _shown_from(quiz, quiz.review_score)


def answers_revealed_from(*, quiz: Quiz) -> datetime | None:
    """From when ``ReviewOptions.answers_revealed`` holds for a submitted attempt at ``quiz``,
    None if never (as ``score_shown_from``)."""
    score = _shown_from(quiz, quiz.review_score)
    answers = _shown_from(quiz, quiz.review_correct_answers)
    return None if score is None or answers is None else max(score, answers)


def answers_revealed_filter(*, now: datetime, prefix: str = "") -> Q:
    """``review_options(…).answers_revealed`` of a submitted attempt at ``now``, as a filter on
    quizzes (or on rows reaching a quiz through ``prefix``, such as ``"quiz__"``): the same
    rule as ``review_options``, for reads that must not load each quiz."""

    def shown(field: str) -> Q:
        return Q(**{f"{prefix}{field}": ReviewWhen.IMMEDIATELY}) | Q(
            **{f"{prefix}{field}": ReviewWhen.AFTER_CLOSE, f"{prefix}close_at__lte": now}
        )

    return shown("review_score") & shown("review_correct_answers")


@transaction.atomic
def attempt_question_grade(
    *, row_id: int, fraction: Decimal, comment: str = "", quiz: Quiz | None = None
) -> Attempt:
    """An instructor's grade for one question of a submitted attempt (an essay, or an
    override); the attempt's score is totalled again. ``quiz`` limits which rows may be graded.
    """
    if not Decimal(0) <= fraction <= Decimal(1):
        raise AttemptError(_("A grade must be between 0 and the question's points."))
    rows = AttemptQuestion.objects.select_related("question", "attempt")
    if quiz is not None:
        rows = rows.filter(attempt__quiz=quiz)
    row = rows.get(pk=row_id)
    # Lock the attempt: two graders saving at once must not each total a stale score.
    attempt = Attempt.objects.select_for_update().get(pk=row.attempt_id)
    if attempt.state != Attempt.State.SUBMITTED:
        raise AttemptError(_("Only a submitted attempt can be graded."))
    row.fraction = fraction
    row.points = _points(fraction, row.max_points)
    row.grader_comment = comment
    row.save(update_fields=["fraction", "points", "grader_comment"])
    all_rows = list(attempt.questions.select_related("question"))
    _total(attempt, all_rows)
    attempt.save(update_fields=["score", "needs_grading"])
    return attempt

"""One small course world, seen by every role the access tests ask about.

The roles, from least to most trusted:

- ``anonymous``: not logged in.
- ``student``: a student with nothing to do with the course.
- ``enrolled``: a student enrolled in the course (``progress.services.enrolment_create``),
  with attempts at its quiz (one submitted, one open), a card in the review queue from the
  submitted one, and a finished course's certificate: the attempts, cards, reviews and
  certificates in the URLs are theirs. They were also enrolled in the draft course before it
  was withdrawn.
- ``other_student``: another student enrolled in the course, with an attempt of their own.
- ``other_instructor``: an instructor (staff, Instructors group) of another course.
- ``owner``: the course's owner, an instructor.
- ``co_instructor``: a co-instructor of the course (``Course.instructors``).
- ``admin``: a superuser.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from accounts.models import User
from accounts.roles import INSTRUCTOR, STUDENT, role_groups_ensure, user_role_set
from courses.models import Course, DocumentUpload, Lesson
from courses.services import document_upload_create
from jobs.models import Job
from pipeline import attempt_after_grading
from pipeline.tasks import report_export_start
from practice.models import ReviewCard, ReviewLog
from progress.models import CourseProgress, Enrolment, LessonProgress, QuizStanding
from progress.services import enrolment_create, lesson_complete, lesson_open
from quizzes.attempts import attempt_start, attempt_submit
from quizzes.bank import questions_create
from quizzes.models import Attempt, AttemptQuestion, Question, QuestionCategory, Quiz, QuizSlot, Tag
from quizzes.questions import Answer, QuestionData, QuestionType
from tests.factories import CourseFactory, LessonFactory, QuizFactory, UserFactory

ROLES = (
    "anonymous",
    "student",
    "enrolled",
    "other_student",
    "other_instructor",
    "owner",
    "co_instructor",
    "admin",
)
LEARNERS = ("student", "enrolled", "other_student")
INSTRUCTORS = ("other_instructor", "owner", "co_instructor")
MANAGERS = ("owner", "co_instructor", "admin")

SHORT = QuestionData(
    type=QuestionType.SHORT_ANSWER, stem="Two plus two?", answers=(Answer("four", Decimal(1)),)
)
ESSAY = QuestionData(type=QuestionType.ESSAY, stem="Discuss.", points=Decimal(5))
DRAFT = QuestionData(
    type=QuestionType.TRUE_FALSE,
    stem="Drafted from the lesson.",
    answers=(Answer("true", Decimal(1)), Answer("false", Decimal(0))),
)
DOCUMENT = b"Introduction\n\nThe body of the first lesson.\n"


@dataclass
class World:
    users: dict[str, User]
    course: Course  # published; owner and co-instructor
    lesson: Lesson
    quiz: Quiz  # the lesson's published quiz: a short answer and an essay
    slot: QuizSlot
    draft_course: Course  # unpublished, same owner and co-instructor
    draft_lesson: Lesson
    hidden_quiz: Quiz  # unpublished quiz of the published course
    draft: Question  # a drafted question of the lesson
    category: QuestionCategory
    tag: Tag
    submitted: Attempt  # enrolled's, submitted, its essay awaiting a grade
    essay_row: AttemptQuestion
    open_attempt: Attempt  # enrolled's, in progress
    upload: DocumentUpload  # the owner's, not yet imported
    enrolment: Enrolment  # other_student's, in the course
    finished_course: Course  # published, same owner and co-instructor; enrolled completed it
    certificate: CourseProgress  # enrolled's, of the finished course
    card: ReviewCard  # enrolled's, from the short answer they got wrong
    review: ReviewLog  # the card's first review: that quiz answer
    job: Job  # the owner's gradebook export, done, with its file
    task_result: DBTaskResult
    lesson_progress: LessonProgress  # enrolled's, in the course
    standing: QuizStanding  # enrolled's, at the quiz
    student_group: Group
    access_attempt: AccessAttempt
    access_log: AccessLog
    access_failure: AccessFailureLog


def _user(username: str, role: str | None, **fields: object) -> User:
    user = UserFactory(username=username, **fields)
    if role is not None:
        user_role_set(user=user, role=role)
    return user


def build_world() -> World:
    groups = role_groups_ensure()
    users = {
        "student": _user("student", STUDENT),
        "enrolled": _user("enrolled", STUDENT),
        "other_student": _user("other_student", STUDENT),
        "other_instructor": _user("other_instructor", INSTRUCTOR, is_staff=True),
        "owner": _user("owner", INSTRUCTOR, is_staff=True),
        "co_instructor": _user("co_instructor", INSTRUCTOR, is_staff=True),
        "admin": _user("admin", None, is_staff=True, is_superuser=True),
    }
    CourseFactory(owner=users["other_instructor"], title="Someone else's course")
    course = CourseFactory(owner=users["owner"], title="The course")
    course.instructors.add(users["co_instructor"])
    draft_course = CourseFactory(owner=users["owner"], is_published=False, title="A draft")
    draft_course.instructors.add(users["co_instructor"])
    lesson = LessonFactory(module__course=course)
    draft_lesson = LessonFactory(module__course=draft_course)

    quiz = QuizFactory(course=course, lesson=lesson, title="Lesson quiz")
    rows = questions_create(course=course, questions=[SHORT, ESSAY], lesson=lesson)
    slots = QuizSlot.objects.bulk_create(
        QuizSlot(quiz=quiz, position=i, question=row) for i, row in enumerate(rows, start=1)
    )
    hidden_quiz = QuizFactory(course=course, is_published=False, title="Hidden quiz")
    QuizSlot.objects.create(quiz=hidden_quiz, position=1, question=rows[0])
    (draft,) = questions_create(
        course=course, questions=[DRAFT], lesson=lesson, status=Question.Status.DRAFT
    )

    enrolment_create(course=course, user=users["enrolled"])
    enrolment = enrolment_create(course=course, user=users["other_student"])
    # Enrolled before the course was withdrawn: that is no way into a draft.
    enrolment_create(course=draft_course, user=users["enrolled"])
    lesson_open(lesson=lesson, user=users["enrolled"])

    submitted = attempt_start(quiz=quiz, user=users["enrolled"], seed=1)
    submitted = attempt_submit(
        attempt_id=submitted.pk, user=users["enrolled"], responses={1: "five", 2: "An essay."}
    )
    attempt_after_grading(attempt=submitted)  # the wrong answer joins the review queue
    essay_row = submitted.questions.get(question__type=QuestionType.ESSAY)
    open_attempt = attempt_start(quiz=quiz, user=users["enrolled"], seed=2)
    attempt_start(quiz=quiz, user=users["other_student"], seed=3)
    card = ReviewCard.objects.get(user=users["enrolled"])

    finished_course = CourseFactory(owner=users["owner"], title="A finished course")
    finished_course.instructors.add(users["co_instructor"])
    enrolment_create(course=finished_course, user=users["enrolled"])
    lesson_complete(lesson=LessonFactory(module__course=finished_course), user=users["enrolled"])

    job = report_export_start(
        user=users["owner"], name="gradebook", title="Gradebook", params={"course": course.slug}
    )

    upload = document_upload_create(data=DOCUMENT, filename="notes.txt", user=users["owner"])
    now = timezone.now()
    access = {"ip_address": "10.0.0.1", "user_agent": "test", "username": "someone"}
    return World(
        users=users,
        course=course,
        lesson=lesson,
        quiz=quiz,
        slot=slots[0],
        draft_course=draft_course,
        draft_lesson=draft_lesson,
        hidden_quiz=hidden_quiz,
        draft=draft,
        category=rows[0].category,
        tag=Tag.objects.create(name="a-tag"),
        submitted=submitted,
        essay_row=essay_row,
        open_attempt=open_attempt,
        upload=upload,
        enrolment=enrolment,
        finished_course=finished_course,
        certificate=CourseProgress.objects.get(user=users["enrolled"], course=finished_course),
        card=card,
        review=ReviewLog.objects.get(card=card),
        job=job,
        task_result=DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}},
            task_path="pipeline.tasks.report_export_task",
            backend_name="default",
            run_after=get_date_max(),
        ),
        lesson_progress=LessonProgress.objects.get(user=users["enrolled"], lesson=lesson),
        standing=QuizStanding.objects.get(user=users["enrolled"], quiz=quiz),
        student_group=groups["Students"],
        access_attempt=AccessAttempt.objects.create(
            **access, attempt_time=now, failures_since_start=1, get_data="", post_data=""
        ),
        access_log=AccessLog.objects.create(**access, attempt_time=now),
        access_failure=AccessFailureLog.objects.create(
            **access, attempt_time=now, locked_out=False
        ),
    )

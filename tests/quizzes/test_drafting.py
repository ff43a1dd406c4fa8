"""Quiz drafts from lesson text: every quality rule, on the seed document and made-up ones.

Pure: no database. The seed is split into lessons the way an import does (plain-text parser,
then the course planner); the other documents are written here.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import pytest

from courses.importers.plaintext import parse_text
from courses.planning import plan_course
from quizzes.drafting import (
    DRAFT_RULES,
    Draft,
    check_draft,
    check_lesson_drafts,
    draft_questions,
    sentence_problems,
)
from quizzes.drafting.draft import _with_context
from quizzes.drafting.terms import document_terms
from quizzes.drafting.text import BLANK, contains_phrase, normal, split_sentences, word_count
from quizzes.formats.cloze import format_cloze
from quizzes.formats.moodlexml import export_moodle_xml, parse_moodle_xml
from quizzes.questions import Answer, MatchPair, QuestionData, QuestionType, TextFormat

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "fixtures" / "seed-document.txt"
QT = QuestionType

Lessons = list[tuple[str, str]]


def lessons_of(text: str) -> Lessons:
    plan = plan_course(parse_text(text), title="Seed")
    return [(lesson.title, lesson.text) for module in plan.modules for lesson in module.lessons]


def others(lessons: Lessons, index: int) -> Lessons:
    return [lesson for i, lesson in enumerate(lessons) if i != index]


def draft_all(lessons: Lessons, limit: int = 8) -> list[list[Draft]]:
    return [
        draft_questions(
            lesson_title=title, lesson_text=text, other_lessons=others(lessons, i), limit=limit
        )
        for i, (title, text) in enumerate(lessons)
    ]


def assert_rules(lessons: Lessons, drafted: Sequence[Sequence[Draft]], limit: int = 8) -> None:
    """Every draft passes check_draft; every lesson passes check_lesson_drafts."""
    for i, ((title, text), drafts) in enumerate(zip(lessons, drafted, strict=True)):
        for draft in drafts:
            broken = check_draft(draft, lesson_text=text, other_lessons=others(lessons, i))
            assert broken == [], (title, draft.question.stem, broken)
        assert check_lesson_drafts(drafts, lesson_text=text, limit=limit) == [], title
        assert len(drafts) <= limit
        if word_count(text) >= 80 and limit >= 3:
            assert len(drafts) >= 3, (title, len(drafts))
            assert len({d.question.type for d in drafts}) >= 2, title


@pytest.fixture(scope="module")
def seed() -> Lessons:
    return lessons_of(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_drafts(seed: Lessons) -> list[list[Draft]]:
    return draft_all(seed)


def all_drafts(drafted: Sequence[Sequence[Draft]]) -> list[Draft]:
    return [draft for drafts in drafted for draft in drafts]


# Made-up documents ---------------------------------------------------------------------------

PHOTOSYNTHESIS = (
    "Photosynthesis is the process by which green plants turn light energy into chemical "
    "energy. It takes place mainly in the chloroplasts of leaf cells, where the pigment "
    "chlorophyll absorbs red and blue light. During the light-dependent reactions, water "
    "molecules are split and oxygen is released as a by-product. The energy captured from "
    "sunlight is stored in ATP and NADPH, two carrier molecules that power the next stage. "
    "In the Calvin cycle, the enzyme RuBisCO fixes carbon dioxide from the air into sugar "
    "molecules. The rate of photosynthesis depends on light intensity, carbon dioxide "
    "concentration and temperature. When stomata close in hot weather, less carbon dioxide "
    "reaches the leaf and the Calvin cycle slows down. Plants in dry climates, such as cacti, "
    "use a variant called CAM photosynthesis to save water. The glucose produced by "
    "photosynthesis feeds cellular respiration and builds cellulose for the cell walls. "
    "Almost every food chain on Earth therefore starts with photosynthesis in plants, algae "
    "or cyanobacteria."
)

LIST_ONLY = "\n".join(
    f"- {line}"
    for line in (
        "The heart pumps oxygenated blood through the arteries to every organ of the body.",
        "Red blood cells carry oxygen bound to haemoglobin from the lungs to the tissues.",
        "White blood cells defend the body against bacteria, viruses and other pathogens.",
        "Platelets gather at a wound and start the clotting process within seconds.",
        "The veins return deoxygenated blood to the right atrium of the heart.",
        "Capillaries are thin vessels where oxygen and nutrients pass into the tissues.",
        "Blood pressure is highest in the aorta and falls steadily in the smaller vessels.",
        "The lymphatic system drains excess fluid from the tissues back into the bloodstream.",
        "Bone marrow produces new blood cells throughout adult life.",
        "The spleen filters old red blood cells out of the circulation.",
    )
)

README = "\n".join(
    [
        "Docent",
        "Overview",
        (
            "Docent is a web application that turns a document into an online course. It is written"
            " in Python and built on the Django framework. Every section of the imported document "
            "becomes a lesson, and every lesson gets a quiz that an instructor can review before "
            "students see it. The importer reads plain text, Markdown, HTML, DOCX and PDF files."
        ),
        (
            "To install Docent, create a virtual environment and run pip install -e . in the "
            "project folder. The development server starts with make run and listens on port 8000 "
            "by default. Set DJANGO_SETTINGS_MODULE=docent.settings before running management "
            "commands from another folder."
        ),
        "Configuration",
        (
            "Docent reads its configuration from environment variables. DATABASE_URL selects the "
            "database: SQLite is used when it is empty, and PostgreSQL is recommended for "
            "production deployments. The SECRET_KEY variable must be set to a long random value in "
            "production, because Django signs session cookies with it."
        ),
        (
            "Static files are served by WhiteNoise, so no separate web server is needed for them. "
            "Uploaded documents are stored under the media root, which defaults to var/uploads. A "
            "Redis cache speeds up the course pages when many students read them at the same time."
        ),
        "Options of the import command:",
        "- --title: sets the course title instead of the first heading.",
        "- --dry-run: parses the document and prints the outline without saving anything.",
        "- --format: forces a format when the file extension is misleading.",
        "Quizzes and Grading",
        (
            "A quiz is made of questions stored in a question bank. Questions can be imported from "
            "GIFT, Aiken and Moodle XML files, so teachers who already use Moodle can bring their "
            "question banks with them. Grading is automatic for multiple choice, true or false, "
            "short answer, numerical, matching and cloze questions."
        ),
        (
            "Essay questions are graded by hand. The gradebook shows every attempt, the score of "
            "each question and the time the student spent. Instructors can regrade a quiz after "
            "fixing a question, and the new grades replace the old ones without losing the "
            "attempts."
        ),
        (
            "A question bank can be exported again in Moodle XML, which keeps the categories and "
            "tags of every question. The export is deterministic, so the same bank always yields "
            "the same file, which makes version control of question banks practical."
        ),
    ]
)


# The seed document ---------------------------------------------------------------------------


def test_seed_splits_into_lessons(seed: Lessons) -> None:
    assert len(seed) >= 10
    assert sum(1 for _, text in seed if word_count(text) >= 80) >= 10


def test_seed_drafts_pass_every_rule(seed: Lessons, seed_drafts: list[list[Draft]]) -> None:
    assert_rules(seed, seed_drafts)


def test_seed_drafts_use_every_type(seed_drafts: list[list[Draft]]) -> None:
    drafts = all_drafts(seed_drafts)
    kinds = Counter(d.question.type for d in drafts)
    for kind in (QT.SHORT_ANSWER, QT.CLOZE, QT.SINGLE_CHOICE, QT.TRUE_FALSE, QT.MATCHING):
        assert kinds[kind] >= 1, kind
    statements = [d for d in drafts if d.question.type is QT.TRUE_FALSE]
    truths = Counter(
        next(a.text for a in d.question.answers if a.fraction == 1) for d in statements
    )
    assert truths["true"] >= 1
    assert truths["false"] >= 1


def test_source_sentence_is_a_sentence_of_the_lesson(
    seed: Lessons, seed_drafts: list[list[Draft]]
) -> None:
    for (_, text), drafts in zip(seed, seed_drafts, strict=True):
        sentences = {s.text for s in split_sentences(text)}
        for draft in drafts:
            assert draft.source_sentence in sentences
            assert draft.source_sentence in text


def test_answer_is_in_the_lesson_and_hidden_from_the_stem(
    seed: Lessons, seed_drafts: list[list[Draft]]
) -> None:
    for (_, text), drafts in zip(seed, seed_drafts, strict=True):
        for draft in drafts:
            question = draft.question
            if question.type in {QT.SHORT_ANSWER, QT.SINGLE_CHOICE}:
                right = [a.text for a in question.answers if a.fraction == 1]
            elif question.type is QT.CLOZE:
                right = [a.text for a in question.gaps[0].answers]
            else:
                continue
            assert contains_phrase(text, right[0].removeprefix("the "))
            assert contains_phrase(draft.source_sentence, draft.term)
            for answer in right:
                assert not contains_phrase(question.stem, answer, loose=True), question.stem


def test_answers_are_whole_words_never_stop_words_or_numbers(
    seed_drafts: list[list[Draft]],
) -> None:
    for draft in all_drafts(seed_drafts):
        if not draft.term:
            continue
        term = draft.term
        source = draft.source_sentence
        start = source.index(term)
        before = source[start - 1] if start else " "
        after = source[start + len(term)] if start + len(term) < len(source) else " "
        assert not before.isalnum(), term
        assert before != "-", term
        assert not after.isalnum(), term
        assert after != "-", term
        assert any(c.isalpha() for c in term)
        assert normal(term) not in {"the", "a", "and", "of", "in", "it", "this"}
        assert not term.replace(" ", "").isdigit()


def test_distractors_differ_and_are_not_in_the_source(
    seed: Lessons, seed_drafts: list[list[Draft]]
) -> None:
    choices = [d for d in all_drafts(seed_drafts) if d.question.type is QT.SINGLE_CHOICE]
    assert choices
    for draft in choices:
        answers = draft.question.answers
        assert len(answers) == 4
        assert sum(1 for a in answers if a.fraction == 1) == 1
        keys = [normal(a.text) for a in answers]
        assert len(set(keys)) == 4, keys
        for wrong in (a for a in answers if a.fraction == 0):
            assert not contains_phrase(draft.source_sentence, wrong.text, loose=True)
            assert draft.source_sentence not in wrong.feedback  # quoted once, below
        assert draft.source_sentence in draft.question.general_feedback  # the text, quoted


def test_drafted_choices_are_in_alphabetical_order_not_key_first(
    seed_drafts: list[list[Draft]],
) -> None:
    """Shown unshuffled (an instructor may turn shuffling off), a key stored first would
    always be the first choice."""
    choices = [d for d in all_drafts(seed_drafts) if d.question.type is QT.SINGLE_CHOICE]
    key_places = set()
    for draft in choices:
        texts = [a.text for a in draft.question.answers]
        assert texts == sorted(texts, key=str.casefold)
        key_places.add(next(i for i, a in enumerate(draft.question.answers) if a.fraction == 1))
    assert len(key_places) > 1


def test_distractors_come_from_other_lessons(seed: Lessons, seed_drafts: list[list[Draft]]) -> None:
    for i, ((_, text), drafts) in enumerate(zip(seed, seed_drafts, strict=True)):
        rest = " ".join(t for _, t in others(seed, i))
        for draft in drafts:
            for wrong in draft.distractors:
                bare = wrong.removeprefix("the ")
                assert contains_phrase(rest, bare), wrong
                assert not contains_phrase(text, bare), wrong


def test_true_false_shape_and_feedback(seed_drafts: list[list[Draft]]) -> None:
    for draft in all_drafts(seed_drafts):
        question = draft.question
        if question.type is not QT.TRUE_FALSE:
            continue
        assert sorted(a.text for a in question.answers) == ["false", "true"]
        assert sorted(a.fraction for a in question.answers) == [Decimal(0), Decimal(1)]
        # The general feedback quotes the lesson, once: each answer's says right or not.
        assert draft.source_sentence in question.general_feedback
        assert not any(draft.source_sentence in a.feedback for a in question.answers)
        assert [a.feedback.startswith("Right") for a in question.answers] == [
            a.fraction == 1 for a in question.answers
        ]
        is_false = any(a.text == "false" and a.fraction == 1 for a in question.answers)
        if is_false:
            assert draft.term
            assert draft.distractors
            assert question.stem != draft.source_sentence
            assert contains_phrase(question.stem, draft.distractors[0].removeprefix("the "))
        else:
            # As written (a connective may go, the sentence before may lead a "This …").
            statement = question.stem[-60:].lower()
            assert statement in draft.source_sentence.lower(), question.stem


def test_no_seed_stem_opens_with_a_this_that_means_nothing_alone(
    seed_drafts: list[list[Draft]],
) -> None:
    openers = {"this", "these", "that", "those", "such"}
    for draft in all_drafts(seed_drafts):
        assert draft.question.stem.split(" ", 1)[0].lower() not in openers, draft.question.stem


VOLCANOES = (
    "Magma rises through cracks in the crust and collects in a chamber below the volcano. "
    "This magma chamber feeds eruptions of basaltic lava that flow for many kilometres. "
    "Geologists monitor ground deformation with satellite radar above the summit. "
    "This satellite radar detects swelling of a few millimetres before an eruption. "
    "Explosive eruptions throw volcanic ash high into the stratosphere over the ocean. "
    "This volcanic ash can ground aircraft across whole continents for several days. "
    "Lava domes grow slowly inside the crater of a dormant volcano for decades.\n\n"
    "These pyroclastic flows race down the slopes faster than any car can drive away."
)
EARTHQUAKES = (
    "Tectonic plates slide past each other along transform faults such as the San Andreas. "
    "Seismometers record the shear waves and the surface waves of every tremor. "
    "Tsunami warnings follow undersea earthquakes of great magnitude within minutes. "
    "Aftershocks shake damaged buildings for weeks after the main shock."
)


def _fill_in(sentence: str, term: str, wrong: tuple[str, ...] = ()) -> Draft:
    choices = (Answer(term, Decimal(1)), *(Answer(w, Decimal(0)) for w in wrong))
    stem = sentence.replace(term, "_____")
    kind = QT.SINGLE_CHOICE if wrong else QT.SHORT_ANSWER
    return Draft(QuestionData(type=kind, stem=stem, answers=choices), sentence, term=term)


def _led(draft: Draft) -> str:
    sentences = document_terms((VOLCANOES, EARTHQUAKES)).lesson(VOLCANOES).sentences
    return _with_context(draft, sentences, VOLCANOES).question.stem


def test_a_stem_that_opens_with_this_is_led_by_the_sentence_before_it() -> None:
    draft = _fill_in(
        "This volcanic ash can ground aircraft across whole continents for several days.",
        "aircraft",
    )
    assert _led(draft) == (
        "Explosive eruptions throw volcanic ash high into the stratosphere over the ocean. "
        "This volcanic ash can ground _____ across whole continents for several days."
    )


def test_a_stem_is_not_led_by_a_sentence_that_gives_the_answer_or_a_wrong_choice_away() -> None:
    gives_answer = _fill_in(
        "This magma chamber feeds eruptions of basaltic lava that flow for many kilometres.",
        "magma",
    )
    names_a_wrong_choice = _fill_in(
        "This satellite radar detects swelling of a few millimetres before an eruption.",
        "swelling",
        wrong=("ground deformation", "lava domes", "shear waves"),
    )
    assert _led(gives_answer) == gives_answer.question.stem
    assert _led(names_a_wrong_choice) == names_a_wrong_choice.question.stem


def test_a_stem_is_not_led_by_a_sentence_of_another_paragraph() -> None:
    draft = _fill_in(
        "These pyroclastic flows race down the slopes faster than any car can drive away.",
        "slopes",
    )
    assert _led(draft) == draft.question.stem


def test_short_answers_accept_case_and_number_variants(seed_drafts: list[list[Draft]]) -> None:
    fills = [d for d in all_drafts(seed_drafts) if d.question.type is QT.SHORT_ANSWER]
    assert fills
    for draft in fills:
        question = draft.question
        assert question.stem.count(BLANK) == 1
        texts = [a.text for a in question.answers]
        assert all(a.fraction == 1 for a in question.answers)
        assert draft.term in texts
        assert len(set(texts)) == len(texts)
    accepted = [{a.text for a in d.question.answers} for d in fills]
    assert any(len(forms) > 1 for forms in accepted)
    # A plural answer also accepts its singular.
    plurals = [d for d in fills if d.term.endswith("s") and not d.term.endswith("ss")]
    for draft in plurals:
        forms = {a.text.lower() for a in draft.question.answers}
        assert any(not form.endswith("s") for form in forms), forms


def test_cloze_stems_are_valid_cloze(seed_drafts: list[list[Draft]]) -> None:
    clozes = [d for d in all_drafts(seed_drafts) if d.question.type is QT.CLOZE]
    assert clozes
    for draft in clozes:
        assert draft.question.stem.count("{{1}}") == 1
        format_cloze(draft.question.stem, draft.question.gaps)  # raises if it would not read back


def test_drafts_survive_moodle_xml(seed_drafts: list[list[Draft]]) -> None:
    questions = [d.question for d in all_drafts(seed_drafts)]
    back = parse_moodle_xml(export_moodle_xml(questions))
    assert [(q.type, q.stem) for q in back] == [(q.type, q.stem) for q in questions]


def test_stems_are_plain_text(seed_drafts: list[list[Draft]]) -> None:
    for draft in all_drafts(seed_drafts):
        assert draft.question.stem_format is TextFormat.PLAIN
        assert draft.question.name


def test_no_sentence_is_asked_twice_the_same_way(seed_drafts: list[list[Draft]]) -> None:
    for drafts in seed_drafts:
        ways = [(d.source_sentence, d.question.type) for d in drafts]
        assert len(ways) == len(set(ways))


def test_drafts_prefer_good_sentences(seed_drafts: list[list[Draft]]) -> None:
    drafts = [d for d in all_drafts(seed_drafts) if d.question.type is not QT.MATCHING]
    good = [d for d in drafts if not sentence_problems(d.source_sentence)]
    assert len(good) >= 0.9 * len(drafts)
    for draft in drafts:
        assert not draft.source_sentence.rstrip().endswith(("?", ":"))


def test_limit_is_respected(seed: Lessons) -> None:
    for limit in (0, 1, 3, 5):
        drafted = draft_all(seed, limit=limit)
        assert all(len(drafts) <= limit for drafts in drafted)
        if limit >= 3:
            assert_rules(seed, drafted, limit=limit)


# Determinism -------------------------------------------------------------------------------


def test_same_document_same_drafts(seed: Lessons, seed_drafts: list[list[Draft]]) -> None:
    assert draft_all(seed) == seed_drafts
    # The order in which the other lessons come does not matter either.
    title, text = seed[3]
    shuffled = others(seed, 3)
    random.Random(5).shuffle(shuffled)
    again = draft_questions(lesson_title=title, lesson_text=text, other_lessons=shuffled)
    assert again == seed_drafts[3]


_DRAFT_SCRIPT = """
import json, sys
sys.path.insert(0, {root!r})
from courses.importers.plaintext import parse_text  # noqa: E402
from quizzes.drafting import draft_questions  # noqa: E402
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "docent.settings")
django.setup()
from courses.planning import plan_course
plan = plan_course(parse_text(open({seed!r}, encoding="utf-8").read()), title="Seed")
lessons = [(l.title, l.text) for m in plan.modules for l in m.lessons]
out = []
for i, (title, text) in enumerate(lessons):
    rest = [x for j, x in enumerate(lessons) if j != i]
    for d in draft_questions(lesson_title=title, lesson_text=text, other_lessons=rest):
        q = d.question
        out.append([q.type.value, q.stem, [a.text for a in q.answers], d.source_sentence])
print(json.dumps(out))
"""


def test_same_drafts_whatever_the_hash_seed() -> None:
    """No dependence on set or dict order: two interpreters with different hash seeds agree."""
    script = _DRAFT_SCRIPT.format(root=str(ROOT), seed=str(SEED))
    outputs = []
    for hash_seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            check=True,
            timeout=120,
        )
        outputs.append(json.loads(done.stdout))
    assert outputs[0] == outputs[1]
    assert outputs[0]


# Other documents ---------------------------------------------------------------------------


def test_headings_only_document_gives_no_drafts() -> None:
    lessons = lessons_of("Course Title\nFirst Part\nSecond Part\nThird Part\n")
    assert lessons
    for drafts in draft_all(lessons):
        assert drafts == []
    assert draft_questions(lesson_title="Empty", lesson_text="", other_lessons=[]) == []
    assert draft_questions(lesson_title="Blank", lesson_text="  \n ", other_lessons=[]) == []


def test_single_long_paragraph() -> None:
    lessons = [("Photosynthesis", PHOTOSYNTHESIS)]
    drafted = draft_all(lessons)
    assert_rules(lessons, drafted)
    kinds = {d.question.type for d in drafted[0]}
    # Alone, a lesson has no other lessons to take wrong choices from.
    assert QT.SINGLE_CHOICE not in kinds


def test_single_long_paragraph_with_other_lessons() -> None:
    lessons = [("Photosynthesis", PHOTOSYNTHESIS), ("Circulation", LIST_ONLY.replace("- ", ""))]
    drafted = draft_all(lessons)
    assert_rules(lessons, drafted)


def test_every_sentence_a_list_item() -> None:
    lessons = [("Blood", LIST_ONLY), ("Photosynthesis", PHOTOSYNTHESIS)]
    drafted = draft_all(lessons)
    assert_rules(lessons, drafted)
    for draft in drafted[0]:
        assert draft.source_sentence in LIST_ONLY
        assert not draft.source_sentence.startswith("-")


def test_short_lesson() -> None:
    short = (
        "The Treaty of Westphalia ended the Thirty Years' War in 1648. It established the "
        "principle of state sovereignty in Europe."
    )
    assert word_count(short) < 80
    lessons = [("Westphalia", short), ("Photosynthesis", PHOTOSYNTHESIS)]
    drafted = draft_all(lessons)
    assert_rules(lessons, drafted)
    assert len(drafted[0]) <= 8


def test_technical_text() -> None:
    lessons = lessons_of(README)
    drafted = draft_all(lessons)
    assert_rules(lessons, drafted)
    drafts = all_drafts(drafted)
    assert drafts
    for draft in drafts:
        # No answer taken out of a path, an identifier or a command.
        assert not any(ch in draft.term for ch in "=/_\\`")
        for answer in draft.question.answers:
            assert "docent.settings" not in answer.text
    matching = [d for d in drafts if d.question.type is QT.MATCHING]
    assert matching, "the option list defines three terms"
    pairs = matching[0].question.pairs
    assert {p.answer for p in pairs} >= {"--title", "--dry-run", "--format"}


def test_matching_needs_three_definitions() -> None:
    text = (
        "A glossary helps readers. Entropy refers to the measure of disorder in a closed "
        "system, and it always grows over time in isolated systems. Enthalpy refers to the "
        "total heat content of a thermodynamic system at constant pressure. These two ideas "
        "appear in every chapter of the book, and students meet them again in the laboratory "
        "when they measure how much heat a chemical reaction gives off in a calorimeter."
    )
    drafts = draft_questions(lesson_title="Terms", lesson_text=text, other_lessons=[])
    assert all(d.question.type is not QT.MATCHING for d in drafts)


# The checker itself --------------------------------------------------------------------------

SOURCE = "The Warsaw Pact was signed in 1955 by the Soviet Union and seven other states."
LESSON = f"Some history first. {SOURCE} It lasted until 1991."


def _choice(stem: str, right: str, wrong: Sequence[str], source: str = SOURCE) -> Draft:
    answers = (Answer(right, Decimal(1)), *(Answer(w, Decimal(0)) for w in wrong))
    question = QuestionData(QT.SINGLE_CHOICE, stem, stem_format=TextFormat.PLAIN, answers=answers)
    return Draft(question, source, right, tuple(wrong))


def test_check_draft_accepts_a_good_draft() -> None:
    draft = _choice(
        "The _____ was signed in 1955 by the Soviet Union and seven other states.",
        "Warsaw Pact",
        ["Marshall Plan", "Atlantic Charter", "Baghdad Pact"],
    )
    others_text = [("Other", "The Marshall Plan, the Atlantic Charter and the Baghdad Pact.")]
    assert check_draft(draft, lesson_text=LESSON, other_lessons=others_text) == []


@pytest.mark.parametrize(
    ("stem", "right", "wrong", "rule"),
    [
        pytest.param(
            "The Warsaw Pact (_____) was signed in 1955 by the Soviet Union.",
            "Warsaw Pact",
            ["Marshall Plan", "Atlantic Charter", "Baghdad Pact"],
            "stem-hides-answer",
            id="answer-left-in-stem",
        ),
        pytest.param(
            "The _____ was signed in 1955 by the Soviet Union and seven other states.",
            "Warsaw Pact",
            ["Marshall Plan", "marshall plans", "Baghdad Pact"],
            "distractors-distinct",
            id="distractors-differ-only-by-case-and-plural",
        ),
        pytest.param(
            "The _____ was signed in 1955 by the Soviet Union and seven other states.",
            "Warsaw Pact",
            ["Soviet Union", "Atlantic Charter", "Baghdad Pact"],
            "distractors-not-in-source",
            id="distractor-true-of-the-sentence",
        ),
        pytest.param(
            "The Warsaw Pact was signed in _____ by the Soviet Union and seven other states.",
            "1955",
            ["1949", "1961", "1975"],
            "answer-not-trivial",
            id="bare-number",
        ),
        pytest.param(
            "The Warsaw Pact was signed in 1955 _____ the Soviet Union and seven other states.",
            "by",
            ["with", "for", "from"],
            "answer-not-trivial",
            id="stop-word",
        ),
        pytest.param(
            "The Warsaw _____ was signed in 1955 by the Soviet Union and seven other states.",
            "Pac",
            ["Marshall Plan", "Atlantic Charter", "Baghdad Pact"],
            "whole-words",
            id="fragment-of-a-word",
        ),
        pytest.param(
            "The _____ was signed by the Soviet Union and seven other states.",
            "Warsaw Pact",
            ["Marshall Plan", "Atlantic Charter"],
            "well-formed",
            id="two-distractors",
        ),
    ],
)
def test_check_draft_catches(stem: str, right: str, wrong: list[str], rule: str) -> None:
    assert rule in check_draft(_choice(stem, right, wrong), lesson_text=LESSON)


def test_check_draft_catches_answer_not_in_lesson_and_foreign_source() -> None:
    draft = _choice("The _____ was signed.", "Marshall Plan", ["A b", "C d", "E f"])
    assert "answer-in-lesson" in check_draft(draft, lesson_text=LESSON)
    stray = _choice("The _____ was signed.", "Warsaw Pact", ["X", "Y", "Z"], source="Nope.")
    assert "source-in-lesson" in check_draft(stray, lesson_text=LESSON)


def test_check_draft_catches_distractor_from_this_lesson() -> None:
    draft = _choice(
        "The _____ was signed in 1955 by the Soviet Union and seven other states.",
        "Warsaw Pact",
        ["Marshall Plan", "Atlantic Charter", "history"],
    )
    assert "distractors-from-other-lessons" in check_draft(draft, lesson_text=LESSON)


def test_check_draft_true_false_needs_quoted_feedback() -> None:
    question = QuestionData(
        QT.TRUE_FALSE,
        SOURCE,
        stem_format=TextFormat.PLAIN,
        answers=(Answer("true", Decimal(1), "Right."), Answer("false", Decimal(0), "No.")),
    )
    assert check_draft(Draft(question, SOURCE), lesson_text=LESSON) == ["feedback-quotes-source"]


def test_check_draft_matching() -> None:
    pairs = (
        MatchPair("A defensive alliance of the Eastern Bloc", "Warsaw Pact"),
        MatchPair("The state that led it", "Soviet Union"),
    )
    question = QuestionData(QT.MATCHING, "Match.", stem_format=TextFormat.PLAIN, pairs=pairs)
    assert "well-formed" in check_draft(Draft(question, SOURCE), lesson_text=LESSON)


def test_check_lesson_drafts_catches_repeats_and_counts() -> None:
    text = " ".join([SOURCE] * 10)
    question = QuestionData(
        QT.TRUE_FALSE,
        SOURCE,
        stem_format=TextFormat.PLAIN,
        answers=(Answer("true", Decimal(1)), Answer("false", Decimal(0))),
    )
    twice = [Draft(question, SOURCE), Draft(question, SOURCE)]
    broken = check_lesson_drafts(twice, lesson_text=text)
    assert "one-way-per-sentence" in broken
    assert "draft-count" in broken
    assert "type-variety" in broken
    assert check_lesson_drafts([Draft(question, SOURCE)] * 3, lesson_text=text, limit=2)


def test_rules_are_described() -> None:
    codes = [rule.code for rule in DRAFT_RULES]
    assert len(codes) == len(set(codes))
    assert all(rule.description for rule in DRAFT_RULES)
    assert {rule.scope for rule in DRAFT_RULES} <= {"draft", "lesson", "preference"}

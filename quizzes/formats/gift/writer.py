"""Writing GIFT as Moodle's exporter writes it (see the package's docstring)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from quizzes.questions import (
    Answer,
    FormatProblem,
    QuestionData,
    QuestionFormatError,
    QuestionType,
    TextFormat,
)

from ..cloze import decimal_text
from .reader import moodle_number, parse_with_problems
from .syntax import (
    BAD_IDNUMBER,
    BAD_TAG,
    BLANK,
    CATEGORY,
    DEFAULT_CATEGORY,
    GIFT_TYPES,
    category_path,
    default_name,
    trim,
)

# Writing -------------------------------------------------------------------------------------

_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "#": "\\#",
        "=": "\\=",
        "~": "\\~",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
    }
)


class _Unwritable(Exception):
    """A question GIFT cannot hold, with the reason."""


def _clean(text: str) -> str:
    """What survives a trip through GIFT: no carriage returns (Moodle drops them), trimmed."""
    return trim(text.replace("\r\n", "\n").replace("\r", ""))


def _escape(text: str) -> str:
    return text.translate(_ESCAPES)


def _piece(text: str, text_format: TextFormat | None, fallback: TextFormat) -> str:
    """An answer, feedback or prompt: its format when it has one of its own, or when the text
    would otherwise read as a format tag or a weight."""
    text = _clean(text)
    if text_format is None and text.startswith(("[", "%")):
        text_format = fallback
    prefix = f"[{text_format.value}]" if text_format is not None and text else ""
    return prefix + _escape(text)


def _feedback(text: str, text_format: TextFormat | None, fallback: TextFormat) -> str:
    return "#" + _piece(text, text_format, fallback) if _clean(text) else ""


def _percent(fraction: Decimal) -> str:
    return f"%{decimal_text(fraction * 100)}%"


def _check_fraction(answer: Answer, number: int) -> None:
    if not -1 <= answer.fraction <= 1:
        raise _Unwritable(
            f"answer {number} is worth {_percent(answer.fraction)}: GIFT weights "
            "go from -100% to 100%"
        )


def _choice_lines(question: QuestionData) -> list[str]:
    single = question.type == QuestionType.SINGLE_CHOICE
    if single and not any(answer.fraction == 1 for answer in question.answers):
        raise _Unwritable(
            "GIFT marks the right answer of a single-choice question with =, and "
            "no answer is worth 100%"
        )
    if single and all(answer.fraction == 1 for answer in question.answers):
        # Without a ~ answer, Moodle (and this parser) would read the block as short answer.
        raise _Unwritable(
            "GIFT reads a block of = answers as a short-answer question: a single-choice "
            "question needs a wrong or partly right answer"
        )
    lines = []
    for number, answer in enumerate(question.answers, start=1):
        _check_fraction(answer, number)
        if single and answer.fraction == 1:
            marker = "="
        elif answer.fraction == 0:
            marker = "~"
        else:
            marker = "~" + _percent(answer.fraction)
        fallback = question.stem_format
        lines.append(
            marker
            + _piece(answer.text, answer.text_format, fallback)
            + _feedback(answer.feedback, answer.feedback_format, fallback)
        )
    return lines


def _short_answer_lines(question: QuestionData) -> list[str]:
    lines = []
    for number, answer in enumerate(question.answers, start=1):
        _check_fraction(answer, number)
        if "->" in answer.text or "->" in answer.feedback:
            # Nothing in GIFT escapes "->", and = with -> is how Moodle recognises matching.
            raise _Unwritable(
                f"answer {number} or its feedback contains ->, which GIFT would read as a "
                "matching question"
            )
        weight = "" if answer.fraction == 1 else _percent(answer.fraction)
        # The format of an accepted answer is not kept: Moodle reads it and drops it.
        text = _piece(answer.text, None, question.stem_format)
        feedback = _feedback(answer.feedback, answer.feedback_format, question.stem_format)
        lines.append(f"={weight}{text}{feedback}")
    return lines


def _numerical_lines(question: QuestionData) -> list[str]:
    lines = []
    last = len(question.answers)
    for number, answer in enumerate(question.answers, start=1):
        _check_fraction(answer, number)
        feedback = _feedback(answer.feedback, answer.feedback_format, question.stem_format)
        text = trim(answer.text)
        if text == "*" and answer.fraction == 0 and number == last:
            lines.append("~" + (feedback or "#"))
            continue
        if text != "*" and moodle_number(text) is None:
            raise _Unwritable(f"answer {number} ({answer.text!r}) is not a number")
        weight = "" if answer.fraction == 1 else _percent(answer.fraction)
        tolerance = (
            ":" + decimal_text(answer.tolerance)
            if answer.tolerance is not None and text != "*"
            else ""
        )
        lines.append(f"={weight}{text}{tolerance}{feedback}")
    return lines


def _matching_lines(question: QuestionData) -> list[str]:
    lines = []
    for number, pair in enumerate(question.pairs, start=1):
        prompt = _clean(pair.prompt)
        if "->" in prompt:
            raise _Unwritable(f"the prompt of pair {number} contains ->, which GIFT cannot hold")
        answer = _escape(_clean(pair.answer))
        lines.append(f"={_piece(prompt, pair.prompt_format, question.stem_format)} -> {answer}")
    return lines


def _true_false_block(question: QuestionData) -> str:
    answers = {answer.text.strip().lower(): answer for answer in question.answers}
    true, false = answers.get("true"), answers.get("false")
    if (
        len(question.answers) != 2
        or true is None
        or false is None
        or sorted((true.fraction, false.fraction)) != [0, 1]
    ):
        raise _Unwritable(
            "a true/false question needs a 'true' and a 'false' answer, one "
            "worth 100% and the other 0%"
        )
    right, wrong = (true, false) if true.fraction == 1 else (false, true)
    fallback = question.stem_format
    right_text = _feedback(right.feedback, right.feedback_format, fallback)
    wrong_text = _feedback(wrong.feedback, wrong.feedback_format, fallback)
    if right_text and not wrong_text:
        wrong_text = "#"
    return ("TRUE" if right is true else "FALSE") + wrong_text + right_text


def _general_feedback(question: QuestionData) -> str:
    if not _clean(question.general_feedback):
        return ""
    return "####" + _piece(
        question.general_feedback, question.general_feedback_format, question.stem_format
    )


def _answer_block(question: QuestionData) -> str:
    kind = question.type
    general = _general_feedback(question)
    if kind == QuestionType.ESSAY:
        return "{" + general + "}"
    if kind == QuestionType.TRUE_FALSE:
        return "{" + _true_false_block(question) + general + "}"
    if kind in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_RESPONSE):
        opening, lines = "{", _choice_lines(question)
    elif kind == QuestionType.SHORT_ANSWER:
        opening, lines = "{", _short_answer_lines(question)
    elif kind == QuestionType.NUMERICAL:
        opening, lines = "{#", _numerical_lines(question)
    else:
        opening, lines = "{", _matching_lines(question)
    if general:
        lines.append(general)
    return opening + "\n" + "".join(f"\t{line}\n" for line in lines) + "}"


def _stem_parts(question: QuestionData) -> tuple[str, str]:
    """The stem before and after its answer block: a single ``_____`` is where the block
    goes ("missing word"), unless nothing follows it (Moodle would then leave no blank)."""
    stem = _clean(question.stem)
    before, blank, after = stem.partition(BLANK)
    if question.type == QuestionType.DESCRIPTION or not blank or BLANK in after or not trim(after):
        return stem, ""
    return before, after


def _tags_comment(question: QuestionData) -> str:
    bits = []
    idnumber = trim(question.extra.get("idnumber", ""))
    if idnumber and not BAD_IDNUMBER.search(idnumber):  # extra is best effort: skipped
        bits.append("[id:" + idnumber.replace("]", "\\]") + "]")
    for tag in dict.fromkeys(trim(tag) for tag in question.tags):
        if not tag:
            continue
        if BAD_TAG.search(tag):
            raise _Unwritable(f"the tag {tag!r} cannot be written in a GIFT comment")
        bits.append("[tag:" + tag.replace("]", "\\]") + "]")
    return "// " + " ".join(bits) + "\n" if bits else ""


def _question_gift(question: QuestionData) -> str:
    if question.type not in GIFT_TYPES:
        raise _Unwritable(f"GIFT cannot hold {question.type} questions")
    before, after = _stem_parts(question)
    if not _clean(question.stem):
        raise _Unwritable("GIFT needs question text")
    name = _clean(question.name) or default_name(_clean(question.stem))
    stem_format = question.stem_format
    # The stem's format is written when it is not Moodle's default, or when the stem would
    # otherwise start with something that reads as a format tag.
    prefix = (
        f"[{stem_format.value}]"
        if stem_format != TextFormat.MOODLE or before.startswith("[")
        else ""
    )
    out = _tags_comment(question) + "::" + _escape(name) + "::" + prefix + _escape(before)
    if question.type != QuestionType.DESCRIPTION:
        out += _answer_block(question) + _escape(after)
    return out


def _label(question: QuestionData, number: int) -> str:
    return f"question {number}" + (f" ({question.name!r})" if question.name else "")


def _unreadable(block: str, question: QuestionData) -> list[str]:
    """What the parser would object to in a written block: export never writes a question
    that its own import (or Moodle's) would refuse or read as another type."""
    questions, problems = parse_with_problems(block)
    if problems:
        return [problem.message for problem in problems]
    if [read.type for read in questions] != [question.type]:
        return [f"it would read back as {', '.join(read.type for read in questions)}"]
    return []


def export_gift(questions: Iterable[QuestionData]) -> str:
    """GIFT for the questions, with a ``$CATEGORY:`` line wherever the category changes.
    A question GIFT cannot hold raises QuestionFormatError naming it (check GIFT_TYPES)."""
    blocks = []
    problems: list[FormatProblem] = []
    category = ""
    for number, question in enumerate(questions, start=1):
        path = category_path(question.category)
        if path != category:
            if "\n" in path or "\r" in path:
                problems.append(
                    FormatProblem(0, f"{_label(question, number)}: the category has a line break")
                )
            blocks.append(f"{CATEGORY} $course$/top/{path or DEFAULT_CATEGORY}")
            category = path
        try:
            block = _question_gift(question)
        except _Unwritable as reason:
            problems.append(FormatProblem(0, f"{_label(question, number)}: {reason}."))
            continue
        for message in _unreadable(block, question):
            problems.append(
                FormatProblem(0, f"{_label(question, number)}: GIFT cannot hold it: {message}")
            )
        blocks.append(block)
    if problems:
        raise QuestionFormatError(problems)
    return "".join(block + "\n\n" for block in blocks).removesuffix("\n")

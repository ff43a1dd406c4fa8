"""Reading GIFT as Moodle's ``question/format/gift/format.php`` reads it (see the package's
docstring for the syntax and the deliberate differences)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from quizzes.questions import (
    Answer,
    FormatProblem,
    MatchPair,
    QuestionData,
    QuestionFormatError,
    QuestionType,
    TextFormat,
)

from ..cloze import decimal_text, normal, parse_decimal
from .syntax import (
    BLANK,
    CATEGORY,
    FORMAT_LIKE,
    FORMATS,
    IDNUMBER,
    LINE_BREAK,
    MOODLE_WEIGHT,
    NUMBER,
    NUMBER_LIKE,
    TAG,
    TITLE_LENGTH,
    TRUE_FALSE,
    WEIGHT,
    WHITESPACE,
    category_path,
    decode,
    default_name,
    encode,
    shorten,
    trim,
)

# Reading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Span:
    """A piece of a question's encoded text and the offset it starts at in its block."""

    text: str
    start: int

    def trim(self) -> _Span:
        left = self.text.lstrip(WHITESPACE)
        return _Span(left.rstrip(WHITESPACE), self.start + len(self.text) - len(left))

    def cut(self, begin: int, end: int | None = None) -> _Span:
        return _Span(self.text[begin:end], self.start + begin)

    def split(self, separator: str) -> list[_Span]:
        pieces = []
        begin = 0
        while (found := self.text.find(separator, begin)) >= 0:
            pieces.append(self.cut(begin, found))
            begin = found + len(separator)
        pieces.append(self.cut(begin))
        return pieces


def _answer_pieces(pieces: list[_Span]) -> list[_Span]:
    """Moodle's handling of an exploded answer list: text before the first marker is an answer
    unless blank, and every answer is trimmed."""
    first = pieces[0].trim()
    return [piece.trim() for piece in ([first] if first.text else []) + pieces[1:]]


def _choice_pieces(span: _Span) -> list[_Span]:
    """A multiple-choice block cut before each ``~`` (dropped) and ``=`` (kept), as Moodle's
    ``explode("~", str_replace("=", "~=", …))``."""
    pieces = []
    begin = 0
    for index, char in enumerate(span.text):
        if char in "~=":
            pieces.append(span.cut(begin, index))
            begin = index + 1 if char == "~" else index
    pieces.append(span.cut(begin))
    return _answer_pieces(pieces)


@dataclass(frozen=True)
class _Text:
    text: str
    text_format: TextFormat | None


@dataclass(frozen=True)
class _CategoryChange:
    path: str


class _Block:
    """The lines of one question (or category), between blank lines."""

    def __init__(self, lines: list[tuple[int, str]]) -> None:
        self.first_line = lines[0][0]
        self.lines = [line for _, line in lines]
        self.comments = "\n".join(line for line in self.lines if line.startswith("//"))
        # Moodle blanks comment lines (keeping them as lines, so offsets still map to lines).
        self.text = "\n".join(" " if line.startswith("//") else encode(line) for line in self.lines)

    def line_at(self, offset: int) -> int:
        return self.first_line + self.text.count("\n", 0, max(offset, 0))


def _blocks(text: str) -> Iterator[_Block]:
    current: list[tuple[int, str]] = []
    for number, raw in enumerate(LINE_BREAK.split(text.removeprefix("\ufeff")), start=1):
        line = trim(raw)
        if line:
            current.append((number, line))
        elif current:
            yield _Block(current)
            current = []
    if current:
        yield _Block(current)


class _Reader:
    """Reads one block as Moodle's readquestion does, collecting problems instead of stopping."""

    def __init__(self, block: _Block, problems: list[FormatProblem]) -> None:
        self.block = block
        self.problems = problems
        self.reported = len(problems)
        self.stem_format = TextFormat.MOODLE
        self.opening = 0  # where the answer block's { is: problems with the whole block

    def problem(self, offset: int, message: str) -> None:
        self.problems.append(FormatProblem(self.block.line_at(offset), message))

    @property
    def failed(self) -> bool:
        return len(self.problems) > self.reported

    # Pieces of text ---------------------------------------------------------------------

    def text(self, span: _Span, what: str) -> _Text:
        """Moodle's parse_text_with_format: a ``[format]`` at the very start, then the text
        decoded and trimmed. Empty text has no format."""
        raw = span.text
        text_format = None
        if raw.startswith("["):
            end = raw.find("]")
            name = raw[1:end] if end > 0 else ""
            if name in FORMATS:
                text_format = FORMATS[name]
                raw = raw[end + 1 :]
            elif name.lower() in FORMATS or (
                FORMAT_LIKE.fullmatch(name) and not raw[end + 1 :].startswith("(")
            ):
                # Moodle would keep "[htm]" as text; a typo in a format tag is likelier.
                self.problem(
                    span.start,
                    f"Unknown text format [{decode(name)}] at the start of {what}: GIFT knows "
                    "[html], [markdown], [plain] and [moodle] (lower case). To start a text with "
                    f"a bracketed word, put a format first, e.g. [moodle][{decode(name)}].",
                )
        text = trim(decode(raw))
        return _Text(text, text_format if text else None)

    def with_feedback(self, span: _Span, what: str) -> tuple[_Text, _Text]:
        """Moodle's commentparser: the answer, then its feedback after the first ``#``."""
        hash_at = span.text.find("#")
        if hash_at < 0:
            return self.text(span.trim(), what), _Text("", None)
        return (
            self.text(span.cut(0, hash_at).trim(), what),
            self.text(span.cut(hash_at + 1).trim(), f"the feedback of {what}"),
        )

    def weight(self, span: _Span, what: str) -> tuple[Decimal | None, _Span]:
        """The ``%n%`` weight at the start of ``span`` as a fraction (None when there is none)
        and the rest of the answer."""
        match = WEIGHT.match(span.text)
        if not match:
            return None, span
        content = decode(match.group(1))
        rest = span.cut(match.end())
        if MOODLE_WEIGHT.fullmatch(content):
            value = Decimal(content)
            if -100 <= value <= 100:
                return normal(value / 100), rest
            self.problem(
                span.start,
                f"{what.capitalize()}: the weight %{content}% is not between -100% and 100%.",
            )
            return Decimal(0), rest
        if NUMBER_LIKE.fullmatch(content):
            # Moodle would take "%1,5%" as the start of the answer's text: surely a typo.
            self.problem(
                span.start,
                f"{what.capitalize()}: the weight %{content}% is not a percentage; write it "
                "like %50%, %-25% or %33.33333%.",
            )
            return Decimal(0), rest
        return None, span  # "% of people…": text, as Moodle reads it

    # The question -------------------------------------------------------------------------

    def read(self) -> QuestionData | _CategoryChange | None:
        whole = _Span(self.block.text, 0).trim()
        if not whole.text:
            return None  # only comments
        if whole.text.startswith(CATEGORY):
            return self.category(whole)
        text, name = self.title(whole)
        braces = self.answer_block(text)
        if braces is None:
            return None
        stem_span, answer, general = braces
        stem = self.text(stem_span, "the question text")
        self.stem_format = stem.text_format or TextFormat.MOODLE
        if not stem.text:
            self.problem(whole.start, "The question has no text.")
        feedback = self.text(general, "the general feedback") if general else _Text("", None)
        fields = self.body(answer)
        if self.failed or fields is None:
            return None
        idnumber, tags = _idnumber_and_tags(self.block.comments)
        return QuestionData(
            stem=stem.text,
            name=name if name else default_name(stem.text),
            stem_format=self.stem_format,
            general_feedback=feedback.text,
            general_feedback_format=feedback.text_format,
            tags=tags,
            source_line=self.block.line_at(whole.start),
            extra={"idnumber": idnumber} if idnumber else {},
            **fields,
        )

    def category(self, whole: _Span) -> _CategoryChange | None:
        if "\n" in whole.text:
            self.problem(
                whole.text.index("\n") + whole.start + 1,
                f"A {CATEGORY} line must be followed by a blank line: Moodle would read this "
                "line as part of the category's name.",
            )
            return None
        # The raw line: Moodle does not unescape a category (see the module's docstring).
        line = next(line for line in self.block.lines if line.startswith(CATEGORY))
        return _CategoryChange(category_path(line[len(CATEGORY) :]))

    def title(self, whole: _Span) -> tuple[_Span, str]:
        """The text after ``::title::`` and the title ("" without one). Moodle drops a
        leading ``::`` even when the title is never closed, and reads the rest as text."""
        if not whole.text.startswith("::"):
            return whole, ""
        text = whole.cut(2)
        end = text.text.find("::")
        if end < 0:
            return text, ""
        return text.cut(end + 2).trim(), shorten(trim(decode(text.text[:end])), TITLE_LENGTH)

    def answer_block(self, text: _Span) -> tuple[_Span, _Span | None, _Span | None] | None:
        """The stem (with ``_____`` for a mid-sentence block), the answer block (None for a
        description) and the general feedback after its last ``####``."""
        opening = text.text.find("{")
        closing = text.text.find("}")
        if opening < 0 and closing < 0:
            return text, None, None
        if closing >= 0 and (opening < 0 or closing < opening):
            self.problem(
                text.start + closing,
                "This } closes no answer block: write a literal brace as \\}.",
            )
            return None
        if closing < 0:
            self.problem(
                text.start + opening,
                "This { opens an answer block that is never closed with }: write a literal "
                "brace as \\{.",
            )
            return None
        # Moodle takes the first { and the first }: anything else means a misplaced brace.
        inner = text.text.find("{", opening + 1, closing)
        if inner >= 0:
            self.problem(
                text.start + inner,
                "This { opens inside the answer block opened on line "
                f"{self.block.line_at(text.start + opening)}: write a literal brace as \\{{.",
            )
            return None
        extra = min(
            (at for at in (text.text.find(c, closing + 1) for c in "{}") if at >= 0), default=-1
        )
        if extra >= 0:
            self.problem(
                text.start + extra,
                f"This {text.text[extra]} follows the answer block closed on line "
                f"{self.block.line_at(text.start + closing)}; a question has only one. Is a blank "
                "line missing between two questions? Write a literal brace as \\{ or \\}.",
            )
            return None
        self.opening = text.start + opening
        answer = text.cut(opening + 1, closing).trim()
        after = text.text[closing + 1 :]
        stem = _Span(text.text[:opening] + (BLANK + after if after else ""), text.start)
        general = None
        separator = answer.text.rfind("####")
        if separator >= 0:
            general = answer.cut(separator + 4)
            answer = answer.cut(0, separator).trim()
        return stem, answer, general

    def body(self, answer: _Span | None) -> dict[str, Any] | None:
        """The type and answers, told apart in Moodle's order."""
        if answer is None:
            return {"type": QuestionType.DESCRIPTION, "points": Decimal(0)}
        text = answer.text
        if not text:
            return {"type": QuestionType.ESSAY}
        if text.startswith("#"):
            return self.numerical(answer)
        if "~" in text:
            return self.multiple_choice(answer)
        if "=" in text and "->" in text:
            return self.matching(answer)
        hash_at = text.find("#")
        check = trim(text[:hash_at]) if hash_at > 0 else text
        if check in TRUE_FALSE:
            return self.true_false(answer, TRUE_FALSE[check])
        if check.upper() in TRUE_FALSE:
            # Moodle would make {true} a short answer accepting "true"; surely a mistake.
            self.problem(
                answer.start,
                f"{decode(check)!r} is not a true/false answer: write T, TRUE, F or FALSE in "
                "capitals (a short answer starts with =, as {=true}).",
            )
            return None
        return self.short_answer(answer)

    # Types --------------------------------------------------------------------------------

    def multiple_choice(self, block: _Span) -> dict[str, Any]:
        single = "=" in block.text
        pieces = _choice_pieces(block)
        if len(pieces) < 2:
            self.problem(self.opening, "A multiple-choice question needs at least two answers.")
        answers = []
        for number, piece in enumerate(pieces, start=1):
            what = f"answer {number}"
            if piece.text.startswith("="):
                fraction: Decimal | None = Decimal(1)
                rest = piece.cut(1)
                if _looks_weighted(rest.trim().text):
                    self.problem(
                        piece.start,
                        f"In multiple choice, = marks a right answer worth 100% and takes no "
                        f"weight: write ~%50%… for partial credit ({what}).",
                    )
            else:
                fraction, rest = self.weight(piece, what)
            text, feedback = self.with_feedback(rest, what)
            if not text.text:
                self.problem(piece.start, f"Answer {number} has no text.")
            answers.append(
                Answer(
                    text.text,
                    fraction if fraction is not None else Decimal(0),
                    feedback.text,
                    text_format=text.text_format,
                    feedback_format=feedback.text_format,
                )
            )
        if not single and pieces and not any(answer.fraction > 0 for answer in answers):
            self.problem(
                self.opening,
                "A multiple-choice question needs a right answer: mark it with = (single "
                "choice) or give the right answers positive weights like ~%50% (multiple "
                "response).",
            )
        return {
            "type": QuestionType.SINGLE_CHOICE if single else QuestionType.MULTIPLE_RESPONSE,
            "answers": tuple(answers),
        }

    def matching(self, block: _Span) -> dict[str, Any]:
        pairs = []
        for number, piece in enumerate(_answer_pieces(block.split("=")), start=1):
            arrow = piece.text.find("->")
            if arrow < 0:
                self.problem(
                    piece.start, f"Matching pair {number} needs the form =prompt -> answer."
                )
                continue
            prompt = self.text(piece.cut(0, arrow), f"the prompt of pair {number}")
            answer = trim(decode(piece.text[arrow + 2 :]))
            if not answer:
                self.problem(piece.start, f"Matching pair {number} has no answer after ->.")
            pairs.append(MatchPair(prompt.text, answer, prompt.text_format))
        if sum(1 for pair in pairs if pair.prompt) < 2:
            self.problem(
                self.opening,
                "A matching question needs at least two pairs with a prompt (=prompt -> answer).",
            )
        return {"type": QuestionType.MATCHING, "pairs": tuple(pairs)}

    def true_false(self, block: _Span, value: bool) -> dict[str, Any]:
        bits = block.split("#")
        if len(bits) > 3:
            # Moodle keeps a third # in the "right" feedback; it is likelier a missing escape.
            self.problem(
                bits[3].start - 1,
                "A true/false answer takes at most two feedbacks, #when wrong#when right: "
                "write a literal # as \\#.",
            )
        wrong = self.text(bits[1].trim(), "the feedback") if len(bits) > 1 else _Text("", None)
        right = self.text(bits[2].trim(), "the feedback") if len(bits) > 2 else _Text("", None)
        true_feedback, false_feedback = (right, wrong) if value else (wrong, right)
        return {
            "type": QuestionType.TRUE_FALSE,
            "answers": (
                Answer(
                    "true",
                    Decimal(1 if value else 0),
                    true_feedback.text,
                    feedback_format=true_feedback.text_format,
                ),
                Answer(
                    "false",
                    Decimal(0 if value else 1),
                    false_feedback.text,
                    feedback_format=false_feedback.text_format,
                ),
            ),
        }

    def short_answer(self, block: _Span) -> dict[str, Any]:
        answers = []
        for number, piece in enumerate(_answer_pieces(block.split("=")), start=1):
            what = f"answer {number}"
            fraction, rest = self.weight(piece, what)
            # Moodle reads a [format] here too, and drops it: an accepted answer is plain text.
            text, feedback = self.with_feedback(rest, what)
            if not text.text:
                self.problem(piece.start, f"Answer {number} has no text.")
            answers.append(
                Answer(
                    text.text,
                    fraction if fraction is not None else Decimal(1),
                    feedback.text,
                    feedback_format=feedback.text_format,
                )
            )
        self.check_full_marks(answers, "A short-answer question")
        return {"type": QuestionType.SHORT_ANSWER, "answers": tuple(answers)}

    def numerical(self, block: _Span) -> dict[str, Any]:
        body = block.cut(1)
        other = None
        tilde = body.text.find("~")
        if tilde >= 0:
            other = body.cut(tilde)
            body = body.cut(0, tilde)
        pieces = _answer_pieces(body.split("="))
        if not pieces:
            self.problem(self.opening, "A numerical question needs an answer, e.g. {#42}.")
        answers = []
        for number, piece in enumerate(pieces, start=1):
            what = f"answer {number}"
            fraction, rest = self.weight(piece, what)
            text, feedback = self.with_feedback(rest, what)
            value, tolerance = self.number(piece.start, text.text, what)
            answers.append(
                Answer(
                    value,
                    fraction if fraction is not None else Decimal(1),
                    feedback.text,
                    tolerance,
                    feedback_format=feedback.text_format,
                )
            )
        if other is not None:
            answers.append(self.other_answers(other))
        if pieces:
            self.check_full_marks(answers, "A numerical question")
        return {"type": QuestionType.NUMERICAL, "answers": tuple(answers)}

    def number(self, offset: int, text: str, what: str) -> tuple[str, Decimal | None]:
        """A numerical answer: ``*``, ``value``, ``value:tolerance`` or ``low..high``."""
        if text == "*":
            return text, None
        dots = text.find("..")
        colon = text.find(":")
        if dots > 0:
            low, high = (moodle_number(part) for part in (text[:dots], text[dots + 2 :]))
            if low is None or high is None:
                self.problem(
                    offset, f"{what.capitalize()}: the range {text!r} is not two numbers low..high."
                )
            elif low > high:
                self.problem(
                    offset, f"{what.capitalize()}: the range {text!r} goes from high to low."
                )
            else:
                middle = (low + high) / 2
                return decimal_text(middle), normal(high - middle)
            return text, None
        value_text = trim(text[:colon]) if colon > 0 else text
        tolerance_text = trim(text[colon + 1 :]) if colon > 0 else None
        if moodle_number(value_text) is None:
            self.problem(
                offset,
                f"{what.capitalize()} ({text!r}) is not a number: write 3.14, 3.14:0.01 with a "
                "tolerance, 1..5 for a range, or * for any answer.",
            )
            return text, None
        if tolerance_text is None:
            return value_text, None
        tolerance = moodle_number(tolerance_text)
        if tolerance is None or tolerance < 0:
            self.problem(
                offset,
                f"{what.capitalize()}: the tolerance {tolerance_text!r} is not a positive number.",
            )
            return value_text, None
        return value_text, tolerance

    def other_answers(self, span: _Span) -> Answer:
        """``~#feedback`` after numerical answers: feedback for any other answer (a ``*``
        answer worth 0, as Moodle stores it)."""
        hash_at = span.text.find("#")
        head = span.text if hash_at < 0 else span.text[:hash_at]
        if trim(head) != "~" or span.text.count("~") > 1:
            # Moodle silently drops what sits between ~ and #.
            self.problem(
                span.start,
                "In a numerical question ~ starts the feedback for any other answer, once, "
                "as ~#feedback.",
            )
        feedback = (
            self.text(span.cut(hash_at + 1).trim(), "the feedback for other answers")
            if hash_at >= 0
            else _Text("", None)
        )
        return Answer("*", Decimal(0), feedback.text, feedback_format=feedback.text_format)

    def check_full_marks(self, answers: list[Answer], what: str) -> None:
        if answers and not any(answer.fraction == 1 for answer in answers):
            self.problem(self.opening, f"{what} needs an answer worth 100%.")


def _looks_weighted(text: str) -> bool:
    """Whether ``text`` starts with something meant as a ``%n%`` weight."""
    match = WEIGHT.match(text)
    if match is None:
        return False
    return bool(MOODLE_WEIGHT.fullmatch(match.group(1)) or NUMBER_LIKE.fullmatch(match.group(1)))


def moodle_number(text: str) -> Decimal | None:
    """``text`` as a number if PHP's is_numeric accepts it (and Docent can hold it)."""
    text = trim(text)
    return parse_decimal(text) if NUMBER.fullmatch(text) else None


def _idnumber_and_tags(comments: str) -> tuple[str, tuple[str, ...]]:
    """The ``[id:…]`` and ``[tag:…]`` of a question's comment lines (``\\]`` is "]")."""
    match = IDNUMBER.search(comments)
    idnumber = trim(match.group(1)).replace("\\]", "]") if match else ""
    tags: list[str] = []
    for raw in TAG.findall(comments):
        tag = trim(raw).replace("\\]", "]")
        if tag and tag not in tags:
            tags.append(tag)
    return idnumber, tuple(tags)


def parse_with_problems(text: str) -> tuple[list[QuestionData], list[FormatProblem]]:
    problems: list[FormatProblem] = []
    questions = []
    category = ""
    for block in _blocks(text):
        result = _Reader(block, problems).read()
        if isinstance(result, _CategoryChange):
            category = result.path
        elif result is not None:
            questions.append(replace(result, category=category) if category else result)
    return questions, sorted(problems, key=lambda problem: problem.line)


def parse_gift(text: str) -> list[QuestionData]:
    """The questions of a GIFT file; QuestionFormatError lists every problem with its line,
    and nothing is returned from a file with any problem."""
    questions, problems = parse_with_problems(text)
    if problems:
        raise QuestionFormatError(problems)
    return questions

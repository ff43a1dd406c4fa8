"""GIFT, as Moodle's ``question/format/gift/format.php`` reads and writes it.

A file is a series of questions separated by blank lines; each line is trimmed. Lines starting
with ``//`` are comments (``[tag:…]`` and ``[id:…]`` in them are the question's tags and
idnumber, as in Moodle 3.6+). A question is ``::title::`` (optional), the question text, and
one answer block ``{…}``:

- ``{}`` essay; no braces at all: description (0 points, as in Moodle);
- ``{#…}`` numerical: ``3``, ``3:0.5`` (tolerance), ``1..5`` (a range, stored as midpoint 3
  with tolerance 2), several answers as ``=%50%3:1``, and ``~#feedback`` for any other answer;
- a ``~`` anywhere: multiple choice. With an ``=`` answer it is single choice (``=`` is worth
  100 %); without, multiple response, each ``~%n%`` answer worth n % (negative allowed);
- ``=`` and ``->``: matching, ``=prompt -> answer``; an empty prompt makes a distractor;
- ``T``/``TRUE``/``F``/``FALSE``, then ``#feedback when wrong#feedback when right``;
- anything else: short answer, ``=answer`` or ``=%n%answer`` (``*`` is a wildcard).

``#`` starts an answer's feedback and ``####`` the general feedback. When text follows the
closing ``}``, the block sat mid-sentence ("missing word"): the stem gets ``_____`` in its
place. ``[html]``, ``[markdown]``, ``[plain]`` or ``[moodle]`` before the question text, an
answer, a feedback or a matching prompt sets its format (default: moodle for the stem, the
stem's format for the rest, which Docent stores as None). ``\\~ \\= \\# \\{ \\} \\:`` and
``\\\\`` stand for the character, ``\\n`` for a line break. A ``$CATEGORY: path`` block sets the
category of the questions after it (Moodle's ``$course$/``… prefix, ``top`` and "Default" are
dropped, as in the Moodle XML format). GIFT has no points: questions are worth 1.

Deliberate differences from Moodle, which reports a broken question and imports the others
(or silently reads something nobody meant):

- any problem refuses the whole file, with the line of every problem;
- errors where Moodle guesses: a second ``{`` or ``}`` in a question (often a missing blank
  line between two questions), a question without text, a blank answer, a numerical answer that
  is not a number (Moodle turns it into ``*``, which accepts anything), a negative tolerance or
  a range whose ends are swapped, text between ``~`` and ``#`` in numerical wrong-answer
  feedback (Moodle drops it), a weight that looks like a number but is not one Moodle reads
  (``%+50%``, ``%1,5%``, ``%150%``), ``=%50%`` in multiple choice (Moodle keeps "%50%" as the
  answer's text at 100 %), a true/false answer in lower case (Moodle makes ``{true}`` a short
  answer) or with a third ``#`` (Moodle keeps it in the feedback), a short
  answer, numerical or single-choice question without a 100 % answer, a multiple-response
  question without a positive weight, a matching question with fewer than two prompts, an
  unknown ``[format]`` tag (lower-case letters, as ``[htm]``; Moodle keeps it as text: write
  ``[moodle][note]`` to start a text with a bracketed word), a ``$CATEGORY:`` line followed by
  more lines (Moodle reads the question below as part of the category's name);
- a weight may be any percentage from -100 to 100 in Moodle's syntax (Moodle refuses grades
  outside its own list unless told to round them); ranges are computed in exact decimals;
- a line holding only "0" is text (PHP's ``empty("0")`` makes Moodle treat it as a blank line);
- escapes in a ``$CATEGORY:`` line are left as written (Moodle leaves its internal placeholders);
- a title is kept as written (Moodle strips HTML tags from it).

Export writes what Moodle's exporter writes, one question per block: a ``// [id:…] [tag:…]``
line when there are tags, the title (the default name when the question has none), the stem
(with its format when not moodle) and the answers, one per line, with every special character
escaped and line breaks as ``\\n``. A stem with one ``_____`` is written with the block in its
place. Formats Docent stores as None are not written; a text that would otherwise read as a
weight or a format tag gets an explicit format. Weights are written as ``%n%`` without trailing
zeros. GIFT cannot hold points, shuffling, or general feedback of a description: they are left
out, as Moodle does. Ordering and cloze questions, and anything the parser would refuse (say a
matching prompt containing ``->``), raise QuestionFormatError naming the question.
"""

from __future__ import annotations

from .reader import parse_gift
from .syntax import GIFT_TYPES
from .writer import export_gift

__all__ = ["GIFT_TYPES", "export_gift", "parse_gift"]

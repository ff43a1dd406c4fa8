"""Quiz drafting time: every lesson of the seed document and of a generated larger text.

Targets: the seed (about 2,400 words, 15 lessons) drafts in under 2 s, cold (first call, word
lists loaded) included; the time per 1,000 words stays about flat as the document grows.
Run: .venv/bin/python bench/drafting.py
"""

from __future__ import annotations

import random
import time

from _common import ROOT, record

# A vocabulary of everyday expository prose, so that the generated text has noun phrases,
# verbs and names for the drafting rules to work on.
SUBJECTS = (
    "The committee",
    "Regional governments",
    "The new framework",
    "Local communities",
    "The research team",
    "International agencies",
    "The World Health Organization",
    "Small businesses",
    "The European Union",
    "Public schools",
)
VERBS = (
    "strengthens",
    "depends on",
    "improves",
    "supports",
    "reduces",
    "requires",
    "encourages",
    "limits",
    "reshapes",
    "funds",
)
OBJECTS = (
    "water management",
    "renewable energy projects",
    "public health programmes",
    "supply chain resilience",
    "digital literacy",
    "coastal infrastructure",
    "climate adaptation plans",
    "vaccine distribution",
    "urban transport networks",
    "food security",
    "data protection rules",
    "labour market policies",
)
TAILS = (
    "in rural areas",
    "across national borders",
    "during periods of crisis",
    "through long-term investment",
    "with the help of volunteers",
    "under strict budget rules",
    "in partnership with universities",
    "despite rising costs",
)
COUNTRIES = ("Kenya", "Brazil", "Norway", "Vietnam", "Canada", "Peru", "Ghana", "Japan")


def make_document(lessons: int, seed: int = 11) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    document = []
    for number in range(1, lessons + 1):
        sentences = []
        for _ in range(rng.randint(8, 14)):
            sentence = (
                f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
                f"{rng.choice(TAILS)}"
            )
            if rng.random() < 0.3:
                sentence += f", as the example of {rng.choice(COUNTRIES)} shows"
            sentences.append(sentence + ".")
        paragraphs = [
            " ".join(sentences[: len(sentences) // 2]),
            " ".join(sentences[len(sentences) // 2 :]),
        ]
        document.append((f"Topic {number}", "\n".join(paragraphs)))
    return document


def seed_lessons() -> list[tuple[str, str]]:
    import django

    django.setup()
    from courses.importers.plaintext import parse_text
    from courses.planning import plan_course

    text = (ROOT / "fixtures" / "seed-document.txt").read_text(encoding="utf-8")
    plan = plan_course(parse_text(text), title="Seed")
    return [(lesson.title, lesson.text) for module in plan.modules for lesson in module.lessons]


def draft_document(lessons: list[tuple[str, str]]) -> tuple[float, int, int]:
    """Seconds to draft every lesson, the number of words, the number of drafts."""
    from quizzes.drafting import draft_questions

    started = time.perf_counter()
    drafts = 0
    for index, (title, text) in enumerate(lessons):
        rest = lessons[:index] + lessons[index + 1 :]
        drafts += len(draft_questions(lesson_title=title, lesson_text=text, other_lessons=rest))
    seconds = time.perf_counter() - started
    words = sum(len(text.split()) for _, text in lessons)
    return seconds, words, drafts


def main() -> None:
    figures: dict[str, float] = {}
    seed = seed_lessons()
    started = time.perf_counter()
    import quizzes.drafting  # noqa: F401  (the libraries' import time counts as cold start)

    imported = time.perf_counter() - started
    cold, words, drafts = draft_document(seed)
    cold += imported
    from quizzes.drafting import terms

    terms.document_terms.cache_clear()  # libraries loaded, nothing of the seed remembered
    terms.raw_lesson_cache_clear()
    warm, _, _ = draft_document(seed)
    print(
        f"seed: {len(seed)} lessons, {words} words, {drafts} drafts — "
        f"cold {cold:.2f} s (target < 2 s), warm {warm:.2f} s, "
        f"{warm / words * 1000:.3f} s per 1,000 words"
    )
    figures["drafting_seed_s_cold"] = round(cold, 3)
    figures["drafting_seed_s_warm"] = round(warm, 3)
    figures["drafting_seed_s_per_1000_words"] = round(warm / words * 1000, 3)

    for lessons in (20, 80):
        document = make_document(lessons)
        seconds, words, drafts = draft_document(document)
        per_1000 = seconds / words * 1000
        print(
            f"generated: {lessons} lessons, {words} words, {drafts} drafts — {seconds:.2f} s, "
            f"{per_1000:.3f} s per 1,000 words"
        )
        figures[f"drafting_generated_{lessons}_lessons_s"] = round(seconds, 3)
        figures[f"drafting_generated_{lessons}_lessons_s_per_1000_words"] = round(per_1000, 3)
    record(figures)


if __name__ == "__main__":
    main()

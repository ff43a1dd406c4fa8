"""Time and peak memory of reading the worst documents the import limits accept or refuse.

Each case builds its document in memory, then reads it (``plan_from_document``, what the
upload form, the background task and ``manage.py import_document`` all call) in a subprocess
of its own, whose peak resident memory (ru_maxrss) is its figure. Targets, with the default
limits: every document under the upload limit (DOCENT_IMPORT_MAX_BYTES) is read or refused in
under 30 s and 512 MB.
Run: .venv/bin/python bench/import_limits.py
"""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import time
import zipfile

from _common import record

TIME_TARGET_S = 30.0
MEMORY_TARGET_MB = 512

SENTENCE = "Cooperation between partners depends on trust, training and shared doctrine. "


def _docx_stuffed(part_bytes: int, name: str) -> tuple[bytes, str]:
    """A real Word document whose main part is stuffed with ``part_bytes`` of paragraphs
    under headings (a lesson every 50 paragraphs)."""
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    paragraph = f"<w:p><w:r><w:t>{SENTENCE * 4}</w:t></w:r></w:p>".encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/document.xml":
                head, _, tail = content.partition(b"<w:sectPr")
                tail = b"<w:sectPr" + tail
                with target.open("word/document.xml", "w", force_zip64=True) as part:
                    part.write(head)
                    written, number = len(head) + len(tail), 0
                    while True:
                        number += 1
                        heading = (
                            '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>'
                            f"<w:r><w:t>Lesson {number}</w:t></w:r></w:p>"
                        ).encode()
                        block = heading + paragraph * 50
                        if written + len(block) > part_bytes:
                            break
                        part.write(block)
                        written += len(block)
                    part.write(tail)
            else:
                target.writestr(info.filename, content)
    return out.getvalue(), name


def _single_line(extension: str, size: int) -> tuple[bytes, str]:
    words = (SENTENCE * (size // len(SENTENCE))).encode()
    prefix = b"<html><body><p>" if extension == "html" else b""
    return prefix + words, f"line.{extension}"


def _text_largest(line_chars: int, max_bytes: int) -> tuple[bytes, str]:
    """Plain text as large as the upload limit allows: headings, each over five paragraphs
    written on one line each, as long as the line limit allows (up to 10,000 characters)."""
    paragraph = (SENTENCE * (min(line_chars, 10_000) // len(SENTENCE))).strip()
    lesson = "Lesson in Practice\n\n" + "\n\n".join([paragraph] * 5) + "\n\n"
    return (lesson * (max_bytes // len(lesson))).encode(), "largest.txt"


def _short_lines(lines: int) -> tuple[bytes, str]:
    """As many one-word lines as the line limit allows: the most objects per byte."""
    return b"a\n" * (lines - 1), "short-lines.txt"


def _markdown_dense(chars: int, line_chars: int) -> tuple[bytes, str]:
    """Markdown as dense in markup as can be, at the size limit: every other character opens
    or closes emphasis (the costliest pattern found), on lines of the longest length allowed,
    under a heading every 100,000 characters so no lesson is too long."""
    line = "*a" * (min(line_chars, 100_000) // 2)
    lessons = "".join(f"# Lesson {n}\n\n{line}\n\n" for n in range(chars // len(line) + 1))
    return lessons[:chars].encode(), "dense.md"


def _html_dense(chars: int) -> tuple[bytes, str]:
    body = "<p><b>a</b><i>b</i></p>" * (chars // 24)
    return f"<html><body><h1>Title</h1>{body}</body></html>"[:chars].encode(), "dense.html"


def _pdf(pages: int) -> tuple[bytes, str]:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for number in range(1, pages + 1):
        pdf.add_page()
        if number % 10 == 1:
            pdf.set_font("Helvetica", size=18)
            pdf.cell(0, 10, f"Chapter {number // 10 + 1}", new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 5, SENTENCE * 40)
    return bytes(pdf.output()), "pages.pdf"


def _many_sections(sections: int) -> tuple[bytes, str]:
    text = "".join(f"# Lesson {n}\n\nThe text of lesson {n}.\n\n" for n in range(sections))
    return text.encode(), "sections.md"


def build(case: str) -> tuple[bytes, str]:
    from django.conf import settings as s

    cases = {
        "docx_bomb": lambda: _docx_stuffed(400 * 1024 * 1024, "bomb.docx"),
        "docx_largest": lambda: _docx_stuffed(s.DOCENT_IMPORT_MAX_PART_BYTES, "largest.docx"),
        "txt_line_15mb": lambda: _single_line("txt", 15 * 1024 * 1024),
        "md_line_15mb": lambda: _single_line("md", 15 * 1024 * 1024),
        "html_line_15mb": lambda: _single_line("html", 15 * 1024 * 1024),
        "txt_largest": lambda: _text_largest(
            s.DOCENT_IMPORT_MAX_LINE_CHARS, s.DOCENT_IMPORT_MAX_BYTES
        ),
        "txt_short_lines": lambda: _short_lines(s.DOCENT_IMPORT_MAX_LINES),
        "md_dense": lambda: _markdown_dense(
            s.DOCENT_IMPORT_MAX_MARKUP_CHARS, s.DOCENT_IMPORT_MAX_LINE_CHARS
        ),
        "html_dense": lambda: _html_dense(s.DOCENT_IMPORT_MAX_MARKUP_CHARS),
        "pdf_largest": lambda: _pdf(s.DOCENT_IMPORT_MAX_PDF_PAGES),
        "pdf_too_many_pages": lambda: _pdf(s.DOCENT_IMPORT_MAX_PDF_PAGES + 1),
        "md_sections": lambda: _many_sections(s.DOCENT_IMPORT_MAX_SECTIONS),
        "md_too_many_sections": lambda: _many_sections(s.DOCENT_IMPORT_MAX_SECTIONS + 1),
    }
    return cases[case]()


CASES = [
    "docx_bomb",
    "docx_largest",
    "txt_line_15mb",
    "md_line_15mb",
    "html_line_15mb",
    "txt_largest",
    "txt_short_lines",
    "md_dense",
    "html_dense",
    "pdf_largest",
    "pdf_too_many_pages",
    "md_sections",
    "md_too_many_sections",
]


def run_case(case: str) -> None:
    """In the subprocess: build, then read, and print what it cost as one JSON line."""
    import django

    django.setup()
    from courses.importers import DocumentError
    from courses.services import plan_from_document

    data, name = build(case)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        plan = plan_from_document(data=data, filename=name)
        outcome = f"accepted: {len(plan.lessons)} lessons"
    except DocumentError as error:
        outcome = f"refused: {error}"
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(
        json.dumps(
            {
                "bytes": len(data),
                "seconds": round(seconds, 2),
                "peak_mb": round(peak / 1024, 1),
                "built_mb": round(baseline / 1024, 1),
                "outcome": outcome,
            }
        )
    )


def main() -> int:
    figures: dict[str, float] = {}
    over = []
    env = {**os.environ, "PYTHONPATH": os.path.dirname(os.path.abspath(__file__))}
    for case in CASES:
        finished = subprocess.run(
            [sys.executable, __file__, case],
            capture_output=True,
            text=True,
            check=False,
            env=env,
        )
        if finished.returncode:
            print(f"{case}: failed\n{finished.stderr[-2000:]}")
            over.append(case)
            continue
        result = json.loads(finished.stdout.strip().splitlines()[-1])
        size_mb = result["bytes"] / 1_048_576
        print(
            f"{case:<22} {size_mb:7.1f} MB  {result['seconds']:6.2f} s  "
            f"peak {result['peak_mb']:7.1f} MB (input built: {result['built_mb']:.0f} MB)  "
            f"{result['outcome'][:90]}"
        )
        figures[f"import_limits.{case}.seconds"] = result["seconds"]
        figures[f"import_limits.{case}.peak_mb"] = result["peak_mb"]
        if result["seconds"] > TIME_TARGET_S or result["peak_mb"] > MEMORY_TARGET_MB:
            over.append(case)
    record(figures)
    if over:
        print(f"over {TIME_TARGET_S:.0f} s or {MEMORY_TARGET_MB} MB: {', '.join(over)}")
    return 1 if over else 0


if __name__ == "__main__":
    if len(sys.argv) > 1:
        run_case(sys.argv[1])
    else:
        sys.exit(main())

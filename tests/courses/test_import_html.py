"""HTML → Outline: pure parsing, no database."""

from __future__ import annotations

from courses.importers.detect import read_document
from courses.importers.html import parse_html
from courses.planning import plan_course

PAGE = """\
<!DOCTYPE html>
<html>
<head>
  <title>The  Handbook &amp; Guide</title>
  <style>p { color: red } .secret { display: none }</style>
  <script>var tracking = "TRACKER";</script>
</head>
<body>
  <nav><a href="/">Home</a> <h2>Site menu</h2></nav>
  <div class="wrapper"><main>
    <article>
      <header><h1>The Handbook</h1></header>
      <p>Welcome to the handbook.</p>
      <section>
        <h2>Module A</h2>
        <div><h3>Lesson 1</h3></div>
        <p>Lesson one text.</p>
        <h4>Deeper</h4>
        <p>Deep text.</p>
        <h3>Lesson 2</h3>
        <p>Lesson two text.</p>
      </section>
      <section>
        <h2>Module B</h2>
        <h3>Lesson 3</h3>
        <p>Lesson three text.</p>
      </section>
    </article>
  </main></div>
  <footer>Copyright FOOTERTEXT</footer>
  <noscript>Enable JavaScript NOSCRIPTTEXT</noscript>
</body>
</html>
"""


def test_title_comes_from_the_title_element():
    assert parse_html(PAGE).title == "The Handbook & Guide"


def test_headings_nested_in_containers_cut_sections_with_their_levels_and_lines():
    outline = parse_html(PAGE)

    assert outline.format == "html"
    assert [(s.title, s.level, s.position) for s in outline.sections] == [
        ("The Handbook", 1, 12),
        ("Module A", 2, 15),
        ("Lesson 1", 3, 16),
        ("Deeper", 4, 18),
        ("Lesson 2", 3, 20),
        ("Module B", 2, 24),
        ("Lesson 3", 3, 25),
    ]
    assert outline.sections[0].html == "<p>Welcome to the handbook.</p>"
    assert outline.sections[2].html == "<p>Lesson one text.</p>"


def test_heading_levels_give_modules_and_lessons_and_deeper_headings_stay_inside():
    plan = plan_course(parse_html(PAGE))

    assert plan.title == "The Handbook & Guide"  # <title> wins over the single top heading
    assert [(m.title, [lesson.title for lesson in m.lessons]) for m in plan.modules] == [
        ("The Handbook & Guide", ["Introduction"]),
        ("Module A", ["Lesson 1", "Lesson 2"]),
        ("Module B", ["Lesson 3"]),
    ]
    assert "<h3>Deeper</h3>" in plan.modules[1].lessons[0].html


def test_a_single_top_heading_names_the_course_when_there_is_no_title_element():
    plan = plan_course(parse_html("<h1>Only Top</h1><p>a</p><h2>One</h2><p>b</p><h2>Two</h2>"))

    assert plan.title == "Only Top"
    assert [lesson.title for lesson in plan.lessons] == ["Introduction", "One", "Two"]


def test_script_style_nav_footer_noscript_and_head_are_never_lesson_text():
    outline = parse_html(PAGE)
    everything = " ".join(s.title + s.html for s in outline.sections)

    for noise in ("TRACKER", "color", "Site menu", "Home", "FOOTERTEXT", "NOSCRIPTTEXT"):
        assert noise not in everything


def test_hidden_elements_and_templates_are_dropped():
    outline = parse_html(
        "<h1>T</h1><p>kept</p><div hidden>HIDDEN1</div><span aria-hidden='true'>HIDDEN2</span>"
        "<template><p>HIDDEN3</p></template><div role='navigation'>HIDDEN4</div>"
        "<p style='color: red; display: none'>HIDDEN5</p>"
    )

    html = outline.sections[0].html
    assert "kept" in html
    assert not any(f"HIDDEN{n}" in html for n in range(1, 6))


def test_loose_text_before_the_first_heading_is_a_level_zero_preamble():
    outline = parse_html("<body>\nLoose <b>opening</b> words\n<h2>First</h2>text after</body>")

    preamble = outline.sections[0]
    assert (preamble.title, preamble.level, preamble.position) == ("", 0, 2)
    assert preamble.html == "<p>Loose <b>opening</b> words</p>"
    assert outline.sections[1].html == "<p>text after</p>"


def test_text_in_layout_divs_becomes_separate_paragraphs():
    outline = parse_html("<h1>T</h1><div>first block</div><div>second block</div>")

    assert outline.sections[0].html == "<p>first block</p><p>second block</p>"


def test_unclosed_paragraphs_and_list_items_are_closed_and_structure_is_kept():
    outline = parse_html(
        "<h2>Lesson</h2><p>one<p>two <strong>bold</strong> <em>it</em>"
        "<ul><li>a<li>b</ul><ol><li>first</ol>"
        "<table><tr><th>H<td>x</table><h2>Next</h2>"
    )

    assert outline.sections[0].html == (
        "<p>one</p><p>two <strong>bold</strong> <em>it</em></p>"
        "<ul><li>a</li><li>b</li></ul><ol><li>first</li></ol>"
        "<table><tr><th>H</th><td>x</td></tr></table>"
    )
    assert outline.sections[1].title == "Next"


def test_headings_inside_block_quotes_list_items_and_cells_do_not_cut_sections():
    outline = parse_html(
        "<h2>Only</h2><blockquote><h3>Quoted</h3></blockquote>"
        "<ul><li><h4>Listed</h4></li></ul><table><tr><td><h5>Cell</h5></td></tr></table>"
    )

    assert [s.title for s in outline.sections] == ["Only"]
    html = outline.sections[0].html
    assert "<blockquote><h3>Quoted</h3></blockquote>" in html
    assert "Listed" in html
    assert "Cell" in html


def test_heading_titles_are_plain_text_and_empty_headings_do_not_cut():
    outline = parse_html(
        "<h2>A <em>styled</em>\n  <a href='#x'>title</a></h2><p>x</p><h2> </h2><p>y</p>"
        "<h2><img src='logo.png' alt='logo'></h2><p>z</p>"
    )

    assert [s.title for s in outline.sections] == ["A styled title"]
    html = outline.sections[0].html
    assert "<p>y</p>" in html
    assert "<p>z</p>" in html
    assert "logo.png" in html


def test_every_paragraph_lands_in_exactly_one_section_in_order():
    paragraphs = [f"word{n}a word{n}b word{n}c." for n in range(30)]
    parts = ["<html><body><div>"]
    for n, paragraph in enumerate(paragraphs):
        if n and n % 4 == 0:
            parts.append(f"<section><h{1 + n % 3}>Heading {n}</h{1 + n % 3}>")
        parts.append(f"<p>{paragraph}</p>")
        if n and n % 4 == 3:
            parts.append("</section>")
    parts.append("</div></body></html>")
    outline = parse_html("\n".join(parts))

    joined = "".join(section.html for section in outline.sections)
    for paragraph in paragraphs:
        assert len([s for s in outline.sections if paragraph in s.html]) == 1, paragraph
    positions = [joined.index(paragraph) for paragraph in paragraphs]
    assert positions == sorted(positions)


def test_scripts_and_event_handlers_are_gone_after_planning():
    outline = parse_html(
        "<h1>Lesson</h1>"
        "<p onclick=\"alert('p')\">Click <a href='javascript:alert(1)'>here</a>"
        "<img src='https://example.com/x.png' onerror='alert(2)'></p>"
        "<blockquote><script>alert(3)</script><style>p{}</style>quoted</blockquote>"
    )

    lesson = plan_course(outline).lessons[0]
    assert "alert" not in lesson.html
    assert "onclick" not in lesson.html
    assert "onerror" not in lesson.html
    assert "javascript" not in lesson.html
    assert "<script" not in lesson.html
    assert "<style" not in lesson.html
    assert "Click" in lesson.text
    assert "quoted" in lesson.text


def test_entities_in_text_stay_escaped():
    outline = parse_html("<h1>Fish &amp; Chips</h1><p>1 &lt; 2 &amp;&amp; &lt;b&gt;not bold</p>")

    assert outline.sections[0].title == "Fish & Chips"
    assert outline.sections[0].html == "<p>1 &lt; 2 &amp;&amp; &lt;b&gt;not bold</p>"


def test_read_document_sends_html_files_to_the_html_parser():
    outline = read_document(
        data=b"<!doctype html><title>T</title><h1>Hi</h1><p>x</p>", filename="page.html"
    )

    assert outline.format == "html"
    assert outline.title == "T"


def test_ten_thousand_sections_all_arrive_in_order():
    text = (
        "<html><body><main>"
        + "".join(
            f"<section><h2>Section {n}</h2><p>Some <em>text</em> for {n}.</p></section>\n"
            for n in range(10_000)
        )
        + "</main></body></html>"
    )
    outline = parse_html(text)

    assert len(outline.sections) == 10_000
    assert outline.sections[-1].position == 10_000

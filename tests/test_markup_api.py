"""The Markup API as the build uses it: real posts, CSS, problem lines, ids, purity."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.errors import SitegenError
from sitegen.frontmatter import decode, split
from sitegen.markup import Markup, MarkupOptions, Rendered, pygments_css

SHARED = Path(__file__).resolve().parents[2] / "shared"
DRAFTS = sorted((SHARED / "examples").glob("*.md"))
USERBLOG = sorted((SHARED / "userblog").rglob("*.md"))
MARKUP = Markup(MarkupOptions())


def _render_file(path: Path, markup: Markup = MARKUP) -> Rendered:
    document = split(decode(path.read_bytes(), str(path)), str(path))
    return markup.render(document.body, path=str(path), line=document.body_line)


@pytest.mark.skipif(not DRAFTS, reason="the user's draft is not in ../shared/examples")
def test_users_draft_has_its_python_blocks_highlighted() -> None:
    rendered = _render_file(DRAFTS[0])
    figures = re.findall(r'<figure class="code" data-lang="(\w+)">.*?</figure>', rendered.html,
                         re.S)
    fences = DRAFTS[0].read_text(encoding="utf-8").count("```python\n")
    assert fences >= 3 and figures == ["python"] * fences
    for block in re.findall(r"<code class=\"language-python\">(.*?)</code>", rendered.html, re.S):
        assert '<span class="k">' in block or '<span class="bp">' in block
        assert '<span class="n">' in block
    assert '<span class="k">class</span>' in rendered.html
    assert rendered.problems == ()


@pytest.mark.skipif(not USERBLOG, reason="the user's blog is not in ../shared/userblog")
def test_users_blog_renders_without_leftover_attribute_lists() -> None:
    for path in USERBLOG:
        rendered = _render_file(path)
        assert "{: ." not in rendered.text, path
        assert not [p for p in rendered.problems if "sitegen bug" in str(p)], path


def test_problem_lines_are_file_lines() -> None:
    text = "Intro.\n\n```nosuchlang\nx\n```\n\n{% include a.html %}\n"
    rendered = MARKUP.render(text, path="_posts/a.md", line=7)
    assert [str(p) for p in rendered.problems] == [
        "_posts/a.md:13: warning: Liquid tag {% include a.html %} is shown as text "
        "(wrap it in {% raw %}...{% endraw %} to show it as written without this warning)",
        "_posts/a.md:9: warning: unknown code language 'nosuchlang'; shown as plain text "
        "(see pygments.org/languages)",
    ]


def test_math_warning_line_inside_a_paragraph() -> None:
    rendered = MARKUP.render("para\n\nfirst line\nsecond $a^$ line\n", path="p.md", line=3)
    assert [p.line for p in rendered.problems] == [6]


def test_css_has_light_dark_media_and_toggle() -> None:
    css = pygments_css(MarkupOptions(light_style="default", dark_style="monokai"))
    light, _, rest = css.partition("@media (prefers-color-scheme: dark) {")
    media, _, toggle = rest.partition("\n}\n")
    assert ".highlight .k { color: #008000; font-weight: bold }" in light
    assert ':root:not([data-theme="light"]) .highlight .k { color: #66D9EF }' in media
    assert '[data-theme="dark"] .highlight .k { color: #66D9EF }' in toggle
    assert "[data-theme" not in light


def test_unknown_style_is_an_error_with_a_suggestion() -> None:
    with pytest.raises(SitegenError, match="monokay") as raised:
        Markup(MarkupOptions(dark_style="monokay"))
    assert "monokai" in str(raised.value)


def test_options_and_results_cross_process_boundaries() -> None:
    options = MarkupOptions(post_urls={"2010-01-01-a": "/a"}, math="mathjax")
    assert pickle.loads(pickle.dumps(options)) == options
    rendered = Markup(options).render("# T\n\n$x$\n", path="p.md", line=1)
    assert pickle.loads(pickle.dumps(rendered)) == rendered
    assert rendered.uses_math


def test_mathml_needs_no_script() -> None:
    rendered = MARKUP.render("$x$\n", path="p.md", line=1)
    assert "<math>" in rendered.html and not rendered.uses_math


def test_same_input_same_bytes_across_instances() -> None:
    text = (DRAFTS[0].read_text(encoding="utf-8") if DRAFTS else "# a\n\n```py\nx\n```\n")
    first = Markup(MarkupOptions()).render(text, path="p.md", line=1)
    second = Markup(MarkupOptions()).render(text, path="p.md", line=1)
    assert first == second and first.html == MARKUP.render(text, path="p.md", line=1).html


def test_heading_ids_avoid_taken_ids_and_are_reported() -> None:
    rendered = MARKUP.render("## Intro\n\n## Intro\n", path="p.md", line=1,
                             taken_ids={"intro"})
    assert [(h.id, h.text, h.level) for h in rendered.headings] == [
        ("intro-1", "Intro", 2), ("intro-2", "Intro", 2)]


def test_doc_id_keeps_footnotes_of_two_turns_apart() -> None:
    text = "Claim.[^1]\n\n[^1]: Source.\n"
    one = MARKUP.render(text, path="p.md", line=1, doc_id="t1").html
    two = MARKUP.render(text, path="p.md", line=1, doc_id="t2").html
    assert 'id="fn-t1-1"' in one and 'id="fn-t2-1"' in two


REFERENCES = """Where are the [docs][py] and the [guide]?

```text
[guide]: https://wrong.example/in-code
```

> [quoted]: https://quoted.example/

[py]: https://docs.python.org/3/ "Python docs"
[guide]: https://guide.example/
[GUIDE]: https://second.example/
[^1]: A footnote, not a link.
"""


def test_references_of_a_whole_text_are_its_definitions_outside_code() -> None:
    found = MARKUP.references(REFERENCES)
    assert {label: ref["href"] for label, ref in found.items()} == {
        "GUIDE": "https://guide.example/", "PY": "https://docs.python.org/3/",
        "QUOTED": "https://quoted.example/"}
    assert MARKUP.references("No [definitions] here, only lines[1:]: x\n") == {}


def test_a_part_uses_the_references_of_the_whole_text() -> None:
    references = MARKUP.references(REFERENCES)
    part = "See [the docs][py], the [guide] and [^1].\n\n[own]: https://own.example/\n[own]\n"
    html = MARKUP.render(part, path="p.md", line=1, references=references).html
    assert '<a href="https://docs.python.org/3/" title="Python docs">the docs</a>' in html
    assert '<a href="https://guide.example/">guide</a>' in html
    assert "[^1]" in html and 'href="https://own.example/"' in html
    alone = MARKUP.render(part, path="p.md", line=1).html
    assert "[the docs][py]" in alone and "docs.python.org" not in alone


def test_plain_text_drops_code_labels() -> None:
    rendered = MARKUP.render("Some *text*.\n\n```python\nx = 1\n```\n", path="p.md", line=1)
    assert rendered.text == "Some text. x = 1"


PIECES = st.sampled_from([
    "{% raw %}", "{% endraw %}", "{{ site.url }}", "{% highlight py %}\n", "{% endhighlight %}",
    "```", "~~~", "$$", "\\\\[", "\\\\]", "\\(", "\\)", "{: .x}", "<div markdown=\"1\">\n",
    "</div>", "| a | b |\n|---|---|\n", "- [ ] ", "[^1]", "[^1]: x\n", "<T>", "javascript:",
    "http://x.org", "# h\n", "    ", "\n\n", "{:toc}", "* TOC\n", "<!--", "-->", "&#09;",
])
MARKDOWNISH = st.lists(
    st.one_of(st.text(alphabet="ab \n*_`$\\[](){}:#<>!|-~%.=\"'&;/", max_size=8), PIECES),
    max_size=25,
).map("".join)
MODES = [MARKUP, Markup(MarkupOptions(html=False, math="mathjax"))]


@settings(max_examples=150, deadline=None)
@given(MARKDOWNISH, st.sampled_from(MODES))
def test_any_text_renders_without_internal_errors(text: str, markup: Markup) -> None:
    rendered = markup.render(text, path="p.md", line=10)
    assert not [p for p in rendered.problems if "sitegen bug" in str(p)]
    assert all(10 <= (p.line or 0) <= 10 + text.count("\n") for p in rendered.problems)
    assert rendered == markup.render(text, path="p.md", line=10)


SCHEMES = st.sampled_from(["javascript", "JaVaScRiPt", "java&#09;script", " javascript",
                           "vbscript", "java\\\tscript", "&#106;avascript", "data"])


@settings(max_examples=150, deadline=None)
@given(SCHEMES, st.sampled_from(["[x]({}:alert(1))", "<a href=\"{}:alert(1)\">x</a>",
                                 "<{}:alert(1)>", "[x]: {}:alert(1)\n\n[x]",
                                 "![x]({}:alert(1))", "[x](/a){{: href=\"{}:x\"}}"]))
def test_script_urls_are_never_emitted(scheme: str, template: str) -> None:
    html = MARKUP.render(template.format(scheme), path="p.md", line=1).html
    for url in re.findall(r"""(?:href|src)=["']?([^"' >]*)""", html):
        assert not re.match(r"(?i)\s*(java|vb)\s*script|data:", url), html

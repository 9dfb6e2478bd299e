"""The shortcut for blocks that start with ordinary text changes nothing: every document
renders as it does with markdown-it's full chain of block rules."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.markup import Markup, MarkupOptions

LINES = ["Some text", "more *text* here", "# Heading", "Setext", "===", "---", "- item",
         "* star", "+ plus", "1. one", "2) two", "> quote", ">> deeper", "```python", "```",
         "~~~", "    indented code", "\tcode", "| a | b |", "|---|---|", "a | b", "--- | ---",
         "Term", ": definition", "~ definition", "[^1]: a note", "[ref]: /url", "$$",
         "x^2", "\\[", "\\]", "{% highlight ruby %}", "{% endhighlight %}",
         '<div markdown="1">', "</div>", "<p>html</p>", "", "", "  two spaces", "   - nested",
         "_emph_", "***", "Q: question?", "ChatGPT: answer", "\u00a0nbsp start", "2024 was",
         ":colon start", "|pipe start", "{brace}"]

documents = st.lists(st.sampled_from(LINES), max_size=14).map("\n".join)


def _pair() -> tuple[Markup, Markup]:
    with_shortcut, without = Markup(MarkupOptions()), Markup(MarkupOptions())
    without._md.block.ruler.disable("prose")
    return with_shortcut, without


FAST, FULL = _pair()


def test_the_shortcut_is_in_the_chain() -> None:
    names = [rule.name for rule in FAST._md.block.ruler.__rules__ if rule.enabled]
    assert names.index("prose") == names.index("table") + 1


@settings(max_examples=400, deadline=None)
@given(text=documents)
def test_documents_render_as_with_every_rule(text: str) -> None:
    fast = FAST.render(text, path="p.md", line=1)
    full = FULL.render(text, path="p.md", line=1)
    assert (fast.html, fast.problems) == (full.html, full.problems)

"""Search results show comment text as snippets marked up with ``<mark>``: the XSS corpus there.

The results page prints ``title_html`` and ``snippet_html`` as HTML, so both highlighters must
yield nothing but text and ``<mark>``: the database backend's (``search.text.highlight``,
which escapes the text itself) and the Elasticsearch one's (``safe_highlight``, which cleans a
fragment from the cluster even if the cluster did not escape it). Every vector of the corpus
goes through both, highlighting each of its own words, and the output is parsed.
"""

from html.parser import HTMLParser

import pytest

from search.backends.elastic import safe_highlight
from search.text import highlight, terms
from tests.security import xss_vectors


class Markup(HTMLParser):
    """The tags and attributes of a piece of HTML, and its text."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes, self.text = [], [], []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(attrs)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.tags.append("!--")

    def handle_decl(self, decl):
        self.tags.append("!")

    def handle_pi(self, data):
        self.tags.append("?")


def assert_only_marks(html, vector):
    markup = Markup(html)
    assert set(markup.tags) <= {"mark"}, (vector.text[:80], html[:200])
    assert markup.attributes == [], (vector.text[:80], html[:200])


@pytest.fixture(scope="module")
def corpus():
    try:
        return xss_vectors.corpus()
    except xss_vectors.BlnsMissing as missing:
        pytest.fail(str(missing), pytrace=False)


def test_search_snippets_of_the_xss_corpus_are_text_and_marks(corpus, report_figure):
    highlighted = 0
    for vector in corpus:
        text = vector.text
        html, matched = highlight(text, set(terms(text, "en")), "en", length=220)
        highlighted += matched
        assert_only_marks(html, vector)
        # Whatever a cluster might send back, raw or with its own <mark> tags around the vector.
        assert_only_marks(safe_highlight(text), vector)
        assert_only_marks(safe_highlight(f"<mark>{text}</mark> and {text}"), vector)
    report_figure(
        f"XSS in search snippets: {len(corpus):,} vectors through both highlighters "
        f"({highlighted:,} with words marked), only text and <mark> came out"
    )

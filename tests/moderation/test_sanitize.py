"""Comment rendering: the supported Markdown subset, and that nothing a visitor types becomes active HTML."""

import types

import pytest
from bs4 import BeautifulSoup, Comment

from moderation import sanitize
from moderation.sanitize import MAX_LENGTH, render_comment

ALLOWED_TAGS = {"p", "br", "a", "em", "strong", "code", "blockquote", "ul", "ol", "li"}
DANGEROUS_TAGS = {"script", "style", "iframe", "img", "svg", "math", "object", "embed", "form", "base", "meta", "link"}
REL = "nofollow ugc noopener"


def parse(markup):
    # rel as one string, not split into a list, so "exactly nofollow ugc noopener" can be checked.
    return BeautifulSoup(markup, "html.parser", multi_valued_attributes=None)


def top_level(soup):
    return [element.name for element in soup.find_all(True, recursive=False)]


def assert_safe(markup, *, links_have_href=True):
    """What the browser would build from ``markup`` holds no active content and only allowlisted HTML."""
    soup = parse(markup)
    elements = soup.find_all(True)
    names = {element.name for element in elements}
    assert not names & DANGEROUS_TAGS, markup
    assert names <= ALLOWED_TAGS, markup
    assert not soup.find_all(string=lambda node: isinstance(node, Comment)), markup
    for element in elements:
        assert not [name for name in element.attrs if name.lower().startswith("on")], markup
        allowed = {"href", "rel"} if element.name == "a" else set()
        assert set(element.attrs) <= allowed, markup
    for link in soup.find_all("a"):
        if links_have_href or link.has_attr("href"):
            assert link["href"].startswith(("http://", "https://")), markup
        assert link.get("rel") == REL, markup
    return soup


# Written out on purpose: each is a known way past a naive filter.
XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    "<scr\x00ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<img src="x" onerror="&#97;&#108;&#101;&#114;&#116;(1)">',
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<svg><p><style><img src=x onerror=alert(1)></style></p></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<div style="background-image: url(javascript:alert(1))">x</div>',
    '<p style="x" class="y" id="z">hi</p>',
    "<!-- <script>alert(1)</script> -->",
    "<!--><img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<template><script>alert(1)</script></template>",
    "<textarea></textarea><script>alert(1)</script>",
    "<xmp><script>alert(1)</script></xmp>",
    "<form><button formaction=javascript:alert(1)>x</button></form>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel=stylesheet href="javascript:alert(1)">',
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "javascript&#58;alert(1)",
    "javascript&#x3A;alert(1)",
    "<a href=javascript:alert(1)>x</a>",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="https://x.org" onclick="alert(1)">x</a>',
    '<a href="https://x.org" rel="opener">x</a>',
    'http://x.org/"onmouseover="alert(1)',
    "http://x.org/'onmouseover='alert(1)",
    "http://x.org/&quot;onmouseover=alert(1)",
    'https://x.org/"><script>alert(1)</script>',
    'www.x.org/"style="x:expression(alert(1))',
    "https://x.org/<script>alert(1)</script>",
    "www.x.org<img src=x onerror=alert(1)>",
    "https://x.org/`<img src=x onerror=alert(1)>`",
    "**<script>alert(1)</script>**",
    "*<img src=x onerror=alert(1)>*",
    '_<a href="javascript:alert(1)">x</a>_',
    "***<svg onload=alert(1)>***",
    "`<script>alert(1)</script>`",
    "> <script>alert(1)</script>",
    "- <img src=x onerror=alert(1)>",
    "1. <svg onload=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    # Placeholder characters the renderer uses internally must not be forgeable.
    "`<img src=x onerror=alert(1)>` \x020\x03 \x021\x03 https://x.org",
]


class TestParagraphs:
    def test_blank_line_separates_paragraphs(self):
        soup = parse(render_comment("Hello\n\nWorld"))
        assert [p.get_text() for p in soup.find_all("p")] == ["Hello", "World"]
        assert top_level(soup) == ["p", "p"]

    def test_single_newline_is_a_line_break(self):
        soup = parse(render_comment("first line\nsecond line"))
        paragraph = soup.find("p")
        assert len(soup.find_all("p")) == 1
        assert len(paragraph.find_all("br")) == 1
        assert [text.strip() for text in paragraph.find_all(string=True)] == ["first line", "second line"]

    def test_windows_newlines_are_normalised(self):
        soup = parse(render_comment("a\r\nb\r\n\r\nc"))
        assert [p.get_text().replace("\n", "") for p in soup.find_all("p")] == ["ab", "c"]
        assert len(soup.find_all("br")) == 1

    def test_many_blank_lines_count_as_one(self):
        soup = parse(render_comment("a\n\n\n\n\n   \n\t\nb"))
        assert [p.get_text() for p in soup.find_all("p")] == ["a", "b"]
        assert not soup.find("br")

    def test_surrounding_whitespace_is_stripped(self):
        soup = parse(render_comment("  \n\n  hello there \t\n\n  "))
        assert [p.get_text() for p in soup.find_all("p")] == ["hello there"]

    def test_control_characters_are_removed_but_tabs_kept(self):
        soup = parse(render_comment("a\x00b\x07c\x1bd\x7fe\tf"))
        assert soup.find("p").get_text() == "abcde\tf"

    def test_lone_surrogates_are_removed(self):
        assert parse(render_comment("a\ud800b")).find("p").get_text() == "ab"

    @pytest.mark.parametrize("text", ["", "   ", "\n\n\t \n", "\x00\x01\x1f", ">", "> \n>"])
    def test_empty_input_renders_nothing(self, text):
        assert render_comment(text) == ""

    def test_text_beyond_max_length_is_never_cut(self):
        # The form refuses it with a message; whatever reaches the renderer is rendered whole.
        soup = parse(render_comment("a" * (MAX_LENGTH + 100) + "z"))
        assert soup.find("p").get_text() == "a" * (MAX_LENGTH + 100) + "z"


class TestLinks:
    @pytest.mark.parametrize(
        ("text", "href"),
        [
            ("https://example.org", "https://example.org"),
            ("http://example.org/path?q=1#top", "http://example.org/path?q=1#top"),
            ("www.example.org", "https://www.example.org"),
            ("www.example.org/a/b", "https://www.example.org/a/b"),
            ("HTTPS://Example.org/X", "https://Example.org/X"),
            ("https://example.org:8080/p", "https://example.org:8080/p"),
            ("https://x.org/?a=1&b=2", "https://x.org/?a=1&b=2"),
            ("https://en.wikipedia.org/wiki/Conan_O'Brien", "https://en.wikipedia.org/wiki/Conan_O'Brien"),
            ("https://bücher.example/straße", "https://bücher.example/straße"),
        ],
    )
    def test_bare_addresses_become_links(self, text, href):
        soup = assert_safe(render_comment(f"Look: {text} now"))
        links = soup.find_all("a")
        assert len(links) == 1
        assert links[0]["href"] == href
        assert links[0]["rel"] == REL
        assert links[0].get_text() == text
        assert soup.find("p").get_text() == f"Look: {text} now"

    @pytest.mark.parametrize("punctuation", [".", ",", ")", "!", "?", ";", ":", "'", "...", "?!", "*", "_"])
    def test_trailing_punctuation_is_not_part_of_the_link(self, punctuation):
        soup = parse(render_comment(f"see https://example.org/page{punctuation}"))
        link = soup.find("a")
        assert link["href"] == "https://example.org/page"
        assert link.next_sibling == punctuation

    def test_underscores_in_address_are_not_emphasis_and_final_period_is_outside(self):
        soup = assert_safe(render_comment("See https://example.org/a_b_c."))
        assert not soup.find("em")
        link = soup.find("a")
        assert link["href"] == "https://example.org/a_b_c"
        assert link.get_text() == "https://example.org/a_b_c"
        assert link.next_sibling == "."
        assert soup.find("p").get_text() == "See https://example.org/a_b_c."

    def test_balanced_parentheses_stay_in_the_address(self):
        soup = assert_safe(render_comment("(https://en.wikipedia.org/wiki/Foo_(bar))"))
        link = soup.find("a")
        assert link["href"] == "https://en.wikipedia.org/wiki/Foo_(bar)"
        assert link.previous_sibling == "("
        assert link.next_sibling == ")"
        assert not soup.find("em")

    def test_quote_ends_the_address(self):
        soup = assert_safe(render_comment('http://x.org/"onmouseover="alert(1)'))
        link = soup.find("a")
        assert link["href"] == "http://x.org/"
        assert link.attrs == {"href": "http://x.org/", "rel": REL}
        assert link.next_sibling == '"onmouseover="alert(1)'

    def test_angle_bracket_ends_the_address(self):
        soup = assert_safe(render_comment("<https://x.org/a>"))
        assert soup.find("a")["href"] == "https://x.org/a"
        assert soup.find("p").get_text() == "<https://x.org/a>"

    def test_several_links_in_one_line(self):
        soup = assert_safe(render_comment("https://a.example and www.b.example, or http://c.example."))
        assert [a["href"] for a in soup.find_all("a")] == [
            "https://a.example",
            "https://www.b.example",
            "http://c.example",
        ]

    @pytest.mark.parametrize(
        "text",
        [
            "http://",
            "https://.",
            "www.",
            "http://(((",
            "ftp://example.org",
            "mailto:someone@example.org",
            "someone@www.example.org",
            "http://user:password@example.org",
            "xhttp://example.org",
            "javascript:alert(1)//https://x.org",
            "[click](javascript:alert(1))",
            "![image](https://x.org/i.png)",
        ],
    )
    def test_other_text_is_not_linked(self, text):
        soup = assert_safe(render_comment(text))
        for link in soup.find_all("a"):
            # Only a real address found inside the text may be linked, and then with itself as link text.
            assert link.get_text() == link["href"]
        if "https://x.org" not in text:
            assert not soup.find("a")
        assert soup.find("p").get_text() == text

    def test_markdown_link_syntax_is_not_supported(self):
        soup = assert_safe(render_comment("[text](https://x.org)"))
        link = soup.find("a")
        assert link["href"] == "https://x.org"
        assert link.get_text() == "https://x.org"
        assert soup.find("p").get_text() == "[text](https://x.org)"


class TestInlineFormatting:
    @pytest.mark.parametrize(
        ("text", "tag"),
        [("*word*", "em"), ("_word_", "em"), ("**word**", "strong"), ("`word`", "code")],
    )
    def test_markers_produce_elements(self, text, tag):
        soup = parse(render_comment(f"a {text} b"))
        paragraph = soup.find("p")
        element = paragraph.find(tag)
        assert element.get_text() == "word"
        assert element.parent is paragraph
        assert paragraph.get_text() == "a word b"

    def test_triple_stars_are_emphasis_and_strong(self):
        soup = parse(render_comment("***both***"))
        assert soup.select_one("p > em > strong").get_text() == "both"

    def test_emphasis_inside_strong(self):
        soup = parse(render_comment("**bold *and* more**"))
        strong = soup.find("strong")
        assert strong.get_text() == "bold and more"
        assert strong.find("em").get_text() == "and"

    def test_nothing_is_formatted_inside_code(self):
        soup = parse(render_comment("`*a* **b** _c_ https://x.org <i>`"))
        code = soup.find("code")
        assert code.get_text() == "*a* **b** _c_ https://x.org <i>"
        assert not code.find_all(True)
        assert not soup.find("a")

    def test_formatting_around_links(self):
        soup = assert_safe(render_comment("**https://x.org/a_b** _www.x.org_"))
        assert soup.select_one("strong > a")["href"] == "https://x.org/a_b"
        assert soup.select_one("em > a")["href"] == "https://www.x.org"

    def test_code_and_link_inside_emphasis(self):
        soup = assert_safe(render_comment("*see `x` at https://x.org*"))
        em = soup.find("em")
        assert em.find("code").get_text() == "x"
        assert em.find("a")["href"] == "https://x.org"

    @pytest.mark.parametrize(
        "text",
        [
            "snake_case_name",
            "2*3*4",
            "x**y**",
            "x * not emphasis *",
            "*not closed",
            "**not closed",
            "_not closed",
            "`not closed",
            "__double underscores__",
            "a * b * c",
        ],
    )
    def test_unmatched_or_intraword_markers_stay_as_typed(self, text):
        soup = parse(render_comment(text))
        assert not soup.find_all(["em", "strong", "code"])
        assert soup.find("p").get_text() == text

    def test_emphasis_does_not_cross_lines(self):
        soup = parse(render_comment("*a\nb* **c\nd** `e\nf`"))
        assert not soup.find_all(["em", "strong", "code"])

    def test_improperly_nested_markers_give_well_nested_html(self):
        markup = render_comment("*a **b* c**")
        soup = parse(markup)
        assert soup.find("strong").get_text() == "b* c"
        assert not soup.find("em")
        assert soup.find("p").get_text() == "*a b* c"


class TestBlocks:
    def test_consecutive_quoted_lines_form_one_quote_of_paragraphs(self):
        soup = parse(render_comment("> first\n> still first\n>\n> second\n\nafter"))
        assert top_level(soup) == ["blockquote", "p"]
        quote = soup.find("blockquote")
        paragraphs = quote.find_all("p", recursive=False)
        assert len(paragraphs) == 2
        assert len(paragraphs[0].find_all("br")) == 1
        assert paragraphs[1].get_text() == "second"
        assert soup.find_all("p")[-1].get_text() == "after"

    def test_blank_line_separates_quotes(self):
        soup = parse(render_comment("> one\n\n> two"))
        assert top_level(soup) == ["blockquote", "blockquote"]

    def test_quote_holds_paragraphs_only(self):
        soup = parse(render_comment("> - item\n> > nested"))
        quote = soup.find("blockquote")
        assert not quote.find_all(["ul", "blockquote"])
        assert quote.find("p").get_text().replace("\n", "") == "- item> nested"

    def test_formatting_inside_quote(self):
        soup = assert_safe(render_comment("> *said* https://x.org"))
        assert soup.select_one("blockquote > p > em").get_text() == "said"
        assert soup.select_one("blockquote > p > a")["href"] == "https://x.org"

    def test_greater_than_without_space_is_text(self):
        soup = parse(render_comment(">not a quote"))
        assert not soup.find("blockquote")
        assert soup.find("p").get_text() == ">not a quote"

    def test_bulleted_list(self):
        soup = parse(render_comment("- one\n* two\n- *three*"))
        assert top_level(soup) == ["ul"]
        items = soup.select("ul > li")
        assert [li.get_text() for li in items] == ["one", "two", "three"]
        assert items[2].find("em").get_text() == "three"

    def test_numbered_list(self):
        soup = parse(render_comment("1. one\n2. two\n10. ten"))
        assert top_level(soup) == ["ol"]
        assert [li.get_text() for li in soup.select("ol > li")] == ["one", "two", "ten"]
        assert soup.find("ol").attrs == {}

    def test_lists_interrupt_and_end_paragraphs(self):
        soup = parse(render_comment("My list:\n- a\n- b\n1. c\nThanks"))
        assert top_level(soup) == ["p", "ul", "ol", "p"]
        assert soup.find_all("p")[-1].get_text() == "Thanks"

    def test_links_in_list_items(self):
        soup = assert_safe(render_comment("- https://x.org/a.\n- www.y.org"))
        assert [a["href"] for a in soup.select("ul > li > a")] == ["https://x.org/a", "https://www.y.org"]

    @pytest.mark.parametrize("text", ["# Heading", "## Heading", "---", "    indented code", "| a | b |"])
    def test_unsupported_markdown_is_text(self, text):
        soup = parse(render_comment(text))
        assert top_level(soup) == ["p"]
        assert not soup.find("p").find_all(True)
        assert soup.find("p").get_text() == text.strip()


class TestTypedHtmlIsText:
    def test_tags_are_shown_literally(self):
        soup = parse(render_comment("<b>hi</b> & <i>there</i>"))
        assert not soup.find_all(["b", "i"])
        assert soup.find("p").get_text() == "<b>hi</b> & <i>there</i>"

    def test_entities_are_shown_literally(self):
        soup = parse(render_comment("&amp; &lt;b&gt; &#58; &quot;"))
        assert soup.find("p").get_text() == "&amp; &lt;b&gt; &#58; &quot;"

    def test_entity_encoded_scheme_is_text(self):
        soup = assert_safe(render_comment("javascript&#58;alert(1)"))
        assert not soup.find("a")
        assert soup.find("p").get_text() == "javascript&#58;alert(1)"


class TestXssVectors:
    @pytest.mark.parametrize("vector", XSS_VECTORS)
    def test_vector_is_harmless(self, vector):
        assert_safe(render_comment(vector))

    @pytest.mark.parametrize("vector", [vector for vector in XSS_VECTORS if "<" in vector])
    def test_typed_markup_is_shown_not_removed(self, vector):
        # Escaped, not stripped: every "<" the visitor typed is still there, as text.
        soup = parse(render_comment(vector))
        assert soup.get_text().count("<") == vector.count("<")

    def test_vectors_inside_every_construct(self):
        payload = "<img src=x onerror=alert(1)><script>alert(1)</script>"
        text = f"*{payload}* **{payload}** `{payload}`\n\n> {payload}\n\n- {payload}\n1. {payload}"
        soup = assert_safe(render_comment(text))
        assert top_level(soup) == ["p", "blockquote", "ul", "ol"]
        assert soup.get_text().count("<") == text.count("<")


class TestDefenceInDepth:
    """Each layer alone keeps the vectors harmless, so a bug in one is not yet a hole."""

    @pytest.mark.parametrize("vector", XSS_VECTORS)
    def test_escaping_alone_is_safe(self, vector, monkeypatch):
        monkeypatch.setattr(sanitize, "nh3", types.SimpleNamespace(clean=lambda markup, **options: markup))
        assert_safe(render_comment(vector))

    @pytest.mark.parametrize("vector", XSS_VECTORS)
    def test_allowlist_alone_is_safe(self, vector, monkeypatch):
        monkeypatch.setattr(sanitize, "html", types.SimpleNamespace(escape=lambda text: text))
        # Without escaping, a typed <a href="javascript:..."> reaches nh3, which keeps the tag but drops the href.
        assert_safe(render_comment(vector), links_have_href=False)

    @pytest.mark.parametrize(
        "text",
        [
            "Hello\n\nWorld\nagain",
            "*a* _b_ **c** ***d*** `e<f>`",
            "See https://example.org/a_b_c. and (https://en.wikipedia.org/wiki/Foo_(bar)) & www.x.org?q=1&r='2'",
            "> quote\n>\n> more\n\n- a\n- b\n\n1. c",
            "<b>typed</b> \"quotes\" 'apostrophes'",
        ],
    )
    def test_allowlist_changes_nothing_in_renderer_output(self, text, monkeypatch):
        expected = parse(render_comment(text)).decode()
        monkeypatch.setattr(sanitize, "nh3", types.SimpleNamespace(clean=lambda markup, **options: markup))
        assert parse(render_comment(text)).decode() == expected


class TestPathologicalInput:
    """Inputs built to make regular expressions backtrack: they must simply render (no timing assertion)."""

    @pytest.mark.parametrize(
        ("text", "expected_text"),
        [
            ("*" * 5000, "*" * 5000),
            ("*" + "a" * 4999, "*" + "a" * 4999),
            ("**" + "a" * 4998, "**" + "a" * 4998),
            ("***" + "a" * 4997, "***" + "a" * 4997),
            ("_" + "a " * 2498 + "_a", "_" + "a " * 2498 + "_a"),
            ("`" + "a" * 4999, "`" + "a" * 4999),
            ("_a" * 2500, "_a" * 2500),
            ("_ " * 2500, ("_ " * 2500).strip()),
            ("*a " * 1666, ("*a " * 1666).strip()),
            ("**a " * 1250, ("**a " * 1250).strip()),
            ("`" * 5000, "`" * 5000),
            ("http://" + "(" * 4000, "http://" + "(" * 4000),
            ("http://x.org" + ")" * 4980, "http://x.org" + ")" * 4980),
            ("http://x.org/" + "." * 4980, "http://x.org/" + "." * 4980),
            ("https://" + "a." * 2496, "https://" + "a." * 2496),
            ("www." * 1250, "www." * 1250),
            ("> " * 2500, ("> " * 2499).strip()),
            (" " * 4999 + "x", "x"),
            ("<" * 5000, "<" * 5000),
            ("&#" * 2500, "&#" * 2500),
        ],
    )
    def test_completes(self, text, expected_text):
        output = render_comment(text)
        assert isinstance(output, str)
        soup = assert_safe(output)
        assert soup.get_text().replace("\n", "") == expected_text

    def test_many_short_lines_complete(self):
        output = render_comment("- *a*\n> _b_\n" * 416)
        assert isinstance(output, str)
        soup = assert_safe(output)
        assert len(soup.find_all("em")) == 832

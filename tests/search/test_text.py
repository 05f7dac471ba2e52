"""Unit tests of ``search.text``: the analysis shared by indexing and querying (no database needed)."""

import pytest

from search.text import analysed, fold, highlight, plain_words, term, terms, tokens

# Terms ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "words", "expected"),
    [
        ("fr", ["cheval", "chevaux"], "cheval"),
        ("fr", ["vélo", "velos", "vélos"], "velo"),
        ("de", ["Fahrräder", "Fahrrad"], "fahrrad"),
        ("es", ["ciudad", "ciudades"], "ciud"),
        ("ar", ["الدراجات", "دراجة"], "دراج"),
        ("en", ["cycling", "cycles"], "cycl"),
    ],
    ids=["fr-cheval", "fr-velo", "de-fahrrad", "es-ciudad", "ar-bicycle", "en-cycl"],
)
def test_inflected_forms_of_a_word_share_one_term(language, words, expected):
    assert [term(word, language) for word in words] == [expected] * len(words)
    assert terms(" ".join(words), language) == [expected] * len(words)


def test_words_of_different_stems_stay_apart():
    assert term("cheval", "fr") != term("vélo", "fr")
    assert terms("winter cycling", "en") == ["winter", "cycl"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Vélo", "velo"),
        ("CAFÉ", "cafe"),
        ("naïve", "naive"),
        ("Ça", "ca"),
        ("Ñandú", "nandu"),
        ("Fahrräder", "fahrrader"),
    ],
)
def test_fold_lower_cases_and_removes_accents(word, expected):
    assert fold(word) == expected


def test_fold_keeps_letters_of_scripts_without_a_latin_form():
    assert fold("دراجة") == "دراجة"
    assert fold("Велосипед") == "велосипед"


@pytest.mark.parametrize("language", ["ja", "pt", ""])
def test_languages_without_a_stemmer_are_only_folded(language):
    assert terms("Vélos Cycling", language) == ["velos", "cycling"]


def test_accented_and_unaccented_queries_meet():
    assert terms("Vélos électriques", "fr") == terms("velos electriques", "fr")


# CJK -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("自転車", ["自転", "転車"]),
        ("車", ["車"]),
        ("自転車 車", ["自転", "転車", "車"]),
        ("東京の自転車", ["東京", "京の", "の自", "自転", "転車"]),
    ],
)
def test_japanese_is_indexed_as_overlapping_character_pairs(text, expected):
    assert terms(text, "ja") == expected


def test_cjk_is_split_into_pairs_whatever_the_language():
    assert terms("自転車", "en") == ["自転", "転車"]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("abc自転車def", "en", ["abc", "自転", "転車", "def"]),
        ("東京2020年", "ja", ["東京", "2020", "年"]),
        ("Cycling自転車", "en", ["cycl", "自転", "転車"]),
    ],
)
def test_a_word_mixing_scripts_is_split_at_the_script_change(text, language, expected):
    assert terms(text, language) == expected


def test_tokens_flag_cjk_runs():
    assert list(tokens("abc自転車def")) == [("abc", False), ("自転車", True), ("def", False)]


# Word splitting and query syntax -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("foo_bar", ["foo", "bar"]),
        ("foo, bar! baz-qux", ["foo", "bar", "baz", "qux"]),
        ("x.y/z", ["x", "y", "z"]),
        ("route 66", ["rout", "66"]),
    ],
)
def test_underscores_and_punctuation_split_words(text, expected):
    assert terms(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"(*:', []),
        ("", []),
        (None, []),
        ("  \t\n ", []),
        ("title:[a TO", ["titl", "a", "to"]),
        ("a OR b AND NOT c*", ["a", "or", "b", "and", "not", "c"]),
        ('"cycling" -winter^2 ~3', ["cycl", "winter", "2", "3"]),
        ("MATCH('x') --; DROP", ["match", "x", "drop"]),
    ],
)
def test_query_syntax_leaves_only_letters_and_digits(text, expected):
    assert terms(text, "en") == expected


def test_analysed_joins_the_terms_with_spaces():
    assert analysed("Les chevaux, les vélos!", "fr") == "le cheval le velo"
    assert analysed('"(*:', "fr") == ""


# plain_words ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vélos de Ville", ["velos", "de", "ville"]),
        ("Cycling cycles", ["cycling", "cycles"]),
        ("自転車", ["自転", "転車"]),
        ("車", ["車"]),
        ("café_au lait", ["cafe", "au", "lait"]),
        ('title:[a TO "(*:', ["title", "a", "to"]),
        ("", []),
        (None, []),
    ],
)
def test_plain_words_are_folded_but_not_stemmed(text, expected):
    assert plain_words(text) == expected


# highlight -----------------------------------------------------------------------------------


def test_highlight_escapes_html_and_produces_only_mark_tags():
    html, matched = highlight('<script>alert("x")</script> & cycling', terms("cycling", "en"), "en")
    assert html == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <mark>cycling</mark>"
    assert matched is True
    assert "<" not in html.replace("<mark>", "").replace("</mark>", "")


def test_highlight_escapes_a_matched_word_inside_its_mark():
    html, _matched = highlight("<b>cycling</b>", ["cycl"], "en")
    assert html == "&lt;b&gt;<mark>cycling</mark>&lt;/b&gt;"


@pytest.mark.parametrize(
    ("text", "query", "language", "expected"),
    [
        ("I like cycles and bikes", "cycling", "en", "I like <mark>cycles</mark> and bikes"),
        ("Cycling, cycles, cyclists", "cycling", "en", "<mark>Cycling</mark>, <mark>cycles</mark>, cyclists"),
        ("Des chevaux et un cheval", "cheval", "fr", "Des <mark>chevaux</mark> et un <mark>cheval</mark>"),
        ("Mon Vélo", "velo", "fr", "Mon <mark>Vélo</mark>"),
        ("Zwei Fahrräder", "Fahrrad", "de", "Zwei <mark>Fahrräder</mark>"),
        ("Las ciudades", "ciudad", "es", "Las <mark>ciudades</mark>"),
    ],
)
def test_highlight_marks_only_the_words_that_match(text, query, language, expected):
    assert highlight(text, terms(query, language), language) == (expected, True)


def test_highlight_without_a_match():
    assert highlight("Nothing & here", ["cycl"], "en") == ("Nothing &amp; here", False)
    assert highlight(None, ["cycl"], "en") == ("", False)
    assert highlight("Cycling", [], "en") == ("Cycling", False)


@pytest.mark.parametrize(
    ("query_terms", "expected"),
    [
        (["自転"], "東京の<mark>自転</mark>車が好き"),
        (["自転", "転車"], "東京の<mark>自転車</mark>が好き"),
        (["東京", "車が"], "<mark>東京</mark>の自転<mark>車が</mark>好き"),
        (["京都"], "東京の自転車が好き"),
    ],
)
def test_highlight_marks_only_the_cjk_characters_of_matched_pairs(query_terms, expected):
    html, matched = highlight("東京の自転車が好き", query_terms, "ja")
    assert html == expected
    assert matched is (expected != "東京の自転車が好き")


def test_highlight_marks_a_single_cjk_character():
    assert highlight("車 と 自転車", terms("車", "ja"), "ja") == ("<mark>車</mark> と 自転車", True)


def test_highlight_of_japanese_query_terms_in_a_japanese_sentence():
    html, matched = highlight("冬の自転車通勤", terms("自転車", "ja"), "ja")
    assert html == "冬の<mark>自転車</mark>通勤"
    assert matched is True


# highlight windows ---------------------------------------------------------------------------


def test_highlight_window_cuts_with_ellipses_and_keeps_the_first_match():
    text = "word " * 30 + "cycling is fun " + "more " * 30
    html, matched = highlight(text, ["cycl"], "en", length=60)
    assert html == "…word word word <mark>cycling</mark> is fun more more more more more more…"
    assert matched is True


def test_highlight_window_at_the_start_has_only_a_trailing_ellipsis():
    html, matched = highlight("cycling " + "x " * 50, ["cycl"], "en", length=20)
    assert html == "<mark>cycling</mark> x x x x x x…"
    assert matched is True


def test_highlight_window_without_a_match_starts_at_the_beginning():
    text = "alpha beta gamma delta epsilon zeta eta theta"
    assert highlight(text, ["cycl"], "en", length=20) == ("alpha beta gamma…", False)


def test_highlight_window_is_not_applied_to_short_text():
    assert highlight("short cycling text", ["cycl"], "en", length=100) == ("short <mark>cycling</mark> text", True)


def test_highlight_window_escapes_the_text_it_keeps():
    text = "a < b " * 20 + "cycling & more " + "x " * 40
    html, matched = highlight(text, ["cycl"], "en", length=40)
    assert html == "…a &lt; b a &lt; b <mark>cycling</mark> &amp; more x x x x x x…"
    assert matched is True

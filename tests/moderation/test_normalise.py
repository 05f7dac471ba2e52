"""Unit tests of ``townsquare.text``: each normalisation step the word rules and search share."""

import pytest

from townsquare.text import entry_words, fold, inflects, skeleton, spellings, stem, words


def spelled(text):
    """Every reading of every word of ``text``, word by word."""
    return [list(word.spellings) for word in words(skeleton(text))]


# fold: what search and the word rules both start from ---------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CASINO", "casino"),  # case
        ("Straße", "strasse"),  # case folding, not only lower-casing
        ("ｃａｓｉｎｏ", "casino"),  # fullwidth
        ("𝐜𝐚𝐬𝐢𝐧𝐨", "casino"),  # mathematical bold
        ("𝒸𝒶𝓈𝒾𝓃ℴ", "casino"),  # mathematical script
        ("ⓒⓐⓢⓘⓝⓞ", "casino"),  # circled
        ("ﬁne", "fine"),  # ligature
    ],
    ids=["case", "casefold", "fullwidth", "math-bold", "math-script", "circled", "ligature"],
)
def test_fold_applies_nfkc_and_case_folding(text, expected):
    assert fold(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "cas\u200bino",  # zero-width space
        "ca\u200dsino",  # zero-width joiner
        "ca\u200csino",  # zero-width non-joiner
        "cas\u00adino",  # soft hyphen
        "casi\u2060no",  # word joiner
        "\u202acasino\u202c",  # left-to-right embedding
        "cas\ufeffino",  # byte order mark
    ],
    ids=["zwsp", "zwj", "zwnj", "shy", "word-joiner", "embedding", "bom"],
)
def test_fold_removes_format_characters(text):
    assert fold(text) == "casino"


@pytest.mark.parametrize(
    "text",
    ["cásíno", "c\u0301asino", "ca\u0338sino", "cas\u034fino", "çasïnô", "casino\ufe0f"],
    ids=["precomposed", "combining-acute", "overlay", "grapheme-joiner", "mixed", "variation-selector"],
)
def test_fold_removes_combining_marks(text):
    assert fold(text) == "casino"


def test_fold_keeps_letters_of_other_scripts():
    # Search needs Cyrillic, Arabic and Japanese as they are: only the word rules read look-alikes.
    assert fold("Велосипед") == "велосипед"
    assert fold("دراجة") == "دراجة"
    assert fold("自転車") == "自転車"


# skeleton: look-alike letters and overrides --------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["саsinо", "cαsinο", "саѕіnо", "CАSINО", "caѕıno"],
    ids=["cyrillic", "greek", "all-cyrillic", "cyrillic-capitals", "dotless-i"],
)
def test_skeleton_reads_latin_look_alikes_as_latin(text):
    assert skeleton(text) == "casino"


def test_skeleton_leaves_the_sites_other_scripts_alone():
    assert skeleton("دراجة") == "دراجة"
    assert skeleton("バカ") == fold("バカ")  # folded as search folds it, no letter read as Latin


def test_skeleton_reads_a_right_to_left_override_in_the_order_shown():
    shown = skeleton("Try the \u202eonisac\u202c tonight")
    assert "casino" in shown.split()
    assert skeleton("\u202donisac\u202c") == "onisac"  # a left-to-right override shows what was typed
    assert skeleton("\u202ecasino") == "onisac\ncasino"  # shown and typed orders are both read


def test_text_without_an_override_is_unchanged_by_the_override_step():
    assert skeleton("casino royale") == "casino royale"


# spellings: digits and symbols for letters ---------------------------------------------------


@pytest.mark.parametrize(
    ("word", "reading"),
    [
        ("cas1no", "casino"),
        ("1oser", "loser"),
        ("c4s1n0", "casino"),
        ("m3rde", "merde"),
        ("c@sino", "casino"),
        ("ca$ino", "casino"),
        ("5h17", "shit"),
        ("sh!t", "shit"),
    ],
)
def test_digits_and_symbols_are_read_as_letters(word, reading):
    assert reading in [spelling for spellings_ in spelled(word) for spelling in spellings_]


def test_the_written_form_is_always_one_of_the_readings():
    assert spellings("mp3")[0] == "mp3"
    assert spellings("covid19")[0] == "covid19"


def test_numbers_are_not_read_as_words():
    assert spellings("2024") == ("2024",)
    assert spellings("505") == ("505",)
    assert spelled("$5 and 10 €") == [["$5"], ["and"], ["10"]]


def test_an_exclamation_mark_ending_a_word_is_punctuation():
    assert spelled("You ass!") == [["you"], ["ass"]]


# words: spelled-out letters ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["c a s i n o", "c.a.s.i.n.o", "c-a-s-i-n-o", "c_a_s_i_n_o", "c . a . s . i . n . o", "c*a*s*i*n*o"],
)
def test_single_letters_separated_by_spaces_or_punctuation_are_one_word(text):
    assert spelled(f"Try the {text} now") == [["try"], ["the"], ["casino"], ["now"]]


def test_two_single_letters_stay_apart_and_lines_separate_words():
    assert spelled("a b test") == [["a"], ["b"], ["test"]]
    assert [word.spellings[0] for word in words(skeleton("c a s\ni n o"))] == ["cas", "ino"]


def test_word_positions_are_in_the_skeleton_text():
    text = skeleton("Hello c a s i n o")
    [hello, casino] = words(text)
    assert (hello.start, casino.start) == (0, text.index("c a s"))


# stems and word forms ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "word", "entry"),
    [
        ("en", "casinos", "casino"),
        ("en", "fucking", "fuck"),
        ("en", "shitting", "shit"),
        ("fr", "merdes", "merde"),
        ("fr", "connards", "connard"),
        ("de", "arsche", "arsch"),  # "Ärsche", folded
        ("de", "kasinos", "kasino"),  # a plural the German stemmer keeps apart
        ("es", "cabrones", "cabron"),
        ("es", "mierdas", "mierda"),
    ],
)
def test_plural_and_inflected_forms_match_their_entry(language, word, entry):
    assert inflects(word, entry, language)


@pytest.mark.parametrize(
    ("language", "word", "entry"),
    [
        ("en", "class", "ass"),
        ("en", "assess", "ass"),
        ("en", "assume", "ass"),
        ("en", "cocktail", "cock"),
        ("en", "hello", "hell"),
        ("en", "therapist", "rapist"),
        ("fr", "conte", "con"),
        ("fr", "second", "con"),
        ("de", "marsch", "arsch"),
        ("es", "pollo", "polla"),  # same stem, another word
        ("es", "putativo", "puta"),
        ("es", "con", "coño"),
    ],
)
def test_other_words_do_not_match_an_entry_they_contain(language, word, entry):
    assert not inflects(word, entry, language)


def test_stems_are_searchs_stems():
    from search.text import term

    for word, language in [("chevaux", "fr"), ("vélos", "fr"), ("Fahrräder", "de"), ("ciudades", "es")]:
        assert stem(fold(word), language) == term(word, language)


def test_entries_are_normalised_like_text():
    assert entry_words("Money  Back") == ["money", "back"]
    assert entry_words("Cabrón") == ["cabron"]
    assert entry_words("  ") == []


def test_stemming_from_many_threads_at_once_gives_each_word_its_own_stem():
    """A server's threads stem at the same time: no thread sees another's word (nor fails on it)."""
    import threading

    words_to_stem = [
        f"{base}{ending}"
        for base in ("organis", "national", "relat", "cycl")
        for ending in ("ational", "izations", "ings", "ed")
    ]
    expected = {word: stem.__wrapped__(word, "en") for word in words_to_stem}
    results, errors = [], []

    def work():
        try:
            for _ in range(300):
                for word in words_to_stem:
                    results.append(stem.__wrapped__(word, "en") == expected[word])
        except Exception as error:  # an IndexError from a stemmer shared between threads
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(results) == 8 * 300 * len(words_to_stem)
    assert all(results)

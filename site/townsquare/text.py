"""Text normalisation shared by the comment policy's word rules and by search.

Two levels, one built on the other:

* ``fold(text)``: what search indexes and what every word rule starts from. Format characters
  (Unicode category Cf: zero-width space and joiner, soft hyphen, bidirectional overrides) are
  removed, then NFKC (fullwidth and mathematical letters become plain ones), case folding, and
  combining marks removed ("cásino", "c̸asino" become "casino"). Letters of other scripts stay.
* ``words(text, language)``: what word rules compare, a ``Word`` per word of the text. On top of
  ``fold``: text written under a right-to-left override is read in the order it is shown;
  letters that look like Latin ones (Cyrillic "а", Greek "ο", "ℂ"...) become those, from the
  Unicode confusables table (the ``confusable-homoglyphs`` package ships it); digits and symbols
  standing for letters ("cas1no", "c@sino") give extra spellings; single letters separated by
  spaces or punctuation ("c a s i n o", "c.a.s.i.n.o") are read as one word.

``stem(word, language)`` is the Snowball stemmer search uses, so that word rules match the
plural and inflected forms of a word ("casinos", "merdes", "Ärsche") as search finds them.
"""

import itertools
import json
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import confusable_homoglyphs
import snowballstemmer
from confusable_homoglyphs.categories import alias

STEMMERS = {"en": "english", "fr": "french", "de": "german", "es": "spanish", "ar": "arabic"}
PLURAL_S = {"fr", "es"}

# Scripts of the site's other languages: their letters are never read as Latin look-alikes.
NATIVE_SCRIPTS = {"ARABIC", "HIRAGANA", "KATAKANA", "CJK", "HAN", "HANGUL"}

# Digits and symbols written for letters; "1" and "|" stand for "i" or "l".
LEET = {
    "0": "o",
    "1": "il",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "8": "b",
    "9": "g",
    "@": "a",
    "$": "s",
    "!": "i",
    "|": "li",
}
# IPA extensions, phonetic extensions, Latin extended-D: where Unicode keeps its small capitals.
SMALL_CAPITAL_BLOCKS = (range(0x0250, 0x02B0), range(0x1D00, 0x1D80), range(0xA720, 0xA800))
MAX_SPELLINGS = 8  # of one word with ambiguous digits: enough for "1" in three places

# A word: letters and digits, "@" and "$" anywhere in it, "!" and "|" only inside it.
WORD = re.compile(r"(?:[^\W_]|[@$]|(?:(?<=[^\W_])|(?<=[@$]))[!|](?=[^\W_]|[@$]))+")
# Between the letters of one spelled-out word: a few spaces or punctuation, no line break.
LETTER_GAP = re.compile(r"(?:[^\w\n]|_){1,3}")
OVERRIDE = re.compile(r"\u202e([^\u202c\n]*)\u202c?")  # right-to-left override, to its end


# A Snowball stemmer keeps the word it is working on in itself: one per thread, never shared
# between the threads of a server process (a shared one stems one request's word with another's).
_local = threading.local()


def _stemmer(language):
    algorithm = STEMMERS.get(language)
    if algorithm is None:
        return None
    stemmers = _local.__dict__.setdefault("stemmers", {})
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(algorithm)
    return stemmers[language]


def fold(text):
    """``text`` without format characters, NFKC-normalised, case-folded and without combining marks."""
    text = "".join(char for char in text or "" if unicodedata.category(char) != "Cf")
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    kept = "".join(char for char in decomposed if unicodedata.category(char) not in ("Mn", "Me"))
    return unicodedata.normalize("NFC", kept)


@lru_cache(maxsize=50_000)
def stem(word, language):
    """The Snowball stem of a folded ``word`` in ``language`` (the word itself without a stemmer)."""
    stemmer = _stemmer(language)
    if stemmer is None:
        return word
    if language in PLURAL_S and len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]  # "vélos", "ciudades": Snowball keeps some plurals apart from their singular
    # Stem to a fixed point: Snowball's stem of a plural can be the singular, whose stem is shorter.
    for _ in range(3):
        stemmed = stemmer.stemWord(word)
        if stemmed == word:
            break
        word = stemmed
    return word


def _latin(glyph, table, seen=()):
    """The ASCII letter or digit ``glyph`` is (accents aside), or that one of its own look-alikes is."""
    folded = fold(glyph)
    if len(folded) == 1 and folded.isascii() and folded.isalnum():
        return folded
    # The table's prototype for some letters is a small capital ("κ" looks like "ᴋ"): that is a "k".
    name = unicodedata.name(glyph, "") if len(glyph) == 1 else ""
    if name.startswith("LATIN LETTER SMALL CAPITAL ") and len(name.rsplit(" ", 1)[1]) == 1:
        return name[-1].lower()
    if len(seen) < 2:  # "κ" looks like "ĸ", which looks like "k"
        for homoglyph in table.get(glyph, ()):
            if homoglyph["c"] not in seen and (latin := _latin(homoglyph["c"], table, (*seen, glyph))):
                return latin
    return None


@cache
def _confusables():
    """{character: the Latin letter or digit it looks like}, for characters of other scripts."""
    path = Path(confusable_homoglyphs.__file__).parent / "confusables.json"
    table = json.loads(path.read_text(encoding="utf-8"))
    latin = {}
    # Small capitals ("ᴄᴀꜱɪɴᴏ") are in the table only as what other letters look like.
    small_capitals = (chr(code) for block in SMALL_CAPITAL_BLOCKS for code in block)
    for char in itertools.chain(table, small_capitals):
        if len(char) != 1 or char.isascii() or alias(char) in NATIVE_SCRIPTS:
            continue
        if found := _latin(char, table):
            latin[ord(char)] = found
    return latin


def _shown_order(text):
    """``text`` as it is shown: what a right-to-left override wraps, reversed."""
    return OVERRIDE.sub(lambda match: match.group(1)[::-1], text)


def skeleton(text):
    """``fold`` plus Latin look-alikes read as Latin; overrides read in the order shown."""
    if "\u202e" in text:
        text = f"{_shown_order(text)}\n{text}"  # both orders: what is shown and what was typed
    return fold(text).translate(_confusables())


@lru_cache(maxsize=50_000)
def spellings(word):
    """The ways to read one skeleton word: as written, and with digits and symbols read as letters."""
    has_letter = any(char.isalpha() for char in word)
    if not any(char in LEET for char in word) or (not has_letter and any(char.isdigit() for char in word)):
        return (word,)  # a number is read as a number: "455" and "$5" are no words, "@$$" is
    choices = [LEET.get(char, char) for char in word]
    readings = []
    for reading in itertools.islice(itertools.product(*choices), MAX_SPELLINGS):
        readings.append("".join(reading))
    # "1" in many places: add the uniform readings the first combinations may have missed.
    for letter_i in ("i", "l"):
        readings.append("".join(letter_i if char in "1|" else LEET.get(char, char)[0] for char in word))
    return tuple(dict.fromkeys([word, *readings]))


@dataclass(frozen=True)
class Word:
    start: int  # in the skeleton text
    spellings: tuple


def words(text):
    """The words of ``skeleton(text)`` in order; spelled-out single letters joined into one word."""
    found = []
    run = []  # single-character words separated by short gaps

    def flush():
        if len(run) >= 3:
            found.append((run[0].start(), "".join(match.group() for match in run)))
        else:
            found.extend((match.start(), match.group()) for match in run)
        run.clear()

    for match in WORD.finditer(text):
        if len(match.group()) == 1 and (
            not run or LETTER_GAP.fullmatch(text[run[-1].end() : match.start()]) is not None
        ):
            run.append(match)
            continue
        flush()
        if len(match.group()) == 1:
            run.append(match)
        else:
            found.append((match.start(), match.group()))
    flush()
    return [Word(start, spellings(word)) for start, word in found]


def entry_words(entry):
    """The skeleton words of a moderator's plain entry ("money back" is two words)."""
    return [match.group() for match in re.finditer(r"[^\W_]+", skeleton(entry))]


def inflects(word, entry_word, language):
    """True when ``word`` is ``entry_word`` or one of its forms (both skeleton words)."""
    if word == entry_word:
        return True
    if not word.startswith(entry_word):
        return False  # "pollo" is no form of "polla", whatever their stems
    if word[len(entry_word) :] in ("s", "es"):
        return True
    return stem(word, language) == stem(entry_word, language)

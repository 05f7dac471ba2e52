"""Text analysis for the database search backend: the same words on the way in and on the way out.

Wagtail's database search (SQLite FTS5, PostgreSQL full-text) indexes with one configuration
for the whole site, but Townsquare's pages are in six languages. So the text is analysed here,
per language, before it reaches the index, and a query is analysed the same way:

* words are split on anything that is not a letter or a digit, then folded as the comment
  policy's word rules fold them (``townsquare.text.fold``): case-folded, NFKC (fullwidth
  letters), without invisible format characters or accents, so that "velo" finds "vélo";
* English, French, German, Spanish and Arabic words are then reduced to their stem with the
  Snowball stemmers ("chevaux" and "cheval" both become "cheval");
* Japanese (and any other run of CJK characters) has no spaces between words, so it is
  indexed as overlapping pairs of characters, as Elasticsearch's ``cjk`` analyzer does.

Only letters and digits leave this module, so no query syntax of either database can reach them.
"""

import re
from functools import lru_cache

from django.utils.html import escape

from townsquare.text import fold, stem

# A "word" is a run of letters and digits; CJK scripts are handled apart, below.
WORD = re.compile(r"[^\W_]+")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\uac00-\ud7af]+")


def _bigrams(run):
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def tokens(text):
    """The words of ``text``, in order: (original form, is CJK)."""
    for match in WORD.finditer(text or ""):
        word = match.group()
        position = 0
        for cjk in CJK.finditer(word):
            if cjk.start() > position:
                yield word[position : cjk.start()], False
            yield cjk.group(), True
            position = cjk.end()
        if position < len(word):
            yield word[position:], False


@lru_cache(maxsize=50_000)
def term(word, language):
    """The index term of one (non-CJK) word in ``language``: folded before stemming, so that
    "velos" and "vélos" meet (the same folding and stems as the comment policy's word rules)."""
    return stem(fold(word), language)


def terms(text, language):
    """The index terms of ``text``: stems for stemmed languages, character pairs for CJK."""
    result = []
    for word, is_cjk in tokens(text):
        if is_cjk:
            result.extend(_bigrams(word))
        else:
            result.append(term(word, language))
    return result


def analysed(text, language):
    """``text`` as the database index stores it: its terms, separated by spaces."""
    return " ".join(terms(text, language))


def plain_words(text):
    """Folded, unstemmed words (CJK as pairs): what autocomplete matches prefixes against."""
    result = []
    for word, is_cjk in tokens(text):
        result.extend(_bigrams(word) if is_cjk else [fold(word)])
    return result


def highlight(text, query_terms, language, length=None):
    """Escaped ``text`` with the words whose terms are in ``query_terms`` wrapped in ``<mark>``.

    With ``length``, a window of about that many characters around the first match (or the start),
    with an ellipsis where it was cut. Returns (html, matched)."""
    text = text or ""
    query_terms = set(query_terms)
    spans = []
    for match in WORD.finditer(text):
        word, position = match.group(), 0
        segments = []  # (start, end, is CJK) within the word, as ``tokens`` splits it
        for cjk in CJK.finditer(word):
            if cjk.start() > position:
                segments.append((position, cjk.start(), False))
            segments.append((cjk.start(), cjk.end(), True))
            position = cjk.end()
        if position < len(word):
            segments.append((position, len(word), False))
        for seg_start, seg_end, is_cjk in segments:
            base, segment = match.start() + seg_start, word[seg_start:seg_end]
            if not is_cjk:
                if term(segment, language) in query_terms:
                    spans.append((base, base + len(segment)))
                continue
            # In CJK, mark the characters covered by the character pairs that were asked for.
            covered = [False] * len(segment)
            for i, pair in enumerate(_bigrams(segment)):
                if pair in query_terms:
                    covered[i : i + len(pair)] = [True] * len(pair)
            i = 0
            while i < len(segment):
                if covered[i]:
                    j = i
                    while j < len(segment) and covered[j]:
                        j += 1
                    spans.append((base + i, base + j))
                    i = j
                else:
                    i += 1
    start, end = 0, len(text)
    if length and len(text) > length:
        first = spans[0][0] if spans else 0
        start = max(0, first - length // 3)
        if start:  # begin at a word boundary
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first else start
        end = min(len(text), start + length)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end
    pieces, position = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        pieces.append(escape(text[position:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    pieces.append(escape(text[position:end]))
    html = "".join(pieces)
    if start > 0:
        html = "…" + html
    if end < len(text):
        html += "…"
    return html, bool(spans)

"""Comment formatting: what visitors may type, and how it becomes HTML.

Comments are plain text with a few formatting shortcuts; everything else is
shown exactly as typed.

Paragraphs and line breaks
    Leave an empty line between paragraphs. A single line break inside a
    paragraph is kept as a line break. Several empty lines count as one.

Links
    Web addresses starting with "http://", "https://" or "www." become links
    ("www.example.org" links to https://www.example.org). The link text is the
    address itself. Punctuation right after an address (. , ! ? ; : ' * _ ~
    and a ")" without a matching "(") is not part of the link, so
    "see https://example.org." works, while parentheses that belong to the
    address, as in https://en.wikipedia.org/wiki/Foo_(bar), are kept.
    Links of the form [text](address), e-mail addresses and addresses with a
    user name (https://name@example.org) are not turned into links.

Emphasis, bold and code
    *emphasis* or _emphasis_ shows in italics, **bold** in bold, and
    ***both*** in both. Markers touching a letter or digit on the outside are
    kept as typed, so snake_case_name and 2*3*4 do not change, and neither do
    "*" and "_" inside web addresses. Text between backticks (`like this`)
    shows in a fixed-width font, with no formatting or links inside it.
    Emphasis, bold and code start and end on the same line.

Quotes
    Lines starting with "> " form a quote; consecutive quoted lines are one
    quote. A line holding only ">" separates paragraphs inside the quote.
    Quotes hold paragraphs only (no lists, no quotes inside quotes).

Lists
    Lines starting with "- " or "* " form a bulleted list; lines starting
    with a number, a full stop and a space ("1. ", "2. ") a numbered list.
    Each such line is one item. Numbered lists always count from 1, whatever
    the numbers typed. A line without a marker ends the list and starts a
    new paragraph.

Everything else is text
    HTML is never interpreted: typing <b>hi</b> shows exactly those
    characters. There are no images, headings, tables or raw HTML. A comment
    holds at most MAX_LENGTH (5,000) characters.
"""

import html
import re

import nh3

__all__ = ["MAX_LENGTH", "render_comment"]

MAX_LENGTH = 5000  # characters of raw text

LINK_REL = "nofollow ugc noopener"

# The second line of defence: whatever the renderer produces, nothing outside this allowlist reaches a page.
_ALLOWED_TAGS = frozenset({"p", "br", "a", "em", "strong", "code", "blockquote", "ul", "ol", "li"})
_ALLOWED_ATTRIBUTES = {"a": {"href"}}
_URL_SCHEMES = frozenset({"http", "https"})
# Tags outside the allowlist are unwrapped (their text kept); these lose their contents as well.
_DROP_WITH_CONTENTS = frozenset({"script", "style", "iframe", "noscript", "template", "textarea", "svg", "math"})

# Lone surrogates (only reachable from Python callers, never from a decoded request) make nh3 raise.
_UNWANTED_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
_BLANK_RUNS = re.compile(r"\n{3,}")

# Block markers, matched against one escaped, stripped line (``>`` is ``&gt;`` by then).
_QUOTE_LINE = re.compile(r"&gt;(?: |$)")
_BULLET_LINE = re.compile(r"[-*] ")
_NUMBERED_LINE = re.compile(r"\d{1,9}\. ")

# Placeholders stand for finished HTML fragments while the rest of a line is still being transformed, so
# later patterns cannot look inside them: STX/ETX never survive input cleaning, so visitors cannot forge one.
_PLACEHOLDER = re.compile("\x02(\\d+)\x03")

# Every pattern below runs on escaped text and is written so that a scan started at one delimiter stops at
# the next one (the content classes exclude the delimiter): total work stays linear in the input, whatever
# the input. Emphasis never crosses a line break.
_CODE = re.compile(r"`([^`\n]+)`")
_URL = re.compile(
    # Not glued to a word or to another address ("xhttp://", "a.www.b"); "_" and "*" may precede it.
    r"(?<![^\W_])(?<![/.@:-])"
    r"(?:(?P<scheme>https?://)|(?P<www>www\.))"
    # Escaped text holds "&" only as the start of an entity: "&amp;" and "&#x27;" (') may be part of an
    # address, "&quot;", "&lt;" and "&gt;" end it, so a typed quote can never break out of href="...".
    r"(?P<rest>(?:[^\s&\x02\x03]|&amp;|&#x27;)*)",
    re.IGNORECASE,
)
_HOST = re.compile(r"[\w.-]+(?::\d{1,5})?")
_TRAILING_PUNCTUATION = frozenset(".,!?;:*_~")
_APOSTROPHE = "&#x27;"
# Delimiters glued to a letter or digit on the outside are literal, so "2*3*4" and "snake_case_name" stay as typed.
_STRONG_EMPHASIS = re.compile(r"(?<![^\W_])\*\*\*(?=[^\s*])([^*\n]+)(?<=\S)\*\*\*(?![^\W_])")
_STRONG = re.compile(r"(?<![^\W_])\*\*(?=[^\s*])((?:[^*\n]|\*(?!\*))+?)(?<=\S)\*\*(?![^\W_])")
_EMPHASIS_STAR = re.compile(r"(?<![^\W_])(?<!\*)\*(?=[^\s*])([^*\n]+)(?<=\S)\*(?!\*)(?![^\W_])")
_EMPHASIS_UNDERSCORE = re.compile(r"(?<!\w)_(?=[^\s_])([^_\n]+)(?<=\S)_(?!\w)")


def render_comment(text: str) -> str:
    """Render a visitor's comment (a small Markdown subset) to safe HTML.

    Meant to run once, when the comment is saved: the result is stored and may be output with ``|safe``.

    Args:
        text: The comment as typed, rendered whole: nothing is ever cut. The comment form refuses text
            longer than ``MAX_LENGTH`` characters (counted after a typed "\\r\\n" becomes "\\n" and the
            text is stripped), and the work done here is linear in the length anyway.

    Returns:
        HTML built from the tags p, br, a, em, strong, code, blockquote, ul, ol and li, with no attributes
        except ``href`` (http or https only) and ``rel="nofollow ugc noopener"`` on links; ``""`` when the
        comment is empty or only whitespace.
    """
    text = _normalise(text)
    if not text:
        return ""
    markup = _Renderer().render_blocks(html.escape(text))
    return nh3.clean(
        markup,
        tags=set(_ALLOWED_TAGS),
        clean_content_tags=set(_DROP_WITH_CONTENTS),
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=set(_URL_SCHEMES),
        url_relative="deny",
        link_rel=LINK_REL,
        strip_comments=True,
    )


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _UNWANTED_CHARS.sub("", text)
    # str.strip per line rather than a regex: "[ \t]+$" backtracks quadratically on long runs of spaces.
    text = "\n".join(line.strip() for line in text.split("\n")).strip()
    return _BLANK_RUNS.sub("\n\n", text)


class _Renderer:
    """Turns escaped comment text into HTML; holds the fragments behind the placeholders of one comment."""

    def __init__(self):
        self._fragments = []

    def render_blocks(self, escaped: str) -> str:
        blocks = []
        kind, lines = None, []
        for line in escaped.split("\n"):
            if not line:
                line_kind, content = None, ""
            elif match := _QUOTE_LINE.match(line):
                line_kind, content = "quote", line[match.end() :]
            elif match := _BULLET_LINE.match(line):
                line_kind, content = "ul", line[match.end() :]
            elif match := _NUMBERED_LINE.match(line):
                line_kind, content = "ol", line[match.end() :]
            else:
                line_kind, content = "p", line
            if line_kind != kind and lines:
                blocks.append(self._block(kind, lines))
                lines = []
            kind = line_kind
            if line_kind is not None:
                lines.append(content)
        if lines:
            blocks.append(self._block(kind, lines))
        return "\n".join(blocks)

    def _block(self, kind: str, lines: list[str]) -> str:
        if kind == "p":
            return self._paragraph(lines)
        if kind == "quote":
            # A bare ">" line leaves an empty entry: it separates the paragraphs inside the quote.
            paragraphs = "\n".join(lines).split("\n\n")
            inner = "\n".join(self._paragraph(chunk.strip("\n").split("\n")) for chunk in paragraphs if chunk.strip())
            return f"<blockquote>\n{inner}\n</blockquote>" if inner else ""
        items = "\n".join(f"<li>{self._inline(line)}</li>" for line in lines)
        return f"<{kind}>\n{items}\n</{kind}>"

    def _paragraph(self, lines: list[str]) -> str:
        # One pass over the whole paragraph: no inline pattern crosses a line break.
        return "<p>" + self._inline("\n".join(lines)).replace("\n", "<br>\n") + "</p>"

    def _inline(self, escaped: str) -> str:
        # Order matters: code first (nothing inside is formatted), then addresses (so "_" and "*" in them
        # are not emphasis), then emphasis around whatever is left. The "in" checks skip patterns that
        # cannot match: most comments have no formatting at all.
        text = escaped
        if "`" in text:
            text = _CODE.sub(lambda m: self._stash(f"<code>{m[1]}</code>"), text)
        if "://" in text or "." in text:
            text = _URL.sub(self._link, text)
        if "**" in text:
            text = _STRONG_EMPHASIS.sub(
                lambda m: self._stash(f"<em><strong>{self._emphasis(m[1])}</strong></em>"),
                text,
            )
            text = _STRONG.sub(lambda m: self._stash(f"<strong>{self._emphasis(m[1])}</strong>"), text)
        return self._restore(self._emphasis(text))

    def _emphasis(self, text: str) -> str:
        if "*" in text:
            text = _EMPHASIS_STAR.sub(lambda m: self._stash(f"<em>{self._underscores(m[1])}</em>"), text)
        return self._restore(self._underscores(text))

    def _underscores(self, text: str) -> str:
        if "_" in text:
            text = _EMPHASIS_UNDERSCORE.sub(lambda m: self._stash(f"<em>{m[1]}</em>"), text)
        return self._restore(text)

    def _link(self, match: re.Match) -> str:
        prefix, rest = match["scheme"] or match["www"], match["rest"]
        rest, trailing = _split_trailing_punctuation(rest)
        host = re.split(r"[/?#]", rest, maxsplit=1)[0]
        if not _HOST.fullmatch(host) or not any(char.isalnum() for char in host):
            return match[0]
        address = prefix + rest
        href = f"{prefix.lower()}{rest}" if match["scheme"] else f"https://{address}"
        # The text is already escaped, so the address is safe both as text and inside a quoted attribute.
        return self._stash(f'<a href="{href}" rel="{LINK_REL}">{address}</a>') + trailing

    def _stash(self, fragment: str) -> str:
        self._fragments.append(self._restore(fragment))
        return f"\x02{len(self._fragments) - 1}\x03"

    def _restore(self, text: str) -> str:
        if "\x02" not in text:
            return text
        return _PLACEHOLDER.sub(lambda m: self._fragments[int(m[1])], text)


def _split_trailing_punctuation(rest: str) -> tuple[str, str]:
    """Split an escaped address into the address proper and the punctuation that follows it in the sentence."""
    end = len(rest)
    unmatched_closing = rest.count(")") - rest.count("(")
    while end:
        # Entities first: their closing ";" is not punctuation.
        if rest.endswith(_APOSTROPHE, 0, end):
            end -= len(_APOSTROPHE)
        elif rest.endswith("&amp;", 0, end):
            break
        elif rest[end - 1] in _TRAILING_PUNCTUATION:
            end -= 1
        elif rest[end - 1] == ")" and unmatched_closing > 0:
            unmatched_closing -= 1
            end -= 1
        else:
            break
    return rest[:end], rest[end:]

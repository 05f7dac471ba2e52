"""The "not a brochure" check: is a story about what readers care about, or about our products?

Communities gather around a topic, not a catalogue. The check reads the story's title and the
paragraphs of its body (the standfirst introduces, it is not counted), against the hub's list
of product and brand terms (``CommunityHubPage.product_terms``), and warns when product
mentions dominate any part of the story:

- the title names a product;
- more than half of the body's paragraphs mention one;
- or, in a body with headings, more than half of the paragraphs of one section (of two
  paragraphs or more) do.

The warning names the paragraphs to rework. It is shown after saving or submitting
(``stories.wagtail_hooks``) and never blocks; the story form says what to aim for before the
first save (``StoryPage.content_panels``).
"""

import re
from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

# Product mentions dominate a part when more than this share of its paragraphs mention them.
SHARE = 0.5
# A section under a heading is judged on its own from this many paragraphs.
SECTION_MIN_PARAGRAPHS = 2

GUIDANCE = _(
    "Write about what readers care about — their questions, their work, their lives — not about our "
    "products. Townsquare warns when product names dominate the title, the body or one of its sections."
)

_BLOCK_END = re.compile(r"</(p|li|blockquote|h2|h3)>", re.IGNORECASE)


@dataclass(frozen=True)
class Section:
    heading: str  # "" for the paragraphs before the first heading
    paragraphs: tuple  # 1-based numbers of the body's paragraphs
    mentioning: tuple

    @property
    def dominated(self):
        return len(self.paragraphs) >= SECTION_MIN_PARAGRAPHS and len(self.mentioning) > SHARE * len(self.paragraphs)


@dataclass(frozen=True)
class BrochureReport:
    title_terms: tuple  # the product terms the title names
    mentioning: tuple  # 1-based numbers of the body paragraphs that mention a product
    total: int  # paragraphs in the body
    sections: tuple = ()

    @property
    def body_dominated(self):
        return self.total > 0 and len(self.mentioning) > SHARE * self.total

    @property
    def dominated_sections(self):
        return [section for section in self.sections if section.heading and section.dominated]

    @property
    def is_brochure(self):
        return bool(self.title_terms) or self.body_dominated or bool(self.dominated_sections)

    def message(self):
        """What the editor is told: which parts read like a brochure, and which paragraphs to rework."""
        parts = []
        if self.title_terms:
            parts.append(
                gettext("The title names %(terms)s: lead with what readers care about.")
                % {"terms": ", ".join(self.title_terms)}
            )
        if self.body_dominated:
            parts.append(
                ngettext(
                    "%(mentioning)s of %(total)s paragraph mentions our products",
                    "%(mentioning)s of %(total)s paragraphs mention our products",
                    self.total,
                )
                % {"mentioning": len(self.mentioning), "total": self.total}
                + "."
            )
        for section in self.dominated_sections:
            parts.append(
                gettext("The section “%(heading)s” is mostly about our products.") % {"heading": section.heading}
            )
        if self.mentioning and (self.body_dominated or self.dominated_sections):
            parts.append(
                gettext("Rework paragraphs %(numbers)s around the readers' topic.")
                % {"numbers": ", ".join(str(number) for number in self.mentioning)}
            )
        parts.append(gettext("Communities gather around a topic, not a catalogue."))
        return " ".join(parts)


def body_sections(story):
    """The body as ``[(heading, [paragraph text, ...]), ...]``: a new section at each heading."""
    sections = [("", [])]
    for block in story.body:
        if block.block_type == "paragraph":
            html = block.value.source
            start = 0
            for match in _BLOCK_END.finditer(html):
                text = strip_tags(html[start : match.start()]).strip()
                start = match.end()
                if not text:
                    continue
                if match.group(1).lower() in ("h2", "h3"):
                    sections.append((text, []))
                else:
                    sections[-1][1].append(text)
            tail = strip_tags(html[start:]).strip()
            if tail:
                sections[-1][1].append(tail)
        elif block.block_type == "pull_quote":
            sections[-1][1].append(block.value["quote"])
        elif block.block_type == "question":
            sections[-1][1].append(f"{block.value['question']} {block.value['context']}")
    return [(heading, paragraphs) for heading, paragraphs in sections if paragraphs or heading]


def term_pattern(terms):
    if not terms:
        return None
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    # Whole words and phrases only: "Lens" does not match "lenses".
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def check_story(story, terms):
    """The one rule of the "not a brochure" check, for ``story`` and the hub's product ``terms``."""
    pattern = term_pattern(terms)
    number, mentioning, sections = 0, [], []
    for heading, paragraphs in body_sections(story):
        numbers, mentions = [], []
        for text in paragraphs:
            number += 1
            numbers.append(number)
            if pattern is not None and pattern.search(text):
                mentions.append(number)
        mentioning.extend(mentions)
        sections.append(Section(heading, tuple(numbers), tuple(mentions)))
    title_terms = []
    if pattern is not None:
        for found in pattern.findall(story.title or ""):
            canonical = next((term for term in terms if term.casefold() == found.casefold()), found)
            if canonical not in title_terms:
                title_terms.append(canonical)
    return BrochureReport(tuple(title_terms), tuple(mentioning), number, tuple(sections))

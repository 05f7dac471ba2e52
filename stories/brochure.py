"""The "not a brochure" check: does a story talk mostly about the hub's products?

Communities gather around a topic, not a catalogue. When most paragraphs of a
story mention the hub's product or brand terms, the editor is warned after
saving or submitting (``stories.wagtail_hooks``); nothing is blocked.
"""

import re
from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.translation import ngettext

# Strictly more than this share of paragraphs mentioning products triggers the warning.
THRESHOLD = 0.5


@dataclass(frozen=True)
class BrochureReport:
    mentioning: int
    total: int

    @property
    def is_brochure(self):
        return self.total > 0 and self.mentioning / self.total > THRESHOLD

    def message(self):
        return ngettext(
            "This story mentions your products in %(mentioning)s of %(total)s paragraph — "
            "communities gather around a topic, not a catalogue.",
            "This story mentions your products in %(mentioning)s of %(total)s paragraphs — "
            "communities gather around a topic, not a catalogue.",
            self.total,
        ) % {"mentioning": self.mentioning, "total": self.total}


def story_paragraphs(story):
    """Plain-text paragraphs of a story: the standfirst, then every paragraph of the body."""
    paragraphs = [story.standfirst]
    for block in story.body:
        if block.block_type == "paragraph":
            # Split rich text on its block-level elements, so one block of five <p> counts five.
            html = block.value.source
            parts = re.split(r"</(?:p|li|h2|h3|blockquote)>", html)
            paragraphs.extend(strip_tags(part) for part in parts)
        elif block.block_type == "pull_quote":
            paragraphs.append(block.value["quote"])
        elif block.block_type == "question":
            paragraphs.append(f"{block.value['question']} {block.value['context']}")
    return [text.strip() for text in paragraphs if text and text.strip()]


def term_pattern(terms):
    if not terms:
        return None
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    # Whole words and phrases only: "Lens" does not match "lenses".
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def check_story(story, terms):
    """Count the paragraphs of ``story`` that mention any of ``terms``."""
    paragraphs = story_paragraphs(story)
    pattern = term_pattern(terms)
    if pattern is None:
        return BrochureReport(0, len(paragraphs))
    return BrochureReport(sum(1 for text in paragraphs if pattern.search(text)), len(paragraphs))

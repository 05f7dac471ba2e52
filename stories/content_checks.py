"""The "not a brochure" check in Wagtail's own Checks panel.

Wagtail's page editor runs its content checks (axe-core rules) against the live preview. The
story's preview marks the verdict of :func:`stories.brochure.check_story` with
``data-brochure-check`` (``story_page.html``); the rule added here lists that mark as an issue,
so the warning appears next to Wagtail's accessibility checks, and on the preview's userbar,
and updates as the editor writes. The rule itself stays in ``stories.brochure``.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.userbar import ContentCheckerItem

from stories.brochure import GUIDANCE

BROCHURE_RULE = "townsquare-brochure"


class StoryContentCheckerItem(ContentCheckerItem):
    """Wagtail's content checker, with the brochure rule beside its own."""

    axe_run_only = [*ContentCheckerItem.axe_run_only, BROCHURE_RULE]
    axe_custom_rules = [
        *ContentCheckerItem.axe_custom_rules,
        {
            "id": BROCHURE_RULE,
            "impact": "moderate",
            "selector": "[data-brochure-check]",
            "tags": ["best-practice"],
            # axe's own check, true for an element with text: the mark is only there when the
            # story reads like a brochure, so its presence is the issue.
            "none": ["has-visible-text"],
            "enabled": True,
        },
    ]
    axe_messages = {
        **ContentCheckerItem.axe_messages,
        BROCHURE_RULE: {"error_name": _("Reads like a brochure"), "help_text": GUIDANCE},
    }


def use_story_content_checker(request, items, page=None):
    """``construct_wagtail_userbar`` hook: Wagtail's content checker becomes :class:`StoryContentCheckerItem`."""
    for index, item in enumerate(items):
        if isinstance(item, ContentCheckerItem) and not isinstance(item, StoryContentCheckerItem):
            items[index] = StoryContentCheckerItem(in_editor=item.in_editor)

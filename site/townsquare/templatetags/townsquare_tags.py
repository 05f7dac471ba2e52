"""Template tags shared by every Townsquare template."""

import json

from django import template
from django.utils.translation import gettext, pgettext

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """``path`` as an absolute URL on the current host, for canonical links and Open Graph."""
    request = context.get("request")
    if request is None or not path:
        return path or ""
    return request.build_absolute_uri(path)


@register.simple_tag
def altcha_strings(error):
    """The words of a public form's ALTCHA widget (``townsquare.challenge``), in the active
    language (its ``strings`` attribute, as JSON; the template escapes it). ``error``: what
    happens to the post when the check fails, which is the form's own rule."""
    return json.dumps(
        {
            "label": pgettext("comment form challenge", "Anti-spam check"),
            "loading": pgettext("comment form challenge", "Loading…"),
            "verifying": pgettext("comment form challenge", "Checking…"),
            "verified": pgettext("comment form challenge", "Checked"),
            "verificationRequired": gettext("Wait a moment: the anti-spam check is not finished."),
            "waitAlert": gettext("Checking… please wait."),
            "error": str(error),
            "expired": gettext("The check expired: it starts again when you post."),
            "reload": pgettext("comment form challenge", "Try again"),
        },
        ensure_ascii=False,
    )

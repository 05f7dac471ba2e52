"""Choosing a hub in an admin form: one choice per hub, whatever the number of its translations
(webhooks, fediverse accounts)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _


class HubChoiceField(forms.ModelChoiceField):
    """One choice per hub, its translations under it ("Gardening (EN, FR)"): what is set for a
    hub (a webhook, a fediverse account) holds for all its translations."""

    labels = {}

    def label_from_instance(self, hub):
        return self.labels.get(hub.pk, hub.title)


def hub_choices(hubs, current=None):
    """The ids of the hubs to offer among ``hubs`` (one per hub: the one in the site's default
    language, else its first translation; ``current`` too, when given) and their labels."""
    groups = {}
    rows = hubs.order_by("pk").values_list("pk", "title", "translation_key", "locale__language_code")
    for pk, title, key, language in rows:
        groups.setdefault(key, []).append((pk, title, language))
    labels = {}
    for group in groups.values():
        source = next((hub for hub in group if hub[2] == settings.LANGUAGE_CODE), group[0])
        offered = {source} | {hub for hub in group if hub[0] == current}
        for pk, title, _language in offered:
            labels[pk] = title
            if len(group) > 1:
                languages = ", ".join(sorted(hub[2].upper() for hub in group))
                labels[pk] = _("%(hub)s (%(languages)s)") % {"hub": title, "languages": languages}
    return labels

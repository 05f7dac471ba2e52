from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Events in hubs (rides, meetups, photo walks): event pages, sign-ups and waitlists, calendars."""

    name = "events"
    label = "events"
    verbose_name = _("Events")

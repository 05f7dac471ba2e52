from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Events in hubs (rides, meetups, photo walks): event pages, sign-ups and waitlists, calendars."""

    name = "events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from wagtail.signals import page_published

        from events.models import EventPage
        from events.tasks import event_cancelled, event_changed

        page_published.connect(event_cancelled, sender=EventPage, dispatch_uid="event-cancelled")
        page_published.connect(event_changed, sender=EventPage, dispatch_uid="event-changed")

"""iCalendar feeds to subscribe to: every upcoming event of the site, or of one hub, in the
language of the address (``/en/events/calendar/``, ``/fr/events/calendar/<hub id>/``).

A calendar application polls the address and keeps its copy up to date: new events appear, a
changed one is replaced (``SEQUENCE``), a cancelled one says so (``STATUS:CANCELLED``).
"""

from datetime import timedelta

from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from events import calendar
from events.models import EventPage

FEED_DAYS_BACK = 30  # events over for less than this stay in the feed, so calendars keep them
FEED_SIZE = 200


def feed_events(parent=None):
    """The live, public events of the active language (under ``parent`` when given), from a month ago on."""
    events = EventPage.objects.live().public().filter(ends_at__gte=timezone.now() - timedelta(days=FEED_DAYS_BACK))
    locale = Locale.objects.filter(language_code=get_language()).first()
    if locale is not None:
        events = events.filter(locale=locale)
    if parent is not None:
        events = events.child_of(parent)
    return events.select_related("organiser").order_by("starts_at", "pk")[:FEED_SIZE]


def site_feed(request):
    document = calendar.calendar(feed_events(), name=_("Events"))
    return calendar.response(document, "events")


def hub_feed(request, hub_id):
    hub = Page.objects.live().public().filter(pk=hub_id, content_type__model="communityhubpage").first()
    if hub is None:
        raise Http404(_("There is no such community."))
    document = calendar.calendar(feed_events(hub), name=hub.title)
    return calendar.response(document, hub.slug)


urlpatterns = [
    path("calendar/", site_feed, name="events_calendar"),
    path("calendar/<int:hub_id>/", hub_feed, name="hub_events_calendar"),
]

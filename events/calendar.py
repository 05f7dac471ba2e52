"""Events as iCalendar (RFC 5545), built with the ``icalendar`` library: one file per event,
and feeds of a hub's or the whole site's events.

Times are written in the event's own time zone (``DTSTART;TZID=Europe/Paris``) with the
``VTIMEZONE`` it needs, so calendars show the right hour on both sides of a change of clocks.
``SEQUENCE`` is the event's calendar revision (raised by a change of time, place or title) and a
cancelled event says ``STATUS:CANCELLED``, so a calendar that imported it updates its copy.
"""

import datetime

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify

PRODUCT_ID = "-//Townsquare//Events//EN"


def uid(event):
    """One identity per event and language (its translations are other events to a calendar)."""
    return f"event-{event.pk}@{settings.EVENTS_UID_DOMAIN}"


def vevent(event, now=None):
    entry = icalendar.Event()
    entry.add("uid", uid(event))
    entry.add("dtstamp", now or timezone.now().astimezone(datetime.UTC))
    entry.add("dtstart", event.local_start())
    entry.add("dtend", event.local_end())
    entry.add("summary", event.title)
    entry.add("description", event.summary)
    entry.add("sequence", event.sequence)
    entry.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    where = ", ".join(part for part in (event.place, " ".join(event.address.split())) if part)
    if where:
        entry.add("location", where)
    url = event.get_full_url()
    if url:
        entry.add("url", url)
    return entry


def calendar(events, name=None, now=None):
    """A ``VCALENDAR`` with ``events`` and the time zones they are written in."""
    document = icalendar.Calendar()
    document.add("prodid", PRODUCT_ID)
    document.add("version", "2.0")
    document.add("calscale", "GREGORIAN")
    if name:
        document.add("x-wr-calname", name)
    for event in events:
        document.add_component(vevent(event, now))
    document.add_missing_timezones()
    return document


def response(document, filename):
    reply = HttpResponse(document.to_ical(), content_type="text/calendar; charset=utf-8")
    reply["Content-Disposition"] = f'attachment; filename="{slugify(filename) or "events"}.ics"'
    return reply


def event_file(event):
    """The ``.ics`` of one event (what "Add to calendar" downloads, and the e-mails attach)."""
    return calendar([event], name=event.title).to_ical()

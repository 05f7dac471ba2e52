"""The schema.org ``Event`` of an event page, as JSON-LD for search engines."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# JSON inside <script> must not close the element or open a comment.
ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def schema_event(event):
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "startDate": event.local_start().isoformat(),
        "endDate": event.local_end().isoformat(),
        "eventStatus": "https://schema.org/EventCancelled" if event.cancelled else "https://schema.org/EventScheduled",
        "url": event.get_full_url(),
        "maximumAttendeeCapacity": event.capacity,
    }
    if event.attendance == "online":
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        data["location"] = {"@type": "VirtualLocation", "url": event.get_full_url()}  # the link is for attendees
    else:
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
        data["location"] = {"@type": "Place", "name": event.place, "address": " ".join(event.address.split())}
    if event.organiser_id:
        data["organizer"] = {"@type": "Person", "name": event.organiser.name}
    return data


@register.simple_tag
def event_json_ld(event):
    text = json.dumps(schema_event(event), ensure_ascii=False).translate(ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 - escaped above

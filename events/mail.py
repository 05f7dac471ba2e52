"""The e-mails of event sign-ups, each in the language the person signed up in, each with the link
that cancels the sign-up. Sent by ``events.tasks`` once per task (``townsquare.task_runs.once``).

They are messages the person asked for by signing up, so they go even to an address that stopped
the site's other e-mails (the cancel link stops them for this event).
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from events import calendar, registrations
from townsquare import task_runs
from townsquare.mail import header_safe


def _link(event, route, key):
    return event.get_full_url().rstrip("/") + "/" + event.reverse_subpage(route, args=[key])


def send(registration, kind):
    """Send ``registration`` the e-mail ``kind``: "confirm" (the guest's confirmation link),
    "status" (a place or the waitlist), "promoted" (a place freed up), "reminder" (tomorrow),
    "changed" (a new time or place), "cancelled" (the event is cancelled)."""
    event = registration.event
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        context = {
            "registration": registration,
            "name": header_safe(registration.name),
            "event": event,
            "starts": event.local_start(),
            "ends": event.local_end(),
            "event_url": event.get_full_url(),
            "ics_url": event.get_full_url().rstrip("/") + "/" + event.reverse_subpage("ics"),
            "confirm_url": _link(event, "confirm", registrations.confirm_key(registration)),
            "cancel_url": _link(event, "cancel", registrations.cancel_key(registration)),
            "has_place": registration.status == registration.Status.CONFIRMED,
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subjects = {
            "confirm": _("Please confirm your sign-up for “%(title)s”"),
            "status": (
                _("Your place at “%(title)s”")
                if context["has_place"]
                else _("You are on the waitlist for “%(title)s”")
            ),
            "promoted": _("A place is free for you at “%(title)s”"),
            "reminder": _("Tomorrow: “%(title)s”"),
            "changed": _("New time or place: “%(title)s”"),
            "cancelled": _("Cancelled: “%(title)s”"),
        }
        message = EmailMessage(
            header_safe(subjects[kind] % {"title": event.title}),
            render_to_string(f"events/email/{kind}.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [registration.email],
        )
        # The calendar file goes to everyone it concerns: the people with a place, and, on a
        # cancellation, everyone (it takes the event out of their calendar).
        if kind in ("status", "promoted", "reminder", "changed", "cancelled") and (
            context["has_place"] or kind == "cancelled"
        ):
            message.attach(f"{event.slug}.ics", calendar.event_file(event), "text/calendar")
    task_runs.once(f"event-mail\n{registration.pk}\n{kind}", message.send)
    return True

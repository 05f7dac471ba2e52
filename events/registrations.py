"""What signing up for an event, confirming, cancelling and checking in do: the one place for
these rules. The public pages, the attendees' list and the tests all call them.

- A signed-in visitor's sign-up counts at once; a guest's when they follow the confirmation link
  e-mailed to them (``confirm``), so nobody holds a place with someone else's address.
- A counted sign-up takes a place while there is one, else joins the waitlist, in the order
  sign-ups were confirmed.
- Cancelling a place gives it to the first person on the waitlist, who is told by e-mail.
- One live sign-up per mailbox (``townsquare.mail.normalise_email``) and event; someone who
  cancelled may sign up again.
- An event and its translations are one event: they share its places, its waitlist and its
  sign-ups (``sign_ups_of``); each person hears in the language of the page they signed up on.

Every change that takes or frees a place first locks the event's rows, its translations' too
(``SELECT ... FOR UPDATE``, ``lock``), so two people can never both get the last place; SQLite
serialises writers anyway.
E-mails go once the change is committed (``events.tasks``); ``notify=False`` records a change
without telling anyone (the demo content, an import of sign-ups taken elsewhere).
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from events.models import EventPage, Registration
from townsquare import cache
from townsquare.mail import normalise_email
from townsquare.rate_limits import attempt_key, count_attempt

Status = Registration.Status
CONFIRM_SALT = "townsquare.events.confirm"
CANCEL_SALT = "townsquare.events.cancel"


class SignUpRefused(Exception):
    """A sign-up or change that the rules refuse; ``message`` says why, to the visitor."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


def sign_ups_of(event):
    """The sign-ups of ``event`` and of its translations (one event in several languages)."""
    return Registration.objects.filter(event__translation_key=event.translation_key)


def lock(event_id):
    """Lock the rows of the event ``event_id`` and its translations, in one order (no deadlock);
    the event itself, fresh."""
    event = EventPage.objects.get(pk=event_id)
    rows = EventPage.objects.select_for_update().filter(translation_key=event.translation_key).order_by("pk")
    return next(row for row in rows if row.pk == event_id)


def places(event):
    """{"capacity", "taken", "left", "waiting"} for ``event`` (one query)."""
    counts = sign_ups_of(event).aggregate(
        taken=Count("pk", filter=Q(status=Status.CONFIRMED)), waiting=Count("pk", filter=Q(status=Status.WAITLISTED))
    )
    return {**counts, "capacity": event.capacity, "left": max(event.capacity - counts["taken"], 0)}


def own_registration(event, request):
    """The signed-in visitor's live sign-up for ``event``, or None."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return sign_ups_of(event).filter(user=user).exclude(status=Status.CANCELLED).first()


# Guests' sign-ups one client address, and one mailbox, may ask for in an hour: more than anyone
# signs up for, far fewer than a robot sending confirmation e-mails to other people's addresses.
SIGN_UPS_PER_ADDRESS = 10
SIGN_UPS_PER_MAILBOX = 5
SIGN_UP_WINDOW = 60 * 60


def check_rate_limit(*, ip_address, email):
    """Count a guest's attempt to sign up; raise ``SignUpRefused`` (429) when the client address
    or the mailbox asked too often this hour. Refused attempts count too."""
    counts = [
        (count_attempt(attempt_key(f"sign-up-{kind}", value), SIGN_UP_WINDOW), limit)
        for kind, value, limit in (
            ("address", ip_address, SIGN_UPS_PER_ADDRESS),
            ("mailbox", normalise_email(email), SIGN_UPS_PER_MAILBOX),
        )
        if value
    ]
    if any(count > limit for count, limit in counts):
        raise SignUpRefused(
            _("You have signed up a lot in a short time. Please wait an hour and try again."), status=429
        )


def check_open(event, now=None):
    """Raise ``SignUpRefused`` unless ``event`` takes sign-ups now."""
    if event.cancelled:
        raise SignUpRefused(_("This event is cancelled: it takes no sign-ups."), status=409)
    if not event.sign_ups_open(now):
        raise SignUpRefused(_("Sign-ups for this event are closed."), status=409)


def sign_up(event, *, name, email, user=None, language="en", now=None, notify=True):
    """Sign ``name`` <``email``> up for ``event``: counted at once for a signed-in ``user``,
    waiting for e-mail confirmation for a guest. Returns the ``Registration``."""
    from events import tasks

    check_open(event, now)
    mailbox = normalise_email(email)
    signed_in = user is not None and user.is_authenticated
    try:
        with transaction.atomic():
            locked = lock(event.pk)
            if sign_ups_of(locked).filter(mailbox=mailbox).exclude(status=Status.CANCELLED).exists():
                raise IntegrityError("one live sign-up per mailbox")
            registration = Registration(
                event=locked,
                user=user if signed_in else None,
                name=name.strip(),
                email=email.strip(),
                mailbox=mailbox,
                language=language,
                status=Status.UNCONFIRMED,
            )
            if signed_in:
                _count(locked, registration, now)
            registration.save()
            _changed(locked)
    except IntegrityError:
        raise SignUpRefused(
            _("This e-mail address is already signed up for this event: see the e-mail we sent it."), status=409
        ) from None
    if notify:
        task = tasks.send_registration_status if signed_in else tasks.send_confirmation_request
        transaction.on_commit(lambda: task.enqueue(registration_id=registration.pk))
    return registration


def confirm(registration, now=None, notify=True):
    """Count a guest's sign-up (the link in their e-mail was followed): a place or the waitlist.
    Confirming again changes nothing."""
    from events import tasks

    if registration.status != Status.UNCONFIRMED:
        if registration.status == Status.CANCELLED:
            raise SignUpRefused(_("This sign-up was cancelled: sign up again on the event's page."), status=409)
        return registration
    check_open(registration.event, now)
    with transaction.atomic():
        locked = lock(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Status.UNCONFIRMED:  # confirmed meanwhile, in another tab
            return registration
        _count(locked, registration, now)
        registration.save(update_fields=["status", "confirmed_at"])
        _changed(locked)
    if notify:
        transaction.on_commit(lambda: tasks.send_registration_status.enqueue(registration_id=registration.pk))
    return registration


def cancel(registration, now=None, notify=True):
    """Cancel a sign-up; a place it held goes to the first person on the waitlist. Returns the
    registration promoted, if any. Cancelling again changes nothing."""
    from events import tasks

    with transaction.atomic():
        locked = lock(registration.event_id)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status == Status.CANCELLED:
            return None
        held_a_place = current.status == Status.CONFIRMED
        current.status = Status.CANCELLED
        current.cancelled_at = now or timezone.now()
        current.save(update_fields=["status", "cancelled_at"])
        promoted = _promote(locked) if held_a_place and not locked.cancelled else None
        _changed(locked)
    registration.status, registration.cancelled_at = current.status, current.cancelled_at
    if promoted is not None and notify:
        transaction.on_commit(lambda: tasks.send_promotion.enqueue(registration_id=promoted.pk))
    return promoted


def check_in(registration, present=True, now=None):
    """Mark a confirmed attendee present (or not) on the day."""
    if registration.status != Status.CONFIRMED:
        raise SignUpRefused(_("Only people with a place can be checked in."), status=409)
    registration.checked_in_at = (now or timezone.now()) if present else None
    registration.save(update_fields=["checked_in_at"])
    return registration


def _count(event, registration, now):
    taken = sign_ups_of(event).filter(status=Status.CONFIRMED).count()
    registration.status = Status.CONFIRMED if taken < event.capacity else Status.WAITLISTED
    registration.confirmed_at = now or timezone.now()


def _promote(event):
    """Give free places to the waitlist, first confirmed first (the event's row is locked)."""
    taken = sign_ups_of(event).filter(status=Status.CONFIRMED).count()
    if taken >= event.capacity:
        return None
    first = (
        sign_ups_of(event).filter(status=Status.WAITLISTED).order_by("confirmed_at", "pk").select_for_update().first()
    )
    if first is not None:
        first.status = Status.CONFIRMED
        first.save(update_fields=["status"])
    return first


def _changed(event):
    """The places shown on the event's pages changed: the app's own cache forgets them, in every
    language (a CDN keeps them for ``PUBLIC_PAGE_MAX_AGE``; a sign-up always counts afresh)."""
    cache.purge_urls(cache.story_urls([event.pk], with_translations=True), embedded_only=True)


# Links in e-mails ----------------------------------------------------------------------------


# The links are sub-pages of the event, whose path segments Wagtail limits to letters, digits,
# "-" and "_": a key is "<sign-up number>-<HMAC of it and its event>", specific to each link.


def _key(registration_id, event_id, salt):
    digest = salted_hmac(salt, f"{registration_id}:{event_id}", algorithm="sha256").hexdigest()
    return f"{registration_id}-{digest}"


def confirm_key(registration):
    return _key(registration.pk, registration.event_id, CONFIRM_SALT)


def cancel_key(registration):
    return _key(registration.pk, registration.event_id, CANCEL_SALT)


def registration_for(event, key, salt):
    """The registration a link's ``key`` names for ``event``; ``SignUpRefused`` for a forged,
    malformed or foreign key."""
    number, _dash, _digest = str(key).partition("-")
    registration = None
    if number.isdigit() and len(number) < 19 and constant_time_compare(key, _key(int(number), event.pk, salt)):
        registration = Registration.objects.select_related("event").filter(pk=int(number), event=event).first()
    if registration is None:
        raise SignUpRefused(_("This link is not valid: use the link in the most recent e-mail we sent you."))
    return registration

"""The public side of an event, as sub-pages of its page (Wagtail's routable pages): signing up,
the links in its e-mails, its calendar file.

The event page is cached for every anonymous visitor, so it carries no form of its own for
guests: "Sign up" opens ``sign-up/``, a page never cached, with this visitor's CSRF token and
anti-spam challenge. Signed-in visitors (never served a cached page) sign up in one click.

The rules are ``events.registrations``; these routes turn a request into a call and its answer
into a page: 303 to the event after a change, 400 for a malformed or forged link or form, 409
for a sign-up the event no longer takes (closed, cancelled, the address already signed up),
429 for a client address or mailbox that signed up too often.
"""

import json

from django import forms
from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from events import calendar
from townsquare import challenge
from townsquare.rate_limits import client_ip
from townsquare.shared_state import CacheUnavailable


class SignUpForm(forms.Form):
    """A guest's name and address (a signed-in visitor's come from their account), and the
    solution of the anti-spam check (``townsquare.challenge``) their browser found."""

    name = forms.CharField(label=gettext_lazy("Your name"), max_length=100)
    email = forms.EmailField(label=gettext_lazy("Your e-mail address"), max_length=254)
    honeypot = forms.CharField(required=False, widget=forms.HiddenInput)  # left empty by people
    altcha = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


CHECK_MISSING = gettext_lazy(
    "Your browser did not run the anti-spam check (it needs JavaScript). Turn JavaScript on and send "
    "the form again, or sign in to sign up with your account."
)
CHECK_REFUSED = {
    "expired": gettext_lazy("The anti-spam check expired. Please send the form again."),
    "forged": gettext_lazy("The anti-spam check was not accepted. Please send the form again."),
    "replayed": gettext_lazy("The anti-spam check was not accepted. Please send the form again."),
}


def refused(request, event, message, status):
    return render(request, "events/refused.html", {"page": event, "event": event, "message": message}, status=status)


def sign_up_page(request, event, form=None, message=None, status=200):
    """The sign-up form on a page of its own, never cached: its CSRF token and its anti-spam
    challenge are this visitor's (the event page, cached for everyone, links to it)."""
    from events import registrations

    return render(
        request,
        "events/sign_up.html",
        {
            "page": event,
            "event": event,
            "hub": event.get_parent().specific,
            "form": form or SignUpForm(),
            "message": message,
            "places": registrations.places(event),
            "mine": registrations.own_registration(event, request),
            "challenge": json.dumps(challenge.create()),
        },
        status=status,
    )


def check_challenge(solution):
    """None when ``solution`` passes the anti-spam check, else the message to show. A guest's
    sign-up needs one: without it anyone could have confirmation e-mails sent to any address."""
    if not solution:
        return CHECK_MISSING
    try:
        challenge.consume(*challenge.verify(solution))
    except challenge.Refused as refusal:
        return CHECK_REFUSED[refusal.code]
    except CacheUnavailable:
        # The cache went away and cannot tell a replayed solution: the signature and the expiry
        # were checked, and the guest still has to confirm from their mailbox.
        pass
    return None


@never_cache
def sign_up(request, event):
    """GET: the sign-up form. POST: sign up (a signed-in visitor in one click; a guest with their
    name, address and a solved anti-spam check, counted in ``registrations.check_rate_limit``)."""
    from events import registrations

    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        registrations.check_open(event)
    except registrations.SignUpRefused as refusal:
        return refused(request, event, refusal.message, refusal.status)
    if request.method == "GET":
        return sign_up_page(request, event)
    user = request.user if request.user.is_authenticated else None
    if user is not None:
        name, email = user.get_full_name() or user.get_username(), user.email
        if not email:
            return refused(request, event, _("Add an e-mail address to your account to sign up."), 400)
    else:
        form = SignUpForm(request.POST)
        if not form.is_valid() or form.cleaned_data["honeypot"]:
            return sign_up_page(request, event, form, _("Please fill in your name and e-mail address."), status=400)
        name, email = form.cleaned_data["name"], form.cleaned_data["email"]
        problem = check_challenge(form.cleaned_data["altcha"])
        if problem:
            return sign_up_page(request, event, form, problem, status=400)
        try:
            registrations.check_rate_limit(ip_address=client_ip(request), email=email)
        except registrations.SignUpRefused as refusal:
            return sign_up_page(request, event, form, refusal.message, status=refusal.status)
    try:
        registration = registrations.sign_up(event, name=name, email=email, user=user, language=get_language())
    except registrations.SignUpRefused as refusal:
        return refused(request, event, refusal.message, refusal.status)
    messages.success(request, outcome_message(registration))
    return _see_other(event.url)


def outcome_message(registration):
    Status = registration.Status
    if registration.status == Status.UNCONFIRMED:
        return _("Almost done: follow the link in the e-mail we sent to %(email)s to confirm your sign-up.") % {
            "email": registration.email
        }
    if registration.status == Status.CONFIRMED:
        return _("You have a place. We sent the details and a calendar file to %(email)s.") % {
            "email": registration.email
        }
    return _("The event is full: you are on the waitlist, and we will e-mail you if a place frees up.")


def _see_other(url):
    response = redirect(url)
    response.status_code = 303
    return response


@never_cache
def confirm(request, event, key):
    """The link in a guest's confirmation e-mail: counts their sign-up (once, however often opened)."""
    from events import registrations

    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    try:
        registration = registrations.registration_for(event, key, registrations.CONFIRM_SALT)
        registration = registrations.confirm(registration)
    except registrations.SignUpRefused as refusal:
        return refused(request, event, refusal.message, refusal.status)
    messages.success(request, outcome_message(registration))
    return _see_other(event.url)


@never_cache
def cancel(request, event, key):
    """The cancel link in every e-mail: a page with one button (a link opened by a mail scanner
    cancels nothing), then the cancellation."""
    from events import registrations

    try:
        registration = registrations.registration_for(event, key, registrations.CANCEL_SALT)
    except registrations.SignUpRefused as refusal:
        return refused(request, event, refusal.message, refusal.status)
    if request.method == "POST":
        registrations.cancel(registration)
        messages.success(request, _("Your sign-up is cancelled. Thank you for letting us know."))
        return _see_other(event.url)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(request, "events/cancel.html", {"page": event, "event": event, "registration": registration})


def ics(request, event):
    """The event's ``.ics`` file ("Add to calendar")."""
    return calendar.response(calendar.calendar([event], name=event.title), event.slug)


class EventRoutes(RoutablePageMixin):
    """The sub-pages of ``EventPage``: the functions above, each with the page it belongs to."""

    @path("sign-up/", name="sign_up")
    def sign_up_route(self, request):
        return sign_up(request, self)

    @path("confirm/<str:key>/", name="confirm")
    def confirm_route(self, request, key):
        return confirm(request, self, key)

    @path("cancel/<str:key>/", name="cancel")
    def cancel_route(self, request, key):
        return cancel(request, self, key)

    @path("calendar/", name="ics")  # an .ics file (Wagtail's page paths allow no dot)
    def ics_route(self, request):
        return ics(request, self)

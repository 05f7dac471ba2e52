"""The public side of an event, as sub-pages of its page (Wagtail's routable pages): signing up,
the links in its e-mails, its calendar file.

The rules are ``events.registrations``; these routes turn a request into a call and its answer
into a page: 303 to the event after a change, 400 for a malformed or forged link or form, 409
for a sign-up the event no longer takes (closed, cancelled, the address already signed up).
"""

from django import forms
from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from events import calendar


class SignUpForm(forms.Form):
    """A guest's name and address; a signed-in visitor's come from their account."""

    name = forms.CharField(label=gettext_lazy("Your name"), max_length=100)
    email = forms.EmailField(label=gettext_lazy("Your e-mail address"), max_length=254)
    honeypot = forms.CharField(required=False, widget=forms.HiddenInput)  # left empty by people


def refused(request, event, message, status):
    return render(request, "events/refused.html", {"page": event, "event": event, "message": message}, status=status)


@never_cache
def sign_up(request, event):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    user = request.user if request.user.is_authenticated else None
    if user is not None:
        name, email = user.get_full_name() or user.get_username(), user.email
        if not email:
            return refused(request, event, _("Add an e-mail address to your account to sign up."), 400)
    else:
        form = SignUpForm(request.POST)
        if not form.is_valid() or form.cleaned_data["honeypot"]:
            errors = " ".join(str(error) for field_errors in form.errors.values() for error in field_errors)
            return refused(request, event, errors or _("Please fill in your name and e-mail address."), 400)
        name, email = form.cleaned_data["name"], form.cleaned_data["email"]
    from events import registrations

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

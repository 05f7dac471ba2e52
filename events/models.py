"""Events in a hub, and the people who sign up for them.

``EventPage`` lives under a community hub beside its stories (same team, permissions, review
workflow and translations). Its times are written as the people there read them: a date and a
time in the event's own time zone (``time_zone``); ``starts_at`` and ``ends_at`` are the same
instants in UTC, kept up to date on save, for listings, reminders and calendars.

``Registration`` is one person's place (or place in the queue) for one event. What signing up,
confirming and cancelling do is ``events.registrations``: the one place for those rules.
"""

import datetime
import hashlib
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page
from wagtail.search import index

from communities.models import CARD_RENDITION
from communities.routing import OneQueryViewRestrictionsMixin
from events.routes import EventRoutes
from stories.blocks import StoryBodyBlock
from stories.models import DiscussedPageMixin
from townsquare.api.fields import AuthorField, LocalDateTimeField
from townsquare.cache import PublicPageMixin
from townsquare.models import HeroImageMixin

TIME_ZONES = sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})

# What changes an event for the people in its calendar: a change to one of these raises its
# iCalendar SEQUENCE, so that calendars replace their copy.
CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "place", "address", "online_url", "cancelled")
# What the people signed up are e-mailed about when it changes (``events.tasks.event_changed``).
DETAIL_FIELDS = ("starts_at", "ends_at", "attendance", "place", "address", "online_url")


def local_instant(day, time, time_zone):
    """The instant a wall-clock ``day`` and ``time`` name in ``time_zone``; ValueError when clocks
    skip that time there (a spring change of clocks)."""
    zone = zoneinfo.ZoneInfo(time_zone)
    instant = datetime.datetime.combine(day, time, tzinfo=zone)
    # A time in the gap of a spring change does not survive the round trip through UTC.
    if instant.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None) != instant.replace(tzinfo=None):
        raise ValueError(f"{day} {time} does not exist in {time_zone}")
    return instant


class EventPageForm(WagtailAdminPageForm):
    """The event editor: an event cannot be published (or submitted for review) to start in the
    past; a draft may, while it is being planned."""

    def clean(self):
        cleaned_data = super().clean()
        publishing = "action-publish" in self.data or "action-submit" in self.data
        when = [cleaned_data.get(name) for name in ("start_date", "start_time", "time_zone")]
        if publishing and all(when) and not cleaned_data.get("cancelled"):
            try:
                starts_at = local_instant(*when)
            except ValueError:
                return cleaned_data  # the model's check says the time does not exist there
            if starts_at < timezone.now():
                self.add_error("start_date", _("This event would start in the past: change its date to publish it."))
        return cleaned_data


class EventPage(DiscussedPageMixin, HeroImageMixin, PublicPageMixin, OneQueryViewRestrictionsMixin, EventRoutes, Page):
    """An event a hub's team organises: in person or online, with places to sign up for. Its
    sub-pages (sign-up, the links in its e-mails, its calendar file) are ``events.routes``."""

    class Attendance(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    summary = models.TextField(_("summary"), max_length=400, help_text=_("Two or three sentences: what, for whom."))
    body = StreamField(StoryBodyBlock(), verbose_name=_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    start_time = models.TimeField(_("start time"))
    end_date = models.DateField(_("end date"))
    end_time = models.TimeField(_("end time"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=[(name, name) for name in TIME_ZONES],
        help_text=_("Where the event happens: its times are read there."),
    )
    attendance = models.CharField(_("attendance"), max_length=16, choices=Attendance.choices, default="in_person")
    place = models.CharField(_("place"), max_length=200, blank=True, help_text=_("E.g. “The bridge café”."))
    address = models.TextField(_("address"), max_length=400, blank=True)
    map_url = models.URLField(_("map link"), blank=True, help_text=_("A link to a map of the place (optional)."))
    online_url = models.URLField(
        _("online link"), blank=True, help_text=_("Shown only to people with a confirmed place, and in their e-mails.")
    )
    capacity = models.PositiveIntegerField(
        _("places"), validators=[MinValueValidator(1)], help_text=_("When they are taken, people join a waitlist.")
    )
    registration_closes = models.DateField(
        _("sign-ups close"),
        null=True,
        blank=True,
        help_text=_("The last day to sign up (at midnight there). Empty: until the event starts."),
    )
    organiser = models.ForeignKey(
        "stories.Author",
        verbose_name=_("organiser"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who people can ask about the event."),
    )
    follow_up = models.ForeignKey(
        "stories.StoryPage",
        verbose_name=_("what happened"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Once it is over: the story of the event, linked from its page."),
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)
    cancellation_reason = models.TextField(
        _("reason for cancelling"), blank=True, help_text=_("Told to everyone signed up, and shown on the page.")
    )
    comments_closed = models.BooleanField(
        _("close comments on this event"),
        default=False,
        help_text=_("Readers can still read the discussion but not add to it."),
    )
    starts_at = models.DateTimeField(_("starts at"), null=True, editable=False, db_index=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, editable=False)
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)
    # When the people signed up were told the event is cancelled (``events.tasks.event_cancelled``).
    cancellation_sent_at = models.DateTimeField(null=True, editable=False)
    # The time and place the people signed up were last told of (``details_key``): set at the first
    # publication, and whenever they are e-mailed a change.
    announced_details = models.CharField(max_length=64, blank=True, editable=False)

    base_form_class = EventPageForm

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
                FieldPanel("time_zone"),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("attendance"),
                FieldPanel("place"),
                FieldPanel("address"),
                FieldPanel("map_url"),
                FieldPanel("online_url"),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [FieldPanel("capacity"), FieldPanel("registration_closes"), FieldPanel("organiser")],
            heading=_("Sign-ups"),
        ),
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("hero_image_alt")], heading=_("Image")),
        FieldPanel("body"),
        FieldPanel("follow_up"),
        MultiFieldPanel([FieldPanel("cancelled"), FieldPanel("cancellation_reason")], heading=_("Cancellation")),
    ]
    settings_panels = [*Page.settings_panels, FieldPanel("comments_closed")]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("place"),
        index.FilterField("starts_at"),
    ]
    # The open read API (docs/api.md). Never ``online_url``: it is for the people with a place.
    # The body is in an event's own answer only (``detail_only_fields``).
    api_fields = [
        APIField("summary"),
        APIField("body"),
        APIField("starts_at", serializer=LocalDateTimeField("starts_at")),
        APIField("ends_at", serializer=LocalDateTimeField("ends_at")),
        APIField("time_zone"),
        APIField("attendance"),
        APIField("place"),
        APIField("address"),
        APIField("map_url"),
        APIField("capacity"),
        APIField("registration_closes"),
        APIField("cancelled"),
        APIField("cancellation_reason"),
        APIField("organiser", serializer=AuthorField()),
        APIField("hero_image"),
        APIField("hero_image_alt"),
        APIField("hero_image_card", serializer=ImageRenditionField(CARD_RENDITION, source="hero_image")),
    ]

    parent_page_types = ["communities.CommunityHubPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    # Times ---------------------------------------------------------------------------------

    def details_key(self):
        """A digest of the time and place (``DETAIL_FIELDS``): what changes it is news to attendees."""
        values = "\n".join(str(getattr(self, name)) for name in DETAIL_FIELDS)
        return hashlib.sha256(values.encode()).hexdigest()

    def local_start(self):
        return local_instant(self.start_date, self.start_time, self.time_zone)

    def local_end(self):
        return local_instant(self.end_date, self.end_time, self.time_zone)

    @property
    def sign_ups_close_at(self):
        """When sign-ups close: midnight at the end of ``registration_closes`` there, or the start."""
        if self.registration_closes is None:
            return self.starts_at
        closes = local_instant(self.registration_closes + datetime.timedelta(days=1), datetime.time(), self.time_zone)
        return min(closes, self.starts_at) if self.starts_at else closes

    def clean(self):
        super().clean()
        errors = {}
        starts_at = ends_at = None
        if self.start_date and self.start_time and self.time_zone in TIME_ZONES:
            try:
                starts_at = self.local_start()
            except ValueError:
                errors["start_time"] = _("This time does not exist there: the clocks change that night.")
        if self.end_date and self.end_time and self.time_zone in TIME_ZONES:
            try:
                ends_at = self.local_end()
            except ValueError:
                errors["end_time"] = _("This time does not exist there: the clocks change that night.")
        if starts_at and ends_at and ends_at <= starts_at:
            errors["end_date"] = _("The event must end after it starts.")
        if self.registration_closes and self.start_date and self.registration_closes > self.start_date:
            errors["registration_closes"] = _("Sign-ups must close before the event starts.")
        if self.attendance == self.Attendance.IN_PERSON and not (self.place or self.address):
            errors["place"] = _("Say where people meet: a place or an address.")
        if self.attendance == self.Attendance.ONLINE and not self.online_url:
            errors["online_url"] = _("Give the link people join with.")
        if self.cancelled and not self.cancellation_reason.strip():
            errors["cancellation_reason"] = _("Tell people why the event is cancelled.")
        parent = self.get_parent() if self.depth else None
        if parent is not None and parent.specific_class.__name__ != "CommunityHubPage":
            errors["title"] = _("An event belongs inside a community hub: create it from the hub's page.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "start_date" in update_fields:
            self.starts_at = self.local_start().astimezone(datetime.UTC)
            self.ends_at = self.local_end().astimezone(datetime.UTC)
            if self.pk is not None:
                before = type(self).objects.filter(pk=self.pk).values("sequence", *CALENDAR_FIELDS).first()
                if before:
                    changed = any(before[name] != getattr(self, name) for name in CALENDAR_FIELDS)
                    self.sequence = max(self.sequence, before["sequence"]) + (1 if changed else 0)
        return super().save(*args, **kwargs)

    def with_content_json(self, content):
        """A revision keeps the page's own bookkeeping, as Wagtail keeps ``live`` or ``locked``:
        publishing an older draft neither lowers the calendar revision nor forgets that the
        cancellation was sent, or which time and place attendees were told of."""
        page = super().with_content_json(content)
        # Read from the database: ``self`` may be an editor's copy loaded before the last publication.
        kept = ("sequence", "cancellation_sent_at", "announced_details")
        stored = type(self).objects.filter(pk=self.pk).values(*kept).first()
        if stored:
            for name in kept:
                setattr(page, name, stored[name])
        return page

    # State --------------------------------------------------------------------------------

    @property
    def hub(self):
        from communities.models import CommunityHubPage

        return CommunityHubPage.objects.ancestor_of(self).first()

    def discussion_opened_on(self):
        """The hub's "close comments after N days" counts from the day the event ends, there."""
        return self.end_date

    def is_past(self, now=None):
        return self.ends_at is not None and self.ends_at <= (now or timezone.now())

    def sign_ups_open(self, now=None):
        now = now or timezone.now()
        closes = self.sign_ups_close_at
        return self.live and not self.cancelled and closes is not None and now < closes

    def get_context(self, request, *args, **kwargs):
        from events import registrations

        context = super().get_context(request, *args, **kwargs)
        context["hub"] = self.get_parent().specific
        context["places"] = registrations.places(self)
        context["mine"] = registrations.own_registration(self, request)
        follow_up = self.follow_up if self.follow_up_id else None
        context["follow_up"] = follow_up if follow_up is not None and follow_up.live else None
        self.add_discussion(context, request)
        return context


class Registration(models.Model):
    """One person's sign-up for one event."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for e-mail confirmation")
        CONFIRMED = "confirmed", _("Has a place")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    mailbox = models.CharField(_("mailbox"), max_length=254, editable=False)  # townsquare.mail.normalise_email
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, db_index=True)
    language = models.CharField(_("language"), max_length=12, default=settings.LANGUAGE_CODE)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    # When the sign-up was confirmed (at once for a signed-in person): the waitlist's order.
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["created_at", "pk"]
        constraints = [
            # One live sign-up per mailbox and event; someone who cancelled may sign up again.
            models.UniqueConstraint(
                fields=["event", "mailbox"],
                condition=~models.Q(status="cancelled"),
                name="one_live_registration_per_mailbox",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"

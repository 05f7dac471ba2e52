"""Community hubs: the index that lists them and the hub pages themselves.

A hub is a community gathered around a topic customers care about. It owns
its team (``communities.teams``), its comment policy (read by the comment and
moderation apps) and the list of product terms the "not a brochure" check
looks for in its stories.
"""

import datetime
import re

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, InvalidPage, Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Prefetch, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail import blocks, hooks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Collection, Orderable, Page, Workflow
from wagtail.search import index

from communities import teams
from communities.response_targets import MAX_TARGET_HOURS, default_time_zone, time_zone_choices
from communities.routing import OneQueryViewRestrictionsMixin, SpecificChildRoutingMixin
from communities.topics import Topic, with_display_names  # noqa: F401 - Topic: a model of this app, found here
from townsquare.api.fields import TopicsField
from townsquare.cache import PublicPageMixin
from townsquare.models import HeroImageMixin

STORIES_PER_PAGE = 12

CARD_RENDITION = "fill-640x360"


def story_model():
    """``stories.StoryPage``, by name as ``subpage_types`` names it: stories build on communities,
    so communities never imports them (see the README's layout)."""
    return apps.get_model("stories", "StoryPage")


def event_model():
    """``events.EventPage``, by name as ``subpage_types`` names it (events build on communities)."""
    return apps.get_model("events", "EventPage")


UPCOMING_EVENTS = 6
PAST_EVENTS = 3


def story_cards(queryset):
    """Stories ready to render as cards: hero renditions and authors in a fixed number of queries."""
    images = get_image_model().objects.prefetch_renditions(CARD_RENDITION)
    return queryset.select_related("hero_image").prefetch_related(
        Prefetch("hero_image", queryset=images), "story_authors__author"
    )


def paginate(request, queryset, per_page=STORIES_PER_PAGE):
    """The requested page of ``queryset``; a malformed or out-of-range ``?page=`` is a 404."""
    paginator = Paginator(queryset, per_page)
    number = request.GET.get("page", "1")
    try:
        return paginator.page(number)
    except (EmptyPage, InvalidPage):
        raise Http404(_("There is no page %(number)s of this list.") % {"number": number[:20]}) from None


class StoryFeedsMixin(RoutablePageMixin):
    """RSS and Atom feeds of the stories and events below a page, at ``feed/rss/`` and ``feed/atom/``."""

    def feed_stories(self):
        raise NotImplementedError

    def feed_events(self):
        """The live, public events the feed lists (in the page's own language, as its stories)."""
        raise NotImplementedError

    @path("feed/rss/", name="feed_rss")
    def feed_rss(self, request):
        from communities.feeds import StoryRssFeed

        return StoryRssFeed(self)(request)

    @path("feed/atom/", name="feed_atom")
    def feed_atom(self, request):
        from communities.feeds import StoryAtomFeed

        return StoryAtomFeed(self)(request)


class HubIndexPage(PublicPageMixin, SpecificChildRoutingMixin, OneQueryViewRestrictionsMixin, StoryFeedsMixin, Page):
    """The home page of a site (or of a section): lists the community hubs below it."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["wagtailcore.Page", "communities.HubIndexPage"]
    subpage_types = ["communities.CommunityHubPage"]

    class Meta:
        verbose_name = _("hub index page")
        verbose_name_plural = _("hub index pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        images = get_image_model().objects.prefetch_renditions(CARD_RENDITION)
        context["hubs"] = (
            CommunityHubPage.objects.child_of(self)
            .live()
            .public()
            .order_by("title")
            .prefetch_related(Prefetch("hero_image", queryset=images))
        )
        return context

    def child_page_queryset(self):
        return CommunityHubPage.objects.all()

    def latest_stories(self):
        return story_model().objects.live().public().descendant_of(self).order_by("-publication_date", "-pk")

    feed_stories = latest_stories

    def feed_events(self):
        return event_model().objects.live().public().descendant_of(self)

    @path("")
    def index(self, request):
        return self.render(request)

    @path("authors/<str:slug>/", name="author")
    def author(self, request, slug):
        author_model = apps.get_model("stories", "Author")
        # The profile in this site's language; a story may still link one not translated yet: then the original.
        here_first = Case(When(locale_id=self.locale_id, then=Value(0)), default=Value(1))
        author = author_model.objects.select_related("photo").filter(slug=slug).order_by(here_first, "pk").first()
        if author is None:
            raise Http404
        # Their stories here, whichever translation of the profile each one links.
        stories = self.latest_stories().filter(story_authors__author__translation_key=author.translation_key)
        stories = story_cards(stories)
        return self.render(
            request,
            context_overrides={"author": author, "stories": paginate(request, stories)},
            template="communities/author_page.html",
        )


class CommunityHubPageForm(WagtailAdminPageForm):
    """The hub editor: comments open only in a staffed hub (a moderator and guidelines).

    Publishing (or submitting for review) with comments open in a hub nobody moderates is refused,
    with the reason next to "comments open". Saving a draft is allowed: a draft opens nothing, and a
    new hub's moderators group only exists once the hub was saved once.
    """

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("comments_open") and not self.is_deferred_validation:
            hub = self.instance
            guidelines = cleaned_data.get("guidelines", hub.guidelines)
            for problem in teams.staffing_problems(hub, guidelines=guidelines):
                self.add_error("comments_open", problem)
        return cleaned_data


class HubTopic(TaggedItemBase):
    content_object = ParentalKey("communities.CommunityHubPage", on_delete=models.CASCADE, related_name="tagged_items")


class DecisionReasonBlock(blocks.StructBlock):
    """One reason a moderator may give for a decision: a short label moderators pick (and type in
    the reason field), and what the commenter reads."""

    label = blocks.CharBlock(label=_("label"), max_length=80, help_text=_("What moderators pick, e.g. “Off-topic”."))
    explanation = blocks.TextBlock(
        label=_("explanation for the commenter"),
        max_length=600,
        help_text=_("Plain words, addressed to the commenter: what the hub does not allow, and why."),
    )

    class Meta:
        icon = "help"
        label = _("Reason")


class CommunityHubPage(
    HeroImageMixin, PublicPageMixin, SpecificChildRoutingMixin, OneQueryViewRestrictionsMixin, StoryFeedsMixin, Page
):
    """A community gathered around one topic that customers care about."""

    class Premoderation(models.TextChoices):
        ALL = "all", _("Hold every comment for review")
        FIRST_TIME = "first_time", _("Hold comments from first-time commenters")
        FLAGGED = "flagged", _("Hold only comments the rules flag")
        WHEN_AWAY = "when_away", _("Hold first-time comments while the team is away or behind")

    topic_statement = models.CharField(
        _("what this community is about"),
        max_length=255,
        help_text=_("One sentence about the topic, e.g. 'Working well from anywhere'."),
    )
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    topics = ClusterTaggableManager(through=HubTopic, blank=True, verbose_name=_("topics"))
    guidelines = RichTextField(
        _("community guidelines"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        help_text=_("How people should talk to each other here. Linked from the comment form."),
    )

    # Comment policy, read by the comment form and the moderation rules.
    comments_open = models.BooleanField(_("comments open"), default=True)
    premoderation = models.CharField(
        _("pre-moderation"), max_length=20, choices=Premoderation.choices, default=Premoderation.FIRST_TIME
    )
    publish_transparency = models.BooleanField(
        _("publish a yearly moderation summary"),
        default=False,
        help_text=_(
            "Shows visitors, on a page of this hub, how many comments were restricted each year and why, "
            "how many notices and appeals came and how they ended."
        ),
    )
    max_reply_depth = models.PositiveSmallIntegerField(
        _("maximum reply depth"),
        default=3,
        validators=[MinValueValidator(0), MaxValueValidator(8)],
        help_text=_("0 allows no replies; 3 allows a reply to a reply to a reply."),
    )
    close_after_days = models.PositiveIntegerField(
        _("close threads after (days)"),
        null=True,
        blank=True,
        default=180,
        validators=[MinValueValidator(1)],
        help_text=_("Counted from a story's publication date. Leave empty to keep threads open."),
    )

    # Response times: the target for the team's first answer to a visitor's question.
    response_target_hours = models.PositiveSmallIntegerField(
        _("target time to first answer (hours)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TARGET_HOURS)],
        help_text=_("How long the team has to answer a visitor's question, from 1 to 720 hours."),
    )
    response_time_zone = models.CharField(
        _("the team's time zone"),
        max_length=64,
        choices=time_zone_choices,
        default=default_time_zone,
        help_text=_("Where the team's days begin and end."),
    )
    response_working_days_only = models.BooleanField(
        _("count only Monday to Friday"),
        default=True,
        help_text=_("Hours on Saturdays and Sundays in the team's time zone do not count towards the target."),
    )
    # Working hours: when the team reads comments (moderation.coverage tells visitors when it is back).
    team_day_starts = models.TimeField(
        _("the team's day starts at"),
        null=True,
        blank=True,
        default=datetime.time(9),
        help_text=_(
            "In the team's time zone. Outside its hours, visitors are told when the team is back. "
            "Leave both times empty when someone reads comments at any hour."
        ),
    )
    team_day_ends = models.TimeField(_("the team's day ends at"), null=True, blank=True, default=datetime.time(18))

    # Why a moderator rejects or hides a comment, in the hub's own words: the commenter's notice
    # quotes the explanation (moderation.decisions). Each reason keeps its block id in every
    # translation of the hub, so a decision is counted under one reason whatever the language.
    decision_reasons = StreamField(
        [("reason", DecisionReasonBlock())],
        verbose_name=_("reasons for decisions"),
        blank=True,
        help_text=_(
            "The reasons moderators choose from when they reject or hide a comment. The commenter is "
            "e-mailed the explanation, in plain words, with a link to appeal."
        ),
    )

    product_terms = models.TextField(
        _("product and brand terms"),
        blank=True,
        help_text=_(
            "One per line. Editors are warned when they dominate a story's title, body or one of its "
            "sections: communities gather around a topic, not a catalogue."
        ),
    )

    # The hub's team, made by communities.teams when the hub is created (see communities.signals).
    editors_group = models.ForeignKey(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    moderators_group = models.ForeignKey(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    owners_group = models.ForeignKey(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    collection = models.ForeignKey(
        Collection, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    review_workflow = models.ForeignKey(
        Workflow, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("topic_statement"),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("hero_image_alt")], heading=_("Hero image")),
        FieldPanel("topics"),
        InlinePanel("featured_stories", label=_("Featured stories"), max_num=4),
    ]
    community_panels = [
        FieldPanel("guidelines"),
        MultiFieldPanel(
            [
                FieldPanel("comments_open"),
                FieldPanel("premoderation"),
                FieldPanel("max_reply_depth"),
                FieldPanel("close_after_days"),
            ],
            heading=_("Comment policy"),
        ),
        FieldPanel("decision_reasons"),
        FieldPanel("publish_transparency"),
        MultiFieldPanel(
            [
                FieldPanel("response_target_hours"),
                FieldPanel("response_time_zone"),
                FieldPanel("response_working_days_only"),
                FieldPanel("team_day_starts"),
                FieldPanel("team_day_ends"),
            ],
            heading=_("Response times"),
        ),
        FieldPanel("product_terms"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(community_panels, heading=_("Community")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = [*Page.search_fields, index.SearchField("topic_statement"), index.SearchField("intro")]
    # The open read API (docs/api.md): what visitors read on the hub's page, never its team,
    # comment policy, response targets, product terms or decision reasons.
    api_fields = [
        APIField("topic_statement"),
        APIField("intro"),
        APIField("guidelines"),
        APIField("hero_image"),
        APIField("hero_image_alt"),
        APIField("hero_image_card", serializer=ImageRenditionField(CARD_RENDITION, source="hero_image")),
        APIField("topics", serializer=TopicsField()),
    ]

    parent_page_types = ["communities.HubIndexPage"]
    subpage_types = ["stories.StoryPage", "events.EventPage"]
    base_form_class = CommunityHubPageForm

    class Meta:
        verbose_name = _("community hub")
        verbose_name_plural = _("community hubs")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The title as stored, so that communities.signals can tell a rename after a save.
        self.loaded_title = self.title if self.pk else None

    @property
    def is_translation_copy(self):
        """True for a translation of a hub that exists in another locale first (the team's owner)."""
        return (
            CommunityHubPage.objects.filter(translation_key=self.translation_key)
            .exclude(pk=self.pk)
            .filter(pk__lt=self.pk)
            .exists()
        )

    def clean(self):
        super().clean()
        starts, ends = self.team_day_starts, self.team_day_ends
        if (starts is None) != (ends is None):
            raise ValidationError({"team_day_ends": _("Give both times of the team's day, or neither.")})
        if starts is not None and starts >= ends:
            raise ValidationError({"team_day_ends": _("The team's day must end after it starts.")})

    @property
    def is_staffed(self):
        """True when someone on the hub's team moderates it and its guidelines are written."""
        return not teams.staffing_problems(self)

    @property
    def product_term_list(self):
        return [term.strip() for term in re.split(r"[\n,]", self.product_terms) if term.strip()]

    def child_page_queryset(self):
        return story_model().objects.select_related("hero_image")

    def stories(self):
        return story_model().objects.child_of(self).live().public().order_by("-publication_date", "-pk")

    def feed_stories(self):
        return self.stories()

    def events(self):
        return event_model().objects.child_of(self).live().public()

    def feed_events(self):
        return self.events()

    def upcoming_and_past_events(self, now=None):
        """The next events (still running or to come, soonest first) and the latest past ones."""
        now = now or timezone.now()
        events = self.events().select_related("locale")
        upcoming = list(events.filter(ends_at__gt=now).order_by("starts_at", "pk")[:UPCOMING_EVENTS])
        past = list(events.filter(ends_at__lte=now).order_by("-starts_at", "-pk")[:PAST_EVENTS])
        return upcoming, past

    @path("transparency/", name="transparency")
    @path("transparency/<int:year>/", name="transparency_year")
    def transparency(self, request, year=None):
        """The hub's yearly moderation summary, when its owners publish one. The figures belong to
        the apps above this one, which give them through the ``hub_transparency_summary`` hook: a
        dict with the ``template`` that shows them."""
        if not self.publish_transparency:
            raise Http404(_("This community does not publish a moderation summary."))
        this_year = datetime.date.today().year
        year = year or this_year
        if not 2000 <= year <= this_year:
            raise Http404(_("There is no moderation summary for that year."))
        parts = [part for fill in hooks.get_hooks("hub_transparency_summary") if (part := fill(self, year))]
        return self.render(
            request,
            template="communities/hub_transparency.html",
            context_overrides={
                "year": year,
                "summary_parts": parts,
                "years": list(range(this_year, max(2000, this_year - 5) - 1, -1)),
            },
        )

    @path("")
    def index(self, request):
        stories = self.stories()
        topic = None
        topic_slug = request.GET.get("topic")
        if topic_slug:
            topic = with_display_names(Tag.objects.filter(slug=topic_slug[:100]), self.locale_id).first()
            if topic is None:
                raise Http404(_("There is no topic called “%(topic)s”.") % {"topic": topic_slug[:100]})
            stories = stories.filter(topics=topic)
        page = paginate(request, story_cards(stories))
        featured = []
        if page.number == 1 and topic is None:
            featured = [
                link.story
                for link in self.featured_stories.select_related("story").prefetch_related(
                    Prefetch(
                        "story__hero_image", queryset=get_image_model().objects.prefetch_renditions(CARD_RENDITION)
                    )
                )
                if link.story.live
            ]
        topics = with_display_names(
            Tag.objects.filter(stories_storytopic_items__content_object__in=self.stories()).distinct(), self.locale_id
        ).order_by("display_name")
        upcoming, past = self.upcoming_and_past_events() if page.number == 1 and topic is None else ([], [])
        return self.render(
            request,
            context_overrides={
                "stories": page,
                "topic": topic,
                "topics": topics,
                "featured": featured,
                "upcoming_events": upcoming,
                "past_events": past,
            },
        )


class HubFeaturedStory(Orderable):
    hub = ParentalKey(CommunityHubPage, on_delete=models.CASCADE, related_name="featured_stories")
    story = models.ForeignKey("stories.StoryPage", verbose_name=_("story"), on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("story", page_type="stories.StoryPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured story")

"""Employee stories and the people behind them.

``Author`` is a snippet: employees' public profiles, shared by every hub.
``StoryPage`` lives under a community hub; its body is a StreamField of the
blocks in ``stories.blocks``.
"""

import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page, PreviewableMixin, TranslatableMixin
from wagtail.search import index

from communities.models import CARD_RENDITION
from communities.routing import OneQueryViewRestrictionsMixin
from communities.topics import localize_topics
from stories.blocks import StoryBodyBlock
from stories.brochure import check_story
from stories.panels import BrochureGuidancePanel
from townsquare.api.fields import AuthorsField, TopicsField
from townsquare.cache import PublicPageMixin
from townsquare.models import HeroImageMixin

WORDS_PER_MINUTE = 230


class DiscussedPageMixin:
    """A page readers comment on, below it: stories, and events (``events``, above this app).

    The page says when its discussion opened (``discussion_opened_on``) and whether its editors
    closed it (a ``comments_closed`` field); the hub says whether comments are open at all and for
    how long. The discussion itself belongs to the app that owns comments, above both: it fills the
    page's context through the ``discussion_page_context`` hook."""

    def discussion_opened_on(self):
        raise NotImplementedError

    def comments_are_open(self, hub=None, today=None):
        """Whether readers may post: the hub allows it, the page is not closed, the thread not expired."""
        hub = hub or self.hub
        if self.comments_closed or hub is None or not hub.comments_open:
            return False
        if hub.close_after_days:
            today = today or timezone.localdate()
            return (today - self.discussion_opened_on()).days <= hub.close_after_days
        return True

    def add_discussion(self, context, request):
        """Put the discussion's threads and form into ``context``. A page previewed before its
        first save has none."""
        context["comments_open"] = self.comments_are_open(hub=context["hub"])
        if self.pk is not None:
            for fill in hooks.get_hooks("discussion_page_context"):
                context.update(fill(self, request))


class Author(TranslatableMixin, PreviewableMixin, index.Indexed, ClusterableModel):
    """An employee's public profile: readers see the people behind the company."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, allow_unicode=True, blank=True)
    role = models.CharField(_("role"), max_length=120, help_text=_("e.g. 'Product designer'"))
    team = models.CharField(_("team"), max_length=120, blank=True)
    region = models.CharField(_("region"), max_length=120, blank=True, help_text=_("e.g. 'Lyon, France'"))
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = models.TextField(_("short bio"), max_length=600, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Wagtail user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profiles",
        help_text=_("Optional: links the profile to the employee's account."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("team"),
        FieldPanel("region"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.SearchField("role")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_author_slug_per_locale"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)[:140] or "author"
        super().save(*args, **kwargs)

    def get_preview_template(self, request, mode_name):
        return "stories/author_preview.html"

    def get_preview_context(self, request, mode_name):
        return {"author": self, "stories": self.stories()[:5]}

    @classmethod
    def in_locale(cls, authors, locale):
        """``authors`` as they read in ``locale``: each one's translation there when there is one,
        else the author itself. One query for them all, none when they all are in ``locale``."""
        locale_id = getattr(locale, "pk", locale)
        keys = {author.translation_key for author in authors if author.locale_id != locale_id}
        if not keys:
            return list(authors)
        translations = cls.objects.filter(translation_key__in=keys, locale_id=locale_id).select_related("photo")
        found = {author.translation_key: author for author in translations}
        return [found.get(author.translation_key, author) for author in authors]

    def stories(self):
        """Live, public stories this person wrote, newest first."""
        return StoryPage.objects.live().public().filter(story_authors__author=self).order_by("-publication_date")


class StoryTopic(TaggedItemBase):
    content_object = ParentalKey("stories.StoryPage", on_delete=models.CASCADE, related_name="tagged_items")


class StoryPage(DiscussedPageMixin, HeroImageMixin, PublicPageMixin, OneQueryViewRestrictionsMixin, Page):
    """A story written by employees for the community of one hub."""

    standfirst = models.TextField(
        _("standfirst"), max_length=400, help_text=_("Two or three sentences that make people want to read on.")
    )
    publication_date = models.DateField(_("publication date"), default=timezone.localdate)
    body = StreamField(StoryBodyBlock(), verbose_name=_("body"), blank=True)
    topics = ClusterTaggableManager(
        through=StoryTopic, blank=True, verbose_name=_("topics"), help_text=_("What the story is about.")
    )
    comments_closed = models.BooleanField(
        _("close comments on this story"),
        default=False,
        help_text=_("Readers can still read the discussion but not add to it."),
    )
    reading_minutes = models.PositiveSmallIntegerField(_("reading time in minutes"), default=1, editable=False)

    content_panels = [
        BrochureGuidancePanel(heading=_("What to write about")),
        *Page.content_panels,
        FieldPanel("standfirst"),
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("hero_image_alt")], heading=_("Hero image")),
        InlinePanel("story_authors", label=_("Authors"), min_num=1),
        FieldPanel("body"),
        FieldPanel("topics"),
        InlinePanel("related_stories", label=_("Related stories")),
    ]
    settings_panels = [*Page.settings_panels, FieldPanel("publication_date"), FieldPanel("comments_closed")]

    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.FilterField("publication_date"),
    ]
    # The open read API (docs/api.md). The body is in a story's own answer only (``detail_only_fields``).
    api_fields = [
        APIField("standfirst"),
        APIField("publication_date"),
        APIField("body"),
        APIField("hero_image"),
        APIField("hero_image_alt"),
        APIField("hero_image_card", serializer=ImageRenditionField(CARD_RENDITION, source="hero_image")),
        APIField("authors", serializer=AuthorsField()),
        APIField("topics", serializer=TopicsField()),
        APIField("reading_minutes"),
    ]

    parent_page_types = ["communities.CommunityHubPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def clean(self):
        super().clean()
        from communities.models import CommunityHubPage

        parent = self.get_parent() if self.depth else None
        if parent is not None and parent.specific_class is not CommunityHubPage:
            raise ValidationError(_("A story belongs inside a community hub: create it from the hub's page."))

    def save(self, *args, **kwargs):
        self.reading_minutes = self.compute_reading_minutes()
        return super().save(*args, **kwargs)

    def compute_reading_minutes(self):
        words = len(self.standfirst.split())
        for block in self.body:
            if block.block_type == "paragraph":
                words += len(strip_tags(block.value.source).split())
            elif block.block_type == "pull_quote":
                words += len(block.value["quote"].split())
            elif block.block_type == "question":
                words += len(block.value["question"].split()) + len(block.value["context"].split())
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    @property
    def hub(self):
        from communities.models import CommunityHubPage

        return CommunityHubPage.objects.ancestor_of(self).first()

    def discussion_opened_on(self):
        return self.publication_date

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        hub = self.get_parent().specific
        context["hub"] = hub
        context["home"] = hub.get_parent().specific  # author pages live under the hub index
        # Each author as they read in the story's language: a translated story may still link the
        # profile of the language it was translated from.
        links = self.story_authors.select_related("author", "author__photo").all()
        context["authors"] = Author.in_locale([link.author for link in links], self.locale_id)
        # Live related stories, from the links in one query (no per-page view-restriction check:
        # related stories are teasers, and each story page checks its own restrictions when opened).
        context["related"] = [
            link.related
            for link in self.related_stories.select_related("related").order_by("sort_order")
            if link.related.live
        ]
        context["topics"] = localize_topics(self.topics.all(), self.locale_id)
        if getattr(request, "is_preview", False):
            # Shown in the preview only, where the editor's Checks panel finds it (``stories.content_checks``).
            context["brochure_report"] = check_story(self, hub.product_term_list)
        self.add_discussion(context, request)
        return context


class StoryAuthor(TranslatableMixin, Orderable):
    """An author of a story. Translatable with its story, so that wagtail-localize links a story's
    translation to the author's profile in that language (a related object it maps) once the
    profile is translated, and to the original profile until then."""

    story = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="story_authors")
    author = models.ForeignKey(Author, verbose_name=_("author"), on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("author")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("story author")
        constraints = [models.UniqueConstraint(fields=["story", "author"], name="unique_story_author")]


class RelatedStory(Orderable):
    story = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="related_stories")
    related = models.ForeignKey(
        StoryPage, verbose_name=_("related story"), on_delete=models.CASCADE, related_name="related_from"
    )

    panels = [PageChooserPanel("related", page_type="stories.StoryPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("related story")

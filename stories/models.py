"""Employee stories: the pages people publish inside a community hub."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alternative text"), max_length=255, help_text=_("Describe the image for people who cannot see it.")
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image with caption")
        template = "stories/blocks/image_block.html"


class StoryBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Text"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "blockquote"]
    )
    image = ImageBlock()


class StoryPage(Page):
    """A story written by employees for the community of one hub."""

    standfirst = models.TextField(
        _("standfirst"), max_length=400, help_text=_("Two or three sentences that make people want to read on.")
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_image_alt = models.CharField(_("hero image alternative text"), max_length=255, blank=True)
    publication_date = models.DateField(_("publication date"), default=timezone.localdate)
    body = StreamField(StoryBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("standfirst"),
        FieldPanel("hero_image"),
        FieldPanel("hero_image_alt"),
        FieldPanel("publication_date"),
        FieldPanel("body"),
    ]

    parent_page_types = ["communities.CommunityHubPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")

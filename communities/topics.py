"""Topic names in every language: the translatable names of the tags stories and hubs carry.

A topic is a taggit ``Tag``: its slug is the stable key that addresses, search facets and
filters use, the same in every language. ``Topic`` is the snippet that gives a tag its
display name in one locale; wagtail-localize translates it like any translatable snippet (the
tag is copied to the translation, only the name is translated). A tag without a ``Topic`` in
a locale shows its own name there.

Everything that shows a topic's name to the public reads it through the functions below, in
a fixed number of queries: ``with_display_names`` for a queryset of tags (no query of its
own), ``localize_topics`` for tags at hand, ``topic_names`` for a ``{tag id: name}`` map.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField


class Topic(TranslatableMixin, models.Model):
    """A topic's name in one language."""

    tag = models.ForeignKey(
        Tag,
        verbose_name=_("tag"),
        on_delete=models.CASCADE,
        related_name="localized_names",
        help_text=_("The tag stories and hubs carry. Its web address stays the same in every language."),
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("The topic's name in this language."))

    panels = [FieldPanel("tag"), FieldPanel("name")]
    # The tag is the key shared by every language: copied to translations, never changed by a translator.
    translatable_fields = [SynchronizedField("tag", overridable=False), TranslatableField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["tag", "locale"], name="unique_topic_per_locale")]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        # The admin form has no locale field, so the unique constraint is checked here, with a message.
        if (
            self.tag_id
            and self.locale_id
            and Topic.objects.filter(tag_id=self.tag_id, locale_id=self.locale_id).exclude(pk=self.pk).exists()
        ):
            raise ValidationError({"tag": _("This topic already has a name in this language.")})


def _in_locale(locale):
    """A filter on ``Topic`` for ``locale``: a ``Locale``, its id, or its language code."""
    if isinstance(locale, str):
        return {"locale__language_code": locale}
    return {"locale": locale}


def with_display_names(tags, locale):
    """A queryset of tags, each annotated with ``display_name``: its name in ``locale``.

    The one rule for a topic's name: its ``Topic`` in that locale, else the tag's own name.
    It adds no query: the name is a subquery of the tags' own query.
    """
    names = Topic.objects.filter(tag=OuterRef("pk"), **_in_locale(locale)).values("name")[:1]
    return tags.annotate(display_name=Coalesce(Subquery(names), F("name")))


def topic_names(tags, locale):
    """``{tag id: display name in locale}`` of ``tags`` (Tag objects): one query for them all."""
    ids = {tag.pk for tag in tags}
    if not ids:
        return {}
    return dict(with_display_names(Tag.objects.filter(pk__in=ids), locale).values_list("pk", "display_name"))


def localize_topics(tags, locale):
    """``tags`` as a list, each with ``display_name`` in ``locale``.

    A queryset is annotated (its own query, nothing more); tags already at hand (prefetched, or
    in memory in a preview) cost one query for them all.
    """
    if isinstance(tags, models.QuerySet):
        return list(with_display_names(tags, locale))
    tags = list(tags)
    names = topic_names(tags, locale)
    for tag in tags:
        tag.display_name = names.get(tag.pk, tag.name)
    return tags


def ensure_default_topic(tag):
    """Give ``tag`` its ``Topic`` in the site's default language, named after it, when it has none:
    every topic is then listed in the admin's Topics, ready to translate."""
    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    locale = Locale.objects.filter(language_code=language).first()
    if locale is not None:
        Topic.objects.get_or_create(tag=tag, locale=locale, defaults={"name": tag.name[:100]})

"""Model pieces shared by Townsquare's page types."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class HeroImageMixin(models.Model):
    """A page's hero image and its alternative text, required whenever there is an image."""

    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_image_alt = models.CharField(
        _("hero image alternative text"),
        max_length=255,
        blank=True,
        help_text=_("Describe the picture for people who cannot see it. Required with a hero image."),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_image_alt.strip():
            raise ValidationError({"hero_image_alt": _("Describe the hero image for people who cannot see it.")})

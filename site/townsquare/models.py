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


class TaskEffect(models.Model):
    """An outside effect (an e-mail sent) of one run of a background task, recorded so that the
    task, started again after its worker was killed, does not repeat it (``townsquare.task_runs``).
    The rows of a task go when it finishes."""

    run = models.UUIDField(_("task"), db_index=True)
    key = models.CharField(_("effect"), max_length=64)
    done_at = models.DateTimeField(_("done at"), auto_now_add=True)

    class Meta:
        verbose_name = _("task effect")
        verbose_name_plural = _("task effects")
        constraints = [models.UniqueConstraint(fields=["run", "key"], name="task_effect_once_per_run")]

    def __str__(self):
        return f"{self.run} {self.key[:12]}"

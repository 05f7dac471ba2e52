"""The fediverse's view of Townsquare: hub actors, the servers and people they talk to, what
they sent and what was sent to them.

- ``HubActor``: a hub as an ActivityPub actor (``@workshifting@host``), one for all the hub's
  translations (its stories go out with every language they are live in); off until an
  administrator switches it on; its key pair made on first use.
- ``RemoteActor``: a person (or server) of another server, fetched from its address and cached.
- ``Follower``: who follows which hub, accepted or waiting for the hub's approval.
- ``BlockedDomain``: servers refused at the inbox and never delivered to.
- ``Delivery``: one activity to one inbox (a shared inbox serves every follower on that server),
  retried with backoff; the delivery log in the admin.
- ``ReceivedActivity``: what inboxes took in, by activity id and by signature: a repeated delivery
  changes nothing, a replayed request is refused.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HubActor(models.Model):
    # Its hub's pages are no "usage" worth listing.
    wagtail_reference_index_ignore = True

    hub = models.OneToOneField(
        "communities.CommunityHubPage", verbose_name=_("hub"), on_delete=models.CASCADE, related_name="actor"
    )
    username = models.SlugField(
        _("fediverse name"),
        max_length=60,
        unique=True,
        help_text=_("People follow the hub as @name@this-site, e.g. “workshifting”."),
    )
    enabled = models.BooleanField(
        _("followable from the fediverse"),
        default=False,
        help_text=_(
            "Stories and events go out to followers; their replies come back as comments, moderated "
            "like every comment."
        ),
    )
    approve_followers = models.BooleanField(
        _("approve each follower"),
        default=False,
        help_text=_("When on, a moderator of the hub accepts each follow request; otherwise follows are accepted."),
    )
    private_key = models.TextField(blank=True, editable=False)
    public_key = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("fediverse hub")
        verbose_name_plural = _("fediverse hubs")
        ordering = ["username"]

    def __str__(self):
        return f"@{self.username}"


class RemoteActor(models.Model):
    uri = models.URLField(_("address"), max_length=500, unique=True)
    domain = models.CharField(_("server"), max_length=255, db_index=True)
    username = models.CharField(_("name"), max_length=255, blank=True)
    name = models.CharField(_("display name"), max_length=255, blank=True)
    profile_url = models.URLField(_("profile"), max_length=500, blank=True)
    inbox = models.URLField(_("inbox"), max_length=500)
    shared_inbox = models.URLField(_("shared inbox"), max_length=500, blank=True)
    key_id = models.URLField(_("key"), max_length=500, db_index=True)
    public_key = models.TextField(_("public key"))
    fetched_at = models.DateTimeField(_("fetched at"))

    class Meta:
        verbose_name = _("fediverse account")
        verbose_name_plural = _("fediverse accounts")

    def __str__(self):
        return self.handle

    @property
    def handle(self):
        """``@name@server`` as people write it (with the port, where the server has one)."""
        from urllib.parse import urlsplit

        return f"@{self.username}@{urlsplit(self.uri).netloc.lower()}" if self.username else self.uri

    @property
    def delivery_inbox(self):
        return self.shared_inbox or self.inbox


class Follower(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        ACCEPTED = "accepted", _("Following")
        REJECTED = "rejected", _("Refused")

    hub_actor = models.ForeignKey(HubActor, verbose_name=_("hub"), on_delete=models.CASCADE, related_name="followers")
    actor = models.ForeignKey(
        RemoteActor, verbose_name=_("follower"), on_delete=models.CASCADE, related_name="follows"
    )
    follow_id = models.URLField(_("follow request"), max_length=500)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [models.UniqueConstraint(fields=["hub_actor", "actor"], name="federation_follow_once")]
        indexes = [models.Index(fields=["hub_actor", "status", "-created_at"], name="federation_followers_idx")]

    def __str__(self):
        return f"{self.actor} → {self.hub_actor}"


class BlockedDomain(models.Model):
    domain = models.CharField(
        _("server"),
        max_length=255,
        unique=True,
        help_text=_("A host name, e.g. “spam.example”: it and every name under it are blocked."),
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("blocked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("blocked server")
        verbose_name_plural = _("blocked servers")
        ordering = ["domain"]

    def __str__(self):
        return self.domain


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")
        REFUSED = "refused", _("Refused address")
        CANCELLED = "cancelled", _("Cancelled")

    hub_actor = models.ForeignKey(HubActor, verbose_name=_("hub"), on_delete=models.CASCADE, related_name="deliveries")
    inbox = models.URLField(_("inbox"), max_length=500)
    domain = models.CharField(_("server"), max_length=255)
    activity_type = models.CharField(_("activity"), max_length=20)
    object_id = models.URLField(_("object"), max_length=500, blank=True)
    # The activity as sent; dropped once the delivery is finished.
    body = models.TextField(_("body"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("fediverse delivery")
        verbose_name_plural = _("fediverse deliveries")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="federation_delivery_due_idx"),
            models.Index(fields=["-created_at"], name="federation_delivery_log_idx"),
        ]

    def __str__(self):
        return f"{self.activity_type} → {self.inbox}"


class ReceivedActivity(models.Model):
    activity_id = models.URLField(max_length=500, unique=True)
    signature = models.CharField(max_length=64, unique=True)  # SHA-256 of the Signature header
    actor = models.URLField(max_length=500)
    activity_type = models.CharField(max_length=20)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("received activity")
        verbose_name_plural = _("received activities")

    def __str__(self):
        return self.activity_id

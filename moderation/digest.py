"""E-mail digests of newly held comments for hub moderators, at most one per interval each.

A hub nobody on its team moderates (no active moderator or owner with an e-mail address) is
*unstaffed*: its held comments go to the site's moderators (superusers and those given the
permission for every hub), and their digest says so, so that no comment waits for nobody.

``send_digests`` runs after a comment is held (a background task) and from
``manage.py send_moderation_digests`` (cron or a scheduler, every few
minutes), so nothing waits longer than the interval plus the schedule.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from communities.models import CommunityHubPage
from moderation.models import Comment, ModerationSettings, ModeratorDigest
from moderation.permissions import MODERATE, comment_moderation_policy, moderated_hub_ids
from townsquare import task_runs


def site_moderators():
    """Active users with an e-mail address who moderate every hub: superusers, and users given the
    moderation permission for the whole site."""
    users = comment_moderation_policy.users_with_any_permission([MODERATE]).exclude(email="")
    return [user for user in users.order_by("pk") if moderated_hub_ids(user) is None]


def team_moderators_by_hub():
    """{user: {hub ids}} for every active moderator or owner with an e-mail address, through the hubs' teams."""
    result = {}
    hubs = CommunityHubPage.objects.values_list("pk", "moderators_group_id", "owners_group_id")
    group_hubs = {}
    for hub_id, moderators, owners in hubs:
        for group in (moderators, owners):
            if group:
                group_hubs.setdefault(group, set()).add(hub_id)
    users = get_user_model().objects.filter(groups__in=group_hubs, is_active=True).exclude(email="")
    for user in users.prefetch_related("groups").distinct():
        for group in user.groups.all():
            result.setdefault(user, set()).update(group_hubs.get(group.pk, set()))
    return result


def unstaffed_hub_ids(team_moderators=None):
    """Ids of the hubs whose team has nobody to send a digest to."""
    team_moderators = team_moderators_by_hub() if team_moderators is None else team_moderators
    staffed = set().union(*team_moderators.values()) if team_moderators else set()
    return set(CommunityHubPage.objects.exclude(pk__in=staffed).values_list("pk", flat=True))


def moderators_by_hub(team_moderators=None, unstaffed=None):
    """{user: {hub ids}} to send held comments to: each hub's team moderators and owners, and for
    unstaffed hubs the site's moderators (``site_moderators``)."""
    result = team_moderators_by_hub() if team_moderators is None else team_moderators
    unstaffed = unstaffed_hub_ids(result) if unstaffed is None else unstaffed
    if unstaffed:
        for user in site_moderators():
            result.setdefault(user, set()).update(unstaffed)
    return result


def send_digests(now=None):
    """Send each due moderator one e-mail listing comments held since their last digest; return how many."""
    now = now or timezone.now()
    interval = timedelta(minutes=ModerationSettings.load().digest_minutes)
    last_sent = dict(ModeratorDigest.objects.values_list("user_id", "last_sent_at"))
    sent = 0
    team_moderators = team_moderators_by_hub()
    unstaffed = unstaffed_hub_ids(team_moderators)
    for user, hub_ids in moderators_by_hub(team_moderators, unstaffed).items():
        since = last_sent.get(user.pk)
        if since is not None and now - since < interval:
            continue
        held = Comment.objects.filter(state=Comment.State.HELD, hidden_with=None, hub_id__in=hub_ids)
        if since is not None:
            held = held.filter(Q(submit_date__gt=since) | Q(moderated_at__gt=since))
        held = list(held.select_related("page", "hub").order_by("submit_date")[:50])
        if not held:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            routed = sorted({comment.hub.title for comment in held if comment.hub_id in unstaffed})
            context = {
                "user": user,
                "comments": held,
                "unstaffed_hubs": routed,
                "queue_url": settings.WAGTAILADMIN_BASE_URL + reverse("moderation-pending:index"),
                "site_name": settings.WAGTAIL_SITE_NAME,
            }
            subject = ngettext(
                "%(count)d comment is waiting for review", "%(count)d comments are waiting for review", len(held)
            ) % {"count": len(held)}
            body = render_to_string("moderation/email/digest.txt", context)
            # Once per task, even when the task is started again after its worker was killed.
            task_runs.once(
                f"digest\n{user.email}",
                lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]),  # noqa: B023 - called at once
            )
        ModeratorDigest.objects.update_or_create(user=user, defaults={"last_sent_at": now})
        sent += 1
    return sent

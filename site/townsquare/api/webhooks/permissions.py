"""Who may manage which webhooks, as a Wagtail permission policy on ``Webhook``.

A webhook belongs to a hub; its hub's owners manage it:

* superusers manage every hub's webhooks;
* the members of a hub's owners group manage that hub's webhooks (and its translations', which
  share the team): nobody ticks anything for them;
* a hub's other team group (editors, moderators) given a webhook permission in Settings →
  Groups ("Webhook: Add", "Change", "Delete", "View") has it for that hub only;
* any other group given it, or a user given it directly, has it for every hub.

The listing, every form and the delivery log ask here, on the server; a webhook of a hub the
user does not manage is not found (404).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from wagtail.permission_policies.base import ModelPermissionPolicy

from communities.models import CommunityHubPage

APP_LABEL = "webhooks"
ACTIONS = ("add", "change", "delete", "view")
# Cached on the user object, per action, as Django caches permissions there: once per request at most.
CACHE_ATTRIBUTE = "_townsquare_webhook_hubs"


def _codename(action):
    return f"{action}_webhook"


def _team_groups(hubs):
    return {pk for row in hubs.values_list("editors_group_id", "moderators_group_id", "owners_group_id") for pk in row}


class WebhookPermissionPolicy(ModelPermissionPolicy):
    """Webhooks scoped to the hubs a user owns (see the module's docstring)."""

    def __init__(self):
        super().__init__("webhooks.Webhook")

    def hub_ids_for_user(self, user, action):
        """Ids of the hubs whose webhooks ``user`` may ``action``, or None for "every hub"."""
        if not user.is_authenticated or not user.is_active:
            return set()
        if user.is_superuser:
            return None
        cache = user.__dict__.setdefault(CACHE_ATTRIBUTE, {})
        if action not in cache:
            cache[action] = self._compute_hub_ids(user, action)
        return cache[action]

    def _compute_hub_ids(self, user, action):
        permission = f"{APP_LABEL}.{_codename(action)}"
        if permission in user.get_user_permissions():
            return None
        owned = self.owned_hub_ids(user)
        if permission not in user.get_group_permissions():
            return owned
        holding = Group.objects.filter(
            user=user, permissions__content_type__app_label=APP_LABEL, permissions__codename=_codename(action)
        )
        holding_ids = set(holding.values_list("pk", flat=True))
        teams = CommunityHubPage.objects.filter(
            Q(editors_group__in=holding_ids) | Q(moderators_group__in=holding_ids) | Q(owners_group__in=holding_ids)
        ).order_by()
        if holding_ids - _team_groups(teams):
            return None  # a group that is no hub's team: every hub
        return owned | set(teams.values_list("pk", flat=True))

    def owned_hub_ids(self, user):
        """Ids of the hubs whose owners group ``user`` is in: one query, once per request (the
        admin's menu asks for every action on every page)."""
        cache = user.__dict__.setdefault(CACHE_ATTRIBUTE, {})
        if "owned" not in cache:
            cache["owned"] = set(
                CommunityHubPage.objects.filter(owners_group__user=user).order_by().values_list("pk", flat=True)
            )
        return cache["owned"]

    def hub_ids_for_any(self, user, actions):
        """Ids of the hubs whose webhooks ``user`` may do any of ``actions`` to, or None for all."""
        found = set()
        for action in actions:
            hubs = self.hub_ids_for_user(user, action)
            if hubs is None:
                return None
            found |= hubs
        return found

    def manageable_hubs(self, user, actions):
        """The hubs ``user`` may do any of ``actions`` to webhooks of, by title (form and filter choices)."""
        hubs = self.hub_ids_for_any(user, actions)
        queryset = CommunityHubPage.objects.select_related("locale").order_by("title", "locale__language_code")
        return queryset if hubs is None else queryset.filter(pk__in=hubs)

    # -- Wagtail's permission policy API -----------------------------------------------------------

    def user_has_permission(self, user, action):
        hubs = self.hub_ids_for_user(user, action)
        return hubs is None or bool(hubs)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        hubs = self.hub_ids_for_user(user, action)
        return hubs is None or instance.hub_id in hubs

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        webhooks = self.model._default_manager.all()
        hubs = self.hub_ids_for_any(user, actions)
        return webhooks if hubs is None else webhooks.filter(hub_id__in=hubs)

    def _holders(self, actions):
        return Permission.objects.filter(
            content_type__app_label=APP_LABEL, codename__in=[_codename(action) for action in actions]
        )

    def users_with_any_permission(self, actions):
        hubs = CommunityHubPage.objects.order_by()
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(
                Q(is_superuser=True)
                | Q(user_permissions__in=self._holders(actions))
                | Q(groups__permissions__in=self._holders(actions))
                | Q(groups__in=hubs.values("owners_group_id"))
            )
            .distinct()
        )

    def users_with_any_permission_for_instance(self, actions, instance):
        hubs = CommunityHubPage.objects.order_by()
        hub = hubs.filter(pk=instance.hub_id)
        holding = Group.objects.filter(permissions__in=self._holders(actions))
        every_team = [hubs.values(f"{role}_group_id") for role in ("editors", "moderators", "owners")]
        this_team = [hub.values(f"{role}_group_id") for role in ("editors", "moderators", "owners")]
        outside_teams = holding
        for groups in every_team:
            outside_teams = outside_teams.exclude(pk__in=groups)
        team_holding = Q()
        for groups in this_team:
            team_holding |= Q(groups__in=holding.filter(pk__in=groups))
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(
                Q(is_superuser=True)
                | Q(user_permissions__in=self._holders(actions))
                | Q(groups__in=hub.values("owners_group_id"))
                | Q(groups__in=outside_teams)
                | team_holding
            )
            .distinct()
        )


webhook_permission_policy = WebhookPermissionPolicy()

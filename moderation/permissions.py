"""Who may moderate what, as a Wagtail permission policy on comments.

The right to moderate is Django's ``moderation.change_comment`` permission ("Comment: Change" in
Settings → Groups); where it applies comes from the hubs:

* superusers moderate every hub;
* the members of a hub's moderators or owners group moderate that hub (and its translations,
  which share the team): the hub names its team, ``communities.teams`` provisions it, nobody
  ticks anything for them;
* a hub's other team group (its editors) given the permission moderates that hub only;
* any other group given the permission, or a user given it directly, moderates every hub.

Every queue, filter, action and bulk action asks here on the server; menus only hide what
these functions would refuse anyway. The functions at the end of the module are the policy's
shorthands that the views call.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Exists, OuterRef, Q
from wagtail.permission_policies.base import ModelPermissionPolicy

from communities.models import CommunityHubPage

APP_LABEL = "moderation"
MODERATE = "change"  # the policy's action: changing a comment's state, answering, routing it
CODENAME = "change_comment"
PERMISSION_NAME = f"{APP_LABEL}.{CODENAME}"
# Cached on the user object, as Django caches permissions there: once per request at most.
CACHE_ATTRIBUTE = "_townsquare_moderated_hubs"
_NOT_CACHED = object()


def moderation_permissions():
    """The permission shown in Settings → Groups (for the ``register_permissions`` hook)."""
    return Permission.objects.filter(content_type__app_label=APP_LABEL, codename=CODENAME)


def _team_of_outer_group():
    """Hubs whose team includes the group of the outer query."""
    group = OuterRef("pk")
    return CommunityHubPage.objects.filter(
        Q(editors_group=group) | Q(moderators_group=group) | Q(owners_group=group)
    ).order_by()


def _groups_holding_permission():
    return Group.objects.filter(permissions__content_type__app_label=APP_LABEL, permissions__codename=CODENAME)


class CommentModerationPolicy(ModelPermissionPolicy):
    """The permission to moderate comments, scoped to hubs (see the module's docstring).

    Actions: ``change`` (moderate) and ``view`` are scoped by hub; any other action on comments
    (``add``, ``delete``) belongs to superusers, since visitors write comments and only an
    erasure deletes them.
    """

    scoped_actions = frozenset({MODERATE, "view"})

    def __init__(self):
        super().__init__("moderation.Comment")

    # -- The hubs a user moderates: the core of every other answer ---------------------------

    def hub_ids_for_user(self, user):
        """Ids of the hubs ``user`` moderates, or None for "every hub"."""
        if not user.is_authenticated or not user.is_active:
            return set()
        if user.is_superuser:
            return None
        cached = getattr(user, CACHE_ATTRIBUTE, _NOT_CACHED)
        if cached is _NOT_CACHED:
            cached = self._compute_hub_ids(user)
            setattr(user, CACHE_ATTRIBUTE, cached)
        return cached

    def _compute_hub_ids(self, user):
        # Django's permission caches on the user are already filled in any admin request
        # (Wagtail checks access_admin through them): reading them costs no query there.
        if PERMISSION_NAME in user.get_user_permissions():
            return None
        groups = user.groups.all()
        team = Q(moderators_group__in=groups) | Q(owners_group__in=groups)
        if PERMISSION_NAME not in user.get_group_permissions():
            # The usual moderator: one query, the hubs whose team they belong to.
            return set(CommunityHubPage.objects.filter(team).order_by().values_list("pk", flat=True))
        # Given the permission through a group: scoped to that group's hub when it is a hub's
        # team group, every hub otherwise. Still one query.
        holding = _groups_holding_permission().filter(user=user)
        rows = (
            CommunityHubPage.objects.annotate(everywhere=Exists(holding.filter(~Exists(_team_of_outer_group()))))
            .filter(Q(everywhere=True) | team | Q(editors_group__in=holding))
            .order_by()
            .values_list("pk", "everywhere")
        )
        hub_ids = set()
        for pk, everywhere in rows:
            if everywhere:
                return None
            hub_ids.add(pk)
        return hub_ids

    # -- Wagtail's permission policy API -------------------------------------------------------

    def user_has_permission(self, user, action):
        if action in self.scoped_actions:
            hubs = self.hub_ids_for_user(user)
            return hubs is None or bool(hubs)
        return user.is_active and user.is_superuser

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if action in self.scoped_actions:
            hubs = self.hub_ids_for_user(user)
            return hubs is None or instance.hub_id in hubs
        return user.is_active and user.is_superuser

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        comments = self.model._default_manager.all()
        if user.is_active and user.is_superuser:
            return comments
        if not self.scoped_actions.intersection(actions):
            return comments.none()
        hubs = self.hub_ids_for_user(user)
        return comments if hubs is None else comments.filter(hub_id__in=hubs)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if not self.scoped_actions.intersection(actions):
            return users.filter(is_superuser=True)
        hubs = CommunityHubPage.objects.order_by()
        return users.filter(
            Q(is_superuser=True)
            | Q(user_permissions__in=moderation_permissions())
            | Q(groups__in=_groups_holding_permission())
            | Q(groups__in=hubs.values("moderators_group_id"))
            | Q(groups__in=hubs.values("owners_group_id"))
        ).distinct()

    def users_with_any_permission_for_instance(self, actions, instance):
        users = get_user_model().objects.filter(is_active=True)
        if not self.scoped_actions.intersection(actions):
            return users.filter(is_superuser=True)
        hub = CommunityHubPage.objects.filter(pk=instance.hub_id).order_by()
        holding = _groups_holding_permission()
        return users.filter(
            Q(is_superuser=True)
            | Q(user_permissions__in=moderation_permissions())
            | Q(groups__in=holding.filter(~Exists(_team_of_outer_group())))
            | Q(groups__in=holding.filter(pk__in=hub.values("editors_group_id")))
            | Q(groups__in=hub.values("moderators_group_id"))
            | Q(groups__in=hub.values("owners_group_id"))
        ).distinct()


comment_moderation_policy = CommentModerationPolicy()


# -- Shorthands every view calls -----------------------------------------------------------------


def moderated_hub_ids(user):
    """Ids of the hubs ``user`` moderates, or None for "every hub" (superusers, site-wide moderators)."""
    return comment_moderation_policy.hub_ids_for_user(user)


def can_moderate_anything(user):
    return comment_moderation_policy.user_has_permission(user, MODERATE)


def scope_comments(queryset, user):
    """``queryset`` (of comments, or of cases about them: appeals, notices, which keep their
    comment's hub) narrowed to the hubs ``user`` moderates."""
    hubs = moderated_hub_ids(user)
    if hubs is None:
        return queryset
    return queryset.filter(hub_id__in=hubs)


def moderates_hub(user, hub_id):
    """Whether ``user`` moderates the hub ``hub_id``: the rule for a case (an appeal, a notice),
    which keeps its hub when its comment is gone."""
    hubs = moderated_hub_ids(user)
    return hubs is None or hub_id in hubs


def can_moderate(user, comment):
    return comment_moderation_policy.user_has_permission_for_instance(user, MODERATE, comment)


def scope_hubs(user):
    hubs = moderated_hub_ids(user)
    queryset = CommunityHubPage.objects.all().order_by("title")
    return queryset if hubs is None else queryset.filter(pk__in=hubs)

"""Who may moderate what: a hub's moderators and owners, for that hub's comments; superusers, all.

Every queue, filter, action and bulk action asks here on the server; menus
only hide what these functions would refuse anyway.
"""

from django.db.models import Q

from communities.models import CommunityHubPage


def moderated_hub_ids(user):
    """Ids of the hubs ``user`` moderates, or None for "every hub" (superusers)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    cached = getattr(user, "_townsquare_moderated_hubs", None)
    if cached is None:
        groups = user.groups.all()
        cached = set(
            CommunityHubPage.objects.filter(Q(moderators_group__in=groups) | Q(owners_group__in=groups)).values_list(
                "pk", flat=True
            )
        )
        user._townsquare_moderated_hubs = cached
    return cached


def can_moderate_anything(user):
    hubs = moderated_hub_ids(user)
    return hubs is None or bool(hubs)


def scope_comments(queryset, user):
    """``queryset`` narrowed to the comments ``user`` may moderate."""
    hubs = moderated_hub_ids(user)
    if hubs is None:
        return queryset
    return queryset.filter(hub_id__in=hubs)


def can_moderate(user, comment):
    hubs = moderated_hub_ids(user)
    return hubs is None or comment.hub_id in hubs


def scope_hubs(user):
    hubs = moderated_hub_ids(user)
    queryset = CommunityHubPage.objects.all().order_by("title")
    return queryset if hubs is None else queryset.filter(pk__in=hubs)

"""The webhook permission policy: hub owners manage their hub's webhooks; a webhook permission
given to a hub's team group holds for that hub, given to another group for every hub."""

from django.contrib.auth.models import Group, Permission

from tests.factories import UserFactory
from tests.webhooks.conftest import make_webhook
from townsquare.api.webhooks.permissions import WebhookPermissionPolicy

ALL = ("add", "change", "delete", "view")


def policy():
    return WebhookPermissionPolicy()


def fresh(user):
    """The user read again: Django and the policy cache permissions on the user object."""
    return type(user).objects.get(pk=user.pk)


def grant(group, *actions):
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="webhooks", codename__in=[f"{a}_webhook" for a in actions])
    )


def test_owners_manage_their_hub_only(world, db):
    owner = fresh(world.users["owner_a"])
    webhook_a = make_webhook(world.hub_a, "http://93.184.215.14/a")
    webhook_b = make_webhook(world.hub_b, "http://93.184.215.14/b")
    for action in ALL:
        assert policy().hub_ids_for_user(owner, action) == {world.hub_a.pk}
        assert policy().user_has_permission_for_instance(owner, action, webhook_a)
        assert not policy().user_has_permission_for_instance(owner, action, webhook_b)
    assert list(policy().instances_user_has_any_permission_for(owner, ALL)) == [webhook_a]
    assert owner in policy().users_with_any_permission_for_instance(["change"], webhook_a)
    assert owner not in policy().users_with_any_permission_for_instance(["change"], webhook_b)


def test_moderators_and_editors_manage_nothing_by_default(world, db):
    moderator = fresh(world.users["moderator_a"])
    assert not policy().user_has_any_permission(moderator, ALL)
    assert moderator not in policy().users_with_any_permission(ALL)


def test_a_team_group_given_the_permission_holds_it_for_its_hub(world, db):
    grant(world.hub_a.moderators_group, "view")
    moderator = fresh(world.users["moderator_a"])
    webhook_a = make_webhook(world.hub_a, "http://93.184.215.14/a")
    webhook_b = make_webhook(world.hub_b, "http://93.184.215.14/b")
    assert policy().hub_ids_for_user(moderator, "view") == {world.hub_a.pk}
    assert policy().hub_ids_for_user(moderator, "change") == set()
    assert moderator in policy().users_with_any_permission_for_instance(["view"], webhook_a)
    assert moderator not in policy().users_with_any_permission_for_instance(["view"], webhook_b)


def test_another_group_given_the_permission_holds_it_everywhere(world, db):
    operators = Group.objects.create(name="Integrations")
    grant(operators, *ALL)
    operator = UserFactory(username="operator", groups=[operators])
    direct = UserFactory(username="direct")
    direct.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="webhooks", codename="view_webhook")
    )
    webhook_b = make_webhook(world.hub_b, "http://93.184.215.14/b")
    assert policy().hub_ids_for_user(operator, "delete") is None
    assert policy().hub_ids_for_user(direct, "view") is None
    assert policy().hub_ids_for_user(direct, "change") == set()
    assert {operator, direct} <= set(policy().users_with_any_permission_for_instance(["view"], webhook_b))
    assert policy().hub_ids_for_user(world.users["superuser"], "delete") is None

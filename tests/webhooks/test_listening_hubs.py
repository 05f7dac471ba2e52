"""A comment where no webhook listens costs no query: the hubs with an active webhook are kept
in the shared cache, forgotten as soon as a webhook is saved or deleted."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.webhooks.conftest import make_webhook
from townsquare.api.webhooks import dispatch
from townsquare.api.webhooks.models import Event


def test_the_listening_hubs_are_read_once_then_kept_until_a_webhook_changes(world, db):
    assert dispatch.listening_hubs() == frozenset()
    with CaptureQueriesContext(connection) as queries:
        assert dispatch.subscribed_webhooks({world.hub_a.pk}, {Event.COMMENT_HELD}) == ({}, {})
    assert len(queries) == 0

    webhook = make_webhook(world.hub_a, "https://crm.example.org/hook")
    assert dispatch.listening_hubs() == {world.hub_a.pk}
    by_hub, _hubs = dispatch.subscribed_webhooks({world.hub_a.pk, world.hub_b.pk}, {Event.COMMENT_HELD})
    assert by_hub == {world.hub_a.pk: [webhook]}

    webhook.is_active = False
    webhook.save()
    assert dispatch.listening_hubs() == frozenset()
    make_webhook(world.hub_b, "https://crm.example.org/other").delete()
    assert dispatch.listening_hubs() == frozenset()

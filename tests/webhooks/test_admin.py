"""The Webhooks screens: a hub owner manages their hub's webhooks only; bad URLs are refused
with a form error and store nothing; the secret is shown and rotated; listings cost the same
number of queries at any size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import ModelLogEntry
from wagtail.test.utils import WagtailTestUtils

from tests.utils import assert_permission_denied
from tests.webhooks.conftest import make_webhook
from townsquare.api.webhooks.models import Delivery, DeliveryAttempt, Event, Webhook

INDEX = "/admin/webhooks/"
ADD = "/admin/webhooks/new/"


def soup(response):
    return WagtailTestUtils.get_soup(response.content)


def listed_names(response):
    return sorted(
        link.get_text(strip=True) for link in soup(response).select("table.listing tbody td.title .title-wrapper > a")
    )


def form_data(hub, url="http://93.184.215.14/hook", **fields):
    return {
        "name": "CRM",
        "hub": str(hub.pk),
        "url": url,
        "events": [Event.COMMENT_HELD, Event.FEEDBACK_STATUS_CHANGED],
        "is_active": "on",
        **fields,
    }


@pytest.fixture
def webhooks(world, db):
    return {
        "a": make_webhook(world.hub_a, "http://93.184.215.14/a", name="Garden CRM"),
        "b": make_webhook(world.hub_b, "http://93.184.215.14/b", name="Cycling CRM"),
    }


def as_user(client, world, name):
    client.force_login(world.users[name])
    return client


def test_an_owner_lists_their_hubs_webhooks_only(client, world, webhooks):
    assert listed_names(as_user(client, world, "owner_a").get(INDEX)) == ["Garden CRM"]
    assert listed_names(as_user(client, world, "owner_b").get(INDEX)) == ["Cycling CRM"]
    assert listed_names(as_user(client, world, "superuser").get(INDEX)) == ["Cycling CRM", "Garden CRM"]
    assert listed_names(client.get(INDEX, {"hub": world.hub_b.pk})) == ["Cycling CRM"]
    Webhook.objects.filter(pk=webhooks["a"].pk).update(is_active=False)
    assert listed_names(client.get(INDEX, {"is_active": "true"})) == ["Cycling CRM"]


def test_who_manages_no_hub_is_refused(client, world, webhooks):
    as_user(client, world, "moderator_a")
    assert_permission_denied(client.get(INDEX))
    assert_permission_denied(client.get(ADD))
    assert_permission_denied(client.get(f"/admin/webhooks/edit/{webhooks['a'].pk}/"))
    assert_permission_denied(client.get(f"/admin/webhooks/deliveries/{webhooks['a'].pk}/"))


@pytest.mark.parametrize(
    "path",
    [
        "/admin/webhooks/edit/{pk}/",
        "/admin/webhooks/delete/{pk}/",
        "/admin/webhooks/history/{pk}/",
        "/admin/webhooks/usage/{pk}/",
        "/admin/webhooks/deliveries/{pk}/",
        "/admin/webhooks/deliveries/{pk}/results/",
    ],
)
def test_an_owner_cannot_reach_another_hubs_webhook(client, world, webhooks, path):
    as_user(client, world, "owner_a")
    assert client.get(path.format(pk=webhooks["b"].pk)).status_code == 404
    assert client.get(path.format(pk=webhooks["a"].pk)).status_code == 200


def test_an_owner_cannot_change_another_hubs_webhook(client, world, webhooks):
    as_user(client, world, "owner_a")
    other = webhooks["b"]
    secret = other.secret
    assert client.post(f"/admin/webhooks/edit/{other.pk}/", form_data(world.hub_b)).status_code == 404
    assert client.post(f"/admin/webhooks/delete/{other.pk}/").status_code == 404
    assert client.post(f"/admin/webhooks/rotate-secret/{other.pk}/").status_code == 404
    other.refresh_from_db()
    assert (other.name, other.secret) == ("Cycling CRM", secret)
    # Nor move their own to a hub they do not own.
    own = webhooks["a"]
    response = client.post(f"/admin/webhooks/edit/{own.pk}/", form_data(world.hub_b, name="Moved"))
    assert response.status_code == 200 and "hub" in response.context["form"].errors
    own.refresh_from_db()
    assert (own.hub_id, own.name) == (world.hub_a.pk, "Garden CRM")


def test_the_form_offers_only_the_owners_hubs(client, world, db):
    options = soup(as_user(client, world, "owner_a").get(ADD)).select("select[name=hub] option[value]")
    assert [int(option["value"]) for option in options if option["value"]] == [world.hub_a.pk]


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/hook",
        "http://127.0.0.1/",
        "http://10.0.0.1/",
        "http://user:pw@example.org/",
        "http://[::1]:8000/",
        "http://169.254.169.254/latest/meta-data/",
    ],
)
def test_a_refused_url_is_a_form_error_and_stores_nothing(client, world, db, url):
    as_user(client, world, "owner_a")
    response = client.post(ADD, form_data(world.hub_a, url=url))

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"url"}
    field = soup(response).select_one("[data-field-wrapper]:has(input[name=url])")
    assert field is not None and field.select_one(".error-message")
    assert not Webhook.objects.exists()


def test_an_owner_registers_a_webhook_and_sees_its_secret(client, world, db):
    as_user(client, world, "owner_a")
    response = client.post(ADD, form_data(world.hub_a))

    webhook = Webhook.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/admin/webhooks/edit/{webhook.pk}/"
    assert (webhook.hub_id, webhook.url, webhook.is_active) == (world.hub_a.pk, "http://93.184.215.14/hook", True)
    assert webhook.events == [Event.COMMENT_HELD, Event.FEEDBACK_STATUS_CHANGED]
    assert len(webhook.secret) >= 40

    page = soup(client.get(response["Location"]))
    assert page.select_one("input[data-webhook-secret-value]")["value"] == webhook.secret
    assert page.select_one(f"form[action='/admin/webhooks/rotate-secret/{webhook.pk}/']")


def test_a_private_receiver_is_accepted_when_the_operator_allows_it(client, world, db, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    as_user(client, world, "owner_a")
    assert client.post(ADD, form_data(world.hub_a, url="http://127.0.0.1:9000/hook")).status_code == 302
    assert Webhook.objects.get().url == "http://127.0.0.1:9000/hook"
    # Not the rest.
    assert client.post(ADD, form_data(world.hub_a, url="ftp://127.0.0.1/")).status_code == 200
    assert Webhook.objects.count() == 1


def test_rotating_the_secret(client, world, webhooks):
    as_user(client, world, "owner_a")
    webhook = webhooks["a"]
    old = webhook.secret
    assert client.get(f"/admin/webhooks/rotate-secret/{webhook.pk}/").status_code == 405

    response = client.post(f"/admin/webhooks/rotate-secret/{webhook.pk}/")

    assert response.status_code == 302 and response["Location"] == f"/admin/webhooks/edit/{webhook.pk}/"
    webhook.refresh_from_db()
    assert webhook.secret != old and len(webhook.secret) >= 40
    entry = ModelLogEntry.objects.for_instance(webhook).get(action="townsquare_webhook.secret_rotated")
    assert entry.user == world.users["owner_a"]


def test_switching_a_webhook_on_again_forgets_its_failures(client, world, webhooks):
    webhook = webhooks["a"]
    Webhook.objects.filter(pk=webhook.pk).update(is_active=False, failures=5, deactivated_reason="410 Gone.")
    as_user(client, world, "owner_a")
    page = soup(client.get(f"/admin/webhooks/edit/{webhook.pk}/"))
    assert page.select_one("[data-webhook-switched-off]")

    client.post(f"/admin/webhooks/edit/{webhook.pk}/", form_data(world.hub_a, name="Garden CRM"))

    webhook.refresh_from_db()
    assert (webhook.is_active, webhook.failures, webhook.deactivated_reason) == (True, 0, "")


def test_the_delivery_log_lists_a_webhooks_deliveries(client, world, webhooks):
    now = timezone.now()
    mine = add_deliveries(webhooks["a"], 3, now)
    add_deliveries(webhooks["b"], 2, now)
    as_user(client, world, "owner_a")

    page = soup(client.get(f"/admin/webhooks/deliveries/{webhooks['a'].pk}/"))

    rows = page.select("table.listing tbody tr")
    assert len(rows) == 3
    assert len(page.select("li[data-attempt]")) == 3 * 2
    attempts = [item.get_text(" ", strip=True) for item in rows[0].select("li[data-attempt]")]
    assert len(attempts) == 2 and all("HTTP 500" in attempt for attempt in attempts)
    assert {d.pk for d in mine} == set(Delivery.objects.filter(webhook=webhooks["a"]).values_list("pk", flat=True))
    filtered = soup(client.get(f"/admin/webhooks/deliveries/{webhooks['a'].pk}/?status=delivered"))
    assert len(filtered.select("table.listing tbody tr")) == 0


def add_deliveries(webhook, count, now):
    deliveries = Delivery.objects.bulk_create(
        [
            Delivery(
                webhook=webhook,
                event=Event.COMMENT_HELD,
                event_id=f"00000000-0000-4000-8000-{n:012d}",
                occurred_at=now,
                status=Delivery.Status.PENDING,
                attempts=2,
                response_status=500,
                error="The receiver answered HTTP 500.",
                next_attempt_at=now,
            )
            for n in range(count)
        ]
    )
    deliveries = list(Delivery.objects.filter(webhook=webhook).order_by("pk"))[-count:]
    DeliveryAttempt.objects.bulk_create(
        [
            DeliveryAttempt(delivery=delivery, number=number, attempted_at=now, response_status=500)
            for delivery in deliveries
            for number in (1, 2)
        ]
    )
    return deliveries


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_listings_cost_the_same_queries_at_any_size(client, world, webhooks):
    as_user(client, world, "owner_a")
    log = f"/admin/webhooks/deliveries/{webhooks['a'].pk}/"
    now = timezone.now()

    add_deliveries(webhooks["a"], 5, now)
    for n in range(4):
        make_webhook(world.hub_a, f"http://93.184.215.14/{n}", name=f"Hook {n}")
    count_queries(client, INDEX)  # warm the caches (site root paths, content types)
    few = count_queries(client, INDEX), count_queries(client, log)

    add_deliveries(webhooks["a"], 45, now)
    for n in range(4, 49):
        make_webhook(world.hub_a, f"http://93.184.215.14/{n}", name=f"Hook {n}")
    many = count_queries(client, INDEX), count_queries(client, log)

    assert few == many


def test_the_delivery_log_downloads_as_csv(client, world, webhooks):
    import csv
    import io

    add_deliveries(webhooks["a"], 3, timezone.now())
    add_deliveries(webhooks["b"], 2, timezone.now())
    as_user(client, world, "owner_a")

    response = client.get(f"/admin/webhooks/deliveries/{webhooks['a'].pk}/?export=csv")

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["Delivery id", "Event", "Occurred at"]
    assert len(rows) == 1 + 3


# What each role gets from a GET of every webhook URL (about hub A's webhook): the same words as
# tests/security/url_matrix.py ("login": to a login page; "denied": Wagtail's refusal).
ROLES = ("anonymous", "visitor", "moderator_a", "owner_b", "owner_a", "superuser")
ANSWERS = {
    "index": "login login denied 200 200 200",
    "index_results": "login login denied 200 200 200",
    "add": "login login denied 200 200 200",
    "edit": "login login denied 404 200 200",
    "delete": "login login denied 404 200 200",
    "history": "login login denied 404 200 200",
    "history_results": "login login denied 404 200 200",
    "usage": "login login denied 404 200 200",
    "rotate_secret": "login login denied 404 405 405",
    "deliveries": "login login denied 404 200 200",
    "deliveries_results": "login login denied 404 200 200",
}


def answer(response):
    if response.status_code == 302 and "/login/" in response["Location"]:
        return "login"
    if response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/"):
        assert_permission_denied(response)
        return "denied"
    return str(response.status_code)


@pytest.mark.parametrize("name", ANSWERS)
def test_every_webhook_url_answers_each_role(client, world, webhooks, name):
    from django.urls import reverse

    from tests.factories import UserFactory

    args = [] if name in ("index", "index_results", "add") else [webhooks["a"].pk]
    url = reverse(f"webhooks:{name}", args=args)
    users = {**world.users, "anonymous": None, "visitor": UserFactory(username="visitor")}
    got = []
    for role in ROLES:
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        got.append(answer(client.get(url)))
    assert " ".join(got) == ANSWERS[name]


def test_a_hub_and_its_translations_are_one_choice(client, world, db):
    from wagtail.models import Locale

    world.hub_a.copy_for_translation(Locale.objects.get_or_create(language_code="fr")[0], copy_parents=True)
    options = soup(as_user(client, world, "owner_a").get(ADD)).select("select[name=hub] option[value]")
    assert [(option["value"], option.get_text(strip=True)) for option in options if option["value"]] == [
        (str(world.hub_a.pk), "Gardening (EN, FR)")
    ]

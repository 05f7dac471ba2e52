"""The Fediverse screens and what visitors and moderators see of federation: the four listings
(at a number of queries that does not grow), who is refused, blocking a server by hand and from
a CSV file, the hub page's "follow from the fediverse" block, and the queue's Fediverse badge."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale
from wagtail.test.utils import WagtailTestUtils

from federation import activities, conf
from federation.models import BlockedDomain, Delivery, Follower, HubActor, RemoteActor
from moderation import lifecycle
from moderation.models import Comment
from tests.factories import CommunityHubPageFactory, UserFactory
from tests.moderation.test_permissions import build_world
from tests.utils import assert_permission_denied

HUBS = "/admin/fediverse/hubs/"
FOLLOWERS = "/admin/fediverse/followers/"
BLOCKS = "/admin/fediverse/blocks/"
BLOCKS_ADD = "/admin/fediverse/blocks/new/"
BLOCKS_IMPORT = "/admin/fediverse/blocks/import/"
DELIVERIES = "/admin/fediverse/deliveries/"
LISTINGS = (HUBS, FOLLOWERS, BLOCKS, DELIVERIES)
MASTODON_HEADER = "#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate\n"


def soup(response):
    return WagtailTestUtils.get_soup(response.content)


def message_texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Hubs A and B, a story each, and the matrix's roles (none of them given federation rights
    but the superuser); rolled back at the module's end."""
    yield from build_world(django_db_blocker)


@pytest.fixture(autouse=True)
def _each_test_in_a_savepoint(db):
    """The module's ``world`` keeps the database open: each test still rolls back its own changes."""


@pytest.fixture
def superuser_client(client, world):
    client.force_login(world.users["superuser"])
    return client


@pytest.fixture
def actor_a(world):
    return HubActor.objects.create(hub=world.hub_a, username="gardening", enabled=True)


def remote_actor(domain, name="alex"):
    uri = f"https://{domain}/users/{name}"
    return RemoteActor.objects.create(
        uri=uri,
        domain=domain,
        username=name,
        name=name.title(),
        profile_url=f"https://{domain}/@{name}",
        inbox=f"{uri}/inbox",
        shared_inbox=f"https://{domain}/inbox",
        key_id=f"{uri}#main-key",
        public_key="-----BEGIN PUBLIC KEY-----",
        fetched_at=timezone.now(),
    )


def follow(hub_actor, actor, status=Follower.Status.ACCEPTED):
    return Follower.objects.create(hub_actor=hub_actor, actor=actor, follow_id=f"{actor.uri}#follow", status=status)


def upload(text, name="blocks.csv"):
    data = text if isinstance(text, bytes) else text.encode()
    return SimpleUploadedFile(name, data, content_type="text/csv")


# The listings -------------------------------------------------------------------------------


def add_rows(world, start, count):
    """``count`` more of everything each listing shows: hub actors (with followers, one of them
    waiting), blocked servers and deliveries."""
    home = world.hub_a.get_parent()
    for n in range(start, start + count):
        hub = CommunityHubPageFactory(parent=home, title=f"Hub {n}", slug=f"fed-hub-{n}")
        actor = HubActor.objects.create(hub=hub, username=f"hub{n}", enabled=bool(n % 2))
        follow(actor, remote_actor(f"server{n}.example"))
        follow(actor, remote_actor(f"server{n}.example", name="sam"), status=Follower.Status.PENDING)
        BlockedDomain.objects.create(domain=f"spam{n}.example", reason="Spam")
        Delivery.objects.create(
            hub_actor=actor,
            inbox=f"https://server{n}.example/inbox",
            domain=f"server{n}.example",
            activity_type="Create" if n % 2 else "Accept",
            object_id=f"https://townsquare.example/ap/pages/{n}",
            status=Delivery.Status.FAILED if n % 3 else Delivery.Status.DELIVERED,
            attempts=1,
        )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def test_the_listings_cost_the_same_queries_at_any_size(superuser_client, world, django_assert_max_num_queries):
    # The four listings, and two as the filters drawer asks for them.
    urls = [*LISTINGS, f"{FOLLOWERS}?status=pending", f"{DELIVERIES}?status=failed&activity_type=Create"]
    add_rows(world, 0, 5)
    for url in urls:
        count_queries(superuser_client, url)  # warm the caches (site root paths, content types)
    few = {url: count_queries(superuser_client, url) for url in urls}

    add_rows(world, 5, 25)
    for url in urls:
        with django_assert_max_num_queries(few[url], info=url):
            response = superuser_client.get(url)
        assert response.status_code == 200
        rows = soup(response).select("table.listing tbody tr")
        assert len(rows) == (10 if "failed" in url else 20), url  # a full page; the failed "Create"s


def test_the_hubs_listing_counts_followers(superuser_client, world, actor_a):
    follow(actor_a, remote_actor("one.example"))
    follow(actor_a, remote_actor("two.example"))
    follow(actor_a, remote_actor("three.example"), status=Follower.Status.PENDING)
    row = soup(superuser_client.get(HUBS)).select_one("table.listing tbody tr")
    cells = [cell.get_text(" ", strip=True) for cell in row.select("td")]
    assert "Gardening" in cells[0]
    assert cells[1] == activities.handle(actor_a) == f"@gardening@{activities.host()}"
    assert cells[4] == "2"
    assert cells[5] == "1 waiting"
    # Keys are never shown, nor offered in the form.
    form = soup(superuser_client.get(f"{HUBS}edit/{actor_a.pk}/"))
    assert not form.select("[name*=key]")
    assert sorted(
        field["name"] for field in form.select("#w-editor-form [name]") if field["name"] != "csrfmiddlewaretoken"
    ) == ["approve_followers", "enabled", "hub", "username"]


def test_a_hub_is_made_followable_once_for_all_its_translations(superuser_client, world, actor_a):
    french = Locale.objects.get_or_create(language_code="fr")[0]
    french_hub = world.hub_a.copy_for_translation(french, copy_parents=True)
    options = soup(superuser_client.get(f"{HUBS}new/")).select("select[name=hub] option[value]")
    offered = {int(option["value"]) for option in options if option["value"]}
    assert world.hub_b.pk in offered
    assert not offered & {world.hub_a.pk, french_hub.pk}

    response = superuser_client.post(f"{HUBS}new/", {"hub": world.hub_b.pk, "username": "Cycling", "enabled": "on"})
    assert response.status_code == 302
    actor = HubActor.objects.get(hub=world.hub_b)
    assert (actor.username, actor.enabled, actor.approve_followers, actor.private_key) == ("cycling", True, False, "")
    # The name is fixed once followers may know it.
    superuser_client.post(f"{HUBS}edit/{actor.pk}/", {"hub": world.hub_a.pk, "username": "other", "enabled": ""})
    actor.refresh_from_db()
    assert (actor.hub_id, actor.username, actor.enabled) == (world.hub_b.pk, "cycling", False)


def test_a_waiting_follower_is_accepted_or_refused(superuser_client, world, actor_a, monkeypatch):
    from federation import follows

    called = []
    monkeypatch.setattr(follows, "accept", lambda follower, user: called.append(("accept", follower.pk, user)))
    monkeypatch.setattr(follows, "refuse", lambda follower, user: called.append(("refuse", follower.pk, user)))
    waiting = follow(actor_a, remote_actor("one.example"), status=Follower.Status.PENDING)
    other = follow(actor_a, remote_actor("two.example"), status=Follower.Status.PENDING)
    accepted = follow(actor_a, remote_actor("three.example"))

    page = soup(superuser_client.get(FOLLOWERS, {"status": "pending"}))
    forms = page.select("table.listing form[method=post]")
    assert {form["action"] for form in forms} == {
        f"{FOLLOWERS}{decision}/{follower.pk}/" for decision in ("accept", "refuse") for follower in (waiting, other)
    }
    assert all(form.select_one("[name=csrfmiddlewaretoken]")["value"] for form in forms)

    superuser = world.users["superuser"]
    assert superuser_client.post(f"{FOLLOWERS}accept/{waiting.pk}/").status_code == 302
    assert superuser_client.post(f"{FOLLOWERS}refuse/{other.pk}/").status_code == 302
    response = superuser_client.post(f"{FOLLOWERS}accept/{accepted.pk}/")  # not waiting: nothing to do
    assert called == [("accept", waiting.pk, superuser), ("refuse", other.pk, superuser)]
    assert "no longer waiting" in message_texts(response)[-1]
    assert superuser_client.get(f"{FOLLOWERS}accept/{waiting.pk}/").status_code == 405
    history = soup(superuser_client.get(f"{HUBS}history/{actor_a.pk}/")).get_text()
    assert "Accepted the follower https://one.example/users/alex" not in history  # follows.accept was replaced


def test_accepting_a_follower_tells_their_server(superuser_client, world, actor_a):
    """Through the protocol's own ``follows.accept``: the follower is accepted and an ``Accept``
    is queued for their server."""
    waiting = follow(actor_a, remote_actor("one.example"), status=Follower.Status.PENDING)
    superuser_client.post(f"{FOLLOWERS}accept/{waiting.pk}/")
    waiting.refresh_from_db()
    assert waiting.status == Follower.Status.ACCEPTED
    history = soup(superuser_client.get(f"{HUBS}history/{actor_a.pk}/")).get_text()
    assert "Accepted the follower https://one.example/users/alex" in history
    assert Delivery.objects.filter(hub_actor=actor_a, activity_type="Accept", domain="one.example").exists()


def test_the_delivery_log_is_read_only(superuser_client, world, actor_a):
    delivery = Delivery.objects.create(
        hub_actor=actor_a,
        inbox="https://one.example/inbox",
        domain="one.example",
        activity_type="Create",
        body='{"type": "Create"}',
    )
    page = soup(superuser_client.get(DELIVERIES))
    assert not page.select(f'a[href="{DELIVERIES}new/"]')
    inspect = superuser_client.get(f"{DELIVERIES}inspect/{delivery.pk}/")
    assert inspect.status_code == 200 and "one.example/inbox" in soup(inspect).get_text()
    assert superuser_client.post(f"{DELIVERIES}new/").status_code == 404
    assert superuser_client.get(f"{DELIVERIES}edit/{delivery.pk}/").status_code == 404
    export = superuser_client.get(DELIVERIES, {"export": "csv"})
    assert export.status_code == 200 and b"one.example/inbox" in b"".join(export.streaming_content)


# Who is refused ---------------------------------------------------------------------------------


def refused_urls(world):
    actor = HubActor.objects.create(hub=world.hub_a, username="gardening", enabled=True)
    follower = follow(actor, remote_actor("one.example"), status=Follower.Status.PENDING)
    blocked = BlockedDomain.objects.create(domain="spam.example")
    delivery = Delivery.objects.create(
        hub_actor=actor, inbox="https://a.example/i", domain="a.example", activity_type="Create"
    )
    gets = [
        *LISTINGS,
        *(f"{url}results/" for url in LISTINGS),
        f"{HUBS}new/",
        f"{HUBS}edit/{actor.pk}/",
        f"{HUBS}delete/{actor.pk}/",
        f"{HUBS}history/{actor.pk}/",
        BLOCKS_ADD,
        BLOCKS_IMPORT,
        f"{BLOCKS}delete/{blocked.pk}/",
        f"{BLOCKS}history/{blocked.pk}/",
        f"{DELIVERIES}inspect/{delivery.pk}/",
        # Refused before anything is looked up: nothing tells whether the object exists.
        *(f"{url}999999/" for url in (f"{HUBS}edit/", f"{HUBS}delete/", f"{HUBS}history/", f"{BLOCKS}delete/")),
        f"{BLOCKS}history/999999/",
        f"{DELIVERIES}inspect/999999/",
    ]
    posts = [f"{FOLLOWERS}accept/{follower.pk}/", f"{FOLLOWERS}refuse/{follower.pk}/", f"{FOLLOWERS}accept/999999/"]
    return gets, posts, follower


@pytest.mark.parametrize("role", ["editor_a", "moderator_a", "moderator_b"])
def test_staff_without_federation_rights_are_refused(client, world, role):
    gets, posts, follower = refused_urls(world)
    client.force_login(world.users[role])
    for url in gets:
        assert_permission_denied(client.get(url))
    for url in posts:
        assert_permission_denied(client.post(url))
    assert_permission_denied(client.post(BLOCKS_IMPORT, {"file": upload("spam2.example\n")}))
    assert_permission_denied(client.post(BLOCKS_ADD, {"domain": "spam2.example"}))
    follower.refresh_from_db()
    assert follower.status == Follower.Status.PENDING
    assert list(BlockedDomain.objects.values_list("domain", flat=True)) == ["spam.example"]
    assert "/admin/fediverse/" not in client.get("/admin/").content.decode()  # no menu entry either


def test_the_menu_shows_the_fediverse_screens_to_who_may_use_them(superuser_client, world):
    menu = superuser_client.get("/admin/").content.decode()
    assert all(url in menu for url in LISTINGS)


@pytest.mark.parametrize("role", ["anonymous", "visitor"])
def test_outsiders_are_sent_to_the_login(client, world, role):
    gets, posts, _follower = refused_urls(world)
    if world.users[role]:
        client.force_login(world.users[role])
    for url in gets + posts:
        response = client.post(url) if url in posts else client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), url


def test_a_group_given_the_delivery_log_reads_it_and_nothing_else(client, world, actor_a):
    group = Group.objects.create(name="Fediverse watchers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(content_type__app_label="federation", codename="view_delivery"),
    )
    user = UserFactory(username="watcher", groups=[group])
    client.force_login(user)
    assert client.get(DELIVERIES).status_code == 200
    for url in (HUBS, FOLLOWERS, BLOCKS, BLOCKS_IMPORT):
        assert_permission_denied(client.get(url))


# Blocked servers --------------------------------------------------------------------------------


def test_blocking_a_server_ends_its_follows(superuser_client, world, actor_a):
    follow(actor_a, remote_actor("spam.example"))
    follow(actor_a, remote_actor("mastodon.spam.example"))
    kept = follow(actor_a, remote_actor("friendly.example"))
    response = superuser_client.post(BLOCKS_ADD, {"domain": " Spam.Example:443 ", "reason": "Spam"})
    assert response.status_code == 302
    assert list(BlockedDomain.objects.values_list("domain", "reason")) == [("spam.example", "Spam")]
    assert list(Follower.objects.filter(hub_actor=actor_a)) == [kept]
    # Blocked already, itself or by a domain above it: a form error, nothing stored twice.
    for domain in ("spam.example", "a.spam.example"):
        response = superuser_client.post(BLOCKS_ADD, {"domain": domain})
        assert response.status_code == 200 and "domain" in response.context["form"].errors
    response = superuser_client.post(BLOCKS_ADD, {"domain": "not a server"})
    assert response.status_code == 200 and "domain" in response.context["form"].errors
    assert BlockedDomain.objects.count() == 1


def test_importing_mastodons_export(superuser_client, world, actor_a):
    BlockedDomain.objects.create(domain="known.example")
    follow(actor_a, remote_actor("bad.example"))
    csv = MASTODON_HEADER + (
        "bad.example,suspend,false,false,Harassment,false\n"
        "loud.example,silence,false,false,Too loud,false\n"
        "quiet.example,noop,true,false,,false\n"
        "worse.example,suspend,true,true,,false\n"
        "sub.known.example,suspend,false,false,,false\n"
    )
    response = superuser_client.post(BLOCKS_IMPORT, {"file": upload(csv), "reason": "Shared list"})
    assert response.status_code == 302 and response["Location"] == BLOCKS
    assert dict(BlockedDomain.objects.values_list("domain", "reason")) == {
        "known.example": "",
        "bad.example": "Harassment",
        "worse.example": "Shared list",
    }
    assert not Follower.objects.filter(actor__domain="bad.example").exists()
    message = message_texts(response)[-1]
    assert "2 servers blocked" in message
    assert "1 was already blocked" in message
    assert "2 left out" in message and "loud.example" in message and "quiet.example" in message


def test_importing_10000_servers_takes_a_few_batched_queries(superuser_client, world, actor_a):
    """Set-based: the inserts go in batches (SQLite takes a few hundred rows a statement), never
    one statement per server (that was 12 a line)."""
    follow(actor_a, remote_actor("a.s9999.example"))
    text = "".join(f"s{n}.example\n" for n in range(10_000))
    with CaptureQueriesContext(connection) as queries:
        response = superuser_client.post(BLOCKS_IMPORT, {"file": upload(text)})
    assert response.status_code == 302
    assert BlockedDomain.objects.count() == 10_000
    assert not Follower.objects.exists()  # a.s9999.example's account is under a blocked server
    assert len(queries) < 300, f"{len(queries)} queries for 10,000 lines"


def test_importing_a_plain_list(superuser_client, world):
    text = "\ufeffone.example\r\n# a comment\r\n\r\nTwo.Example\r\none.example\r\n*.three.example\r\n"
    response = superuser_client.post(BLOCKS_IMPORT, {"file": upload(text, "list.txt")})
    assert response.status_code == 302
    assert sorted(BlockedDomain.objects.values_list("domain", flat=True)) == [
        "one.example",
        "three.example",
        "two.example",
    ]
    assert "3 servers blocked" in message_texts(response)[-1]
    # A CSV file with a "domain" column.
    response = superuser_client.post(BLOCKS_IMPORT, {"file": upload("name,domain\nx,four.example\n")})
    assert BlockedDomain.objects.filter(domain="four.example").exists()


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", id="binary"),
        pytest.param("caf\xe9.example\n".encode("latin-1"), id="not-utf-8"),
        pytest.param("good.example\nnot a server\n", id="bad-line"),
        pytest.param(MASTODON_HEADER + "good.example,suspend\nbad.example,ban\n", id="unknown-severity"),
        pytest.param("#severity,#reject_media\nsuspend,false\n", id="no-domain-column"),
        pytest.param("", id="empty"),
        pytest.param("# only a comment\n", id="no-server"),
        pytest.param(("a" * 60 + ".example\n") * 20_000, id="over-1-MB"),
        pytest.param("".join(f"s{n}.example\n" for n in range(10_002)), id="over-10000-lines"),
        pytest.param('"unclosed.example\n' + "x" * 200_000, id="runaway-quote"),
    ],
)
def test_a_file_that_cannot_be_read_whole_stores_nothing(superuser_client, world, content):
    response = superuser_client.post(BLOCKS_IMPORT, {"file": upload(content)})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors.get("file"), errors
    assert soup(response).select(".error-message, .w-field__errors")
    assert not BlockedDomain.objects.exists()


# The hub page ---------------------------------------------------------------------------------------


def follow_block(response):
    assert response.status_code == 200
    page = soup(response)
    return page.select_one(".fediverse-follow"), page.select('head link[type="application/activity+json"]')


def test_a_followable_hub_says_how_to_follow_it(client, world, actor_a):
    block, links = follow_block(client.get(world.hub_a.url))
    actor_url = f"{conf.base_url()}/ap/hubs/gardening"
    assert block.select_one(".fediverse-follow__handle").get_text() == f"@gardening@{activities.host()}"
    assert block.select_one('a[rel="me"]')["href"] == actor_url
    assert "Search for this name in Mastodon or any fediverse app, then follow." in block.get_text()
    assert [link["href"] for link in links] == [actor_url]


def test_the_translation_of_a_followable_hub_says_it_too(client, world, actor_a):
    french = Locale.objects.get_or_create(language_code="fr")[0]
    french_hub = world.hub_a.copy_for_translation(french, copy_parents=True)
    french_hub.save_revision().publish()
    block, links = follow_block(client.get(french_hub.url))
    assert block.select_one(".fediverse-follow__handle").get_text() == f"@gardening@{activities.host()}"
    assert len(links) == 1


def test_a_hub_switched_off_says_nothing(client, world, django_assert_max_num_queries):
    HubActor.objects.create(hub=world.hub_b, username="cycling", enabled=False)
    block, links = follow_block(client.get(world.hub_b.url))
    assert block is None and links == []
    block, links = follow_block(client.get(world.hub_a.url))  # no account at all
    assert block is None and links == []


def test_switching_a_hub_on_or_off_purges_its_page(
    superuser_client, world, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    settings.WAGTAILFRONTENDCACHE = {"townsquare": {"BACKEND": "townsquare.cache.EmbeddedPageCacheBackend"}}
    visitor = Client()
    assert follow_block(visitor.get(world.hub_b.url))[0] is None
    with django_capture_on_commit_callbacks(execute=True):
        superuser_client.post(f"{HUBS}new/", {"hub": world.hub_b.pk, "username": "cycling", "enabled": "on"})
    assert follow_block(visitor.get(world.hub_b.url))[0] is not None
    actor = HubActor.objects.get(hub=world.hub_b)
    with django_capture_on_commit_callbacks(execute=True):
        superuser_client.post(f"{HUBS}edit/{actor.pk}/", {"hub": world.hub_b.pk, "username": "cycling", "enabled": ""})
    assert follow_block(visitor.get(world.hub_b.url))[0] is None


# The moderation queue ------------------------------------------------------------------------------


def test_the_queue_marks_a_comment_from_the_fediverse(client, world):
    remote = lifecycle.create_comment(
        story=world.story_a,
        hub=world.hub_a,
        parent=None,
        user=None,
        name="@alex@social.example",
        email="",
        text="Hello from Mastodon",
        followup=False,
        ip_address="",
        site_id=1,
        remote_author="https://social.example/users/alex",
        remote_id="https://social.example/users/alex/statuses/1",
        author_url="https://social.example/@alex",
    )
    assert remote.state == Comment.State.HELD  # a fediverse account's first comment is read first
    local = lifecycle.create_comment(
        story=world.story_a,
        hub=world.hub_a,
        parent=None,
        user=None,
        name="Robin",
        email="robin@example.org",
        text="Hello from here",
        followup=False,
        ip_address="127.0.0.1",
        site_id=1,
    )
    Comment.objects.filter(pk=local.pk).update(state=Comment.State.HELD)
    client.force_login(world.users["moderator_a"])
    page = soup(client.get("/admin/moderation/pending/"))

    row = page.select_one(f'[data-comment="{remote.pk}"]')
    assert [badge.get_text(strip=True) for badge in row.select(".queue-row__who .w-status")] == ["Fediverse"]
    link = row.select_one("a[data-fediverse-profile]")
    assert link["href"] == "https://social.example/@alex"
    assert set(link["rel"]) >= {"nofollow", "noopener"} and link["target"] == "_blank"
    assert link.get_text() == "@alex@social.example"

    row = page.select_one(f'[data-comment="{local.pk}"]')
    assert not row.select(".queue-row__who .w-status") and not row.select("a[data-fediverse-profile]")


def test_the_queue_links_only_to_a_web_address(client, world):
    comment = lifecycle.create_comment(
        story=world.story_a,
        hub=world.hub_a,
        parent=None,
        user=None,
        name="@eve@evil.example",
        email="",
        text="Hello",
        followup=False,
        ip_address="",
        site_id=1,
        remote_author="https://evil.example/users/eve",
        remote_id="https://evil.example/users/eve/statuses/1",
    )
    Comment.objects.filter(pk=comment.pk).update(user_url="javascript:alert(1)")
    client.force_login(world.users["moderator_a"])
    row = soup(client.get("/admin/moderation/pending/")).select_one(f'[data-comment="{comment.pk}"]')
    assert [badge.get_text(strip=True) for badge in row.select(".queue-row__who .w-status")] == ["Fediverse"]
    assert not row.select("a[data-fediverse-profile]")
    assert not [link for link in row.select("a[href]") if "javascript" in link["href"].lower()]

"""The demo loader builds the whole demo site, and a second run changes nothing."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, ReferenceIndex, Revision, Site
from wagtail.test.utils import WagtailTestUtils

from communities.models import CommunityHubPage, HubIndexPage
from moderation.models import Comment
from stories.models import StoryPage
from townsquare.demo import content, translations


def snapshot():
    """Row counts of every model, so any change at all shows up."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_demo_builds_the_site(demo):
    home = HubIndexPage.objects.get(depth=2, locale__language_code="en")
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    hubs = CommunityHubPage.objects.child_of(home).live()
    assert sorted(hubs.values_list("title", flat=True)) == ["Freewheelin", "Through the Lens", "Workshifting"]
    for hub in hubs:
        stories = StoryPage.objects.child_of(hub).live()
        assert stories.count() >= 4
        assert all(story.hero_image_id for story in stories)
        # Wagtail's reference index, built once at the end of the load, knows where each picture is used.
        for story in stories:
            assert ReferenceIndex.get_references_to(story.hero_image).filter(object_id=str(story.pk)).exists()
    # Wagtail's placeholder welcome page is gone.
    assert not Page.objects.filter(depth=2, content_type__model="page").exists()


def test_the_demo_events_have_discussions_one_comment_waiting_for_the_moderator(demo, client):
    from events.models import EventPage

    ride = EventPage.objects.get(slug="saturday-group-ride", locale__language_code="en")
    on_ride = Comment.objects.filter(page=ride)
    assert on_ride.filter(state=Comment.State.PUBLISHED).count() == 3
    assert on_ride.filter(state=Comment.State.HELD).count() == 1
    page = WagtailTestUtils.get_soup(client.get(ride.url).content)
    assert page.select_one("#comments-heading").get_text(strip=True) == "3 comments"


def test_demo_is_idempotent(db, capsys):
    call_command("load_demo")
    first = snapshot()
    revisions = Revision.objects.count()
    call_command("load_demo")
    assert snapshot() == first
    assert Revision.objects.count() == revisions
    assert "nothing to do" in capsys.readouterr().out


def test_demo_users_and_roles(demo):
    users = get_user_model().objects.in_bulk(field_name="username")
    assert users["admin"].is_superuser
    assert not users["editor"].is_superuser and not users["moderator"].is_superuser
    hub = CommunityHubPage.objects.get(slug="workshifting", locale__language_code="en")
    assert users["editor"].groups.filter(pk=hub.editors_group_id).exists()
    assert users["moderator"].groups.filter(pk=hub.moderators_group_id).exists()
    for username in ("admin", "editor", "moderator"):
        assert users[username].check_password(content.DEMO_PASSWORD)


def test_the_demo_moderator_has_an_appeal_a_notice_and_a_commenters_file(demo, client):
    client.force_login(get_user_model().objects.get(username="moderator"))
    appeals = client.get("/admin/moderation/appeals/")
    assert appeals.status_code == 200 and "I am not paid by anyone" in appeals.content.decode()
    # And one closed when its author deleted the comment: listed under that status, without its words.
    closed = client.get("/admin/moderation/appeals/?status=withdrawn").content.decode()
    assert "(removed)" in closed and "webcam" not in closed and "only meant to help" not in closed
    # A colleague's note about a waiting commenter, whom they pre-moderate, in the commenter's drawer.
    alex = Comment.objects.get(user_name="Alex P.", state=Comment.State.HELD)
    drawer = client.get(f"/admin/moderation/commenter/{alex.pk}/?drawer=1").content.decode()
    assert "posted the same link under three stories" in drawer and "Always pre-moderated in this hub" in drawer
    notices = client.get("/admin/moderation/notices/")
    assert notices.status_code == 200 and "his number is 0612 345 678" in notices.content.decode()


def test_the_demo_owner_reviews_a_story_and_its_french_translation_never_live(demo):
    owner = get_user_model().objects.get(username="owner")
    hub = CommunityHubPage.objects.get(slug="workshifting", locale__language_code="en")
    assert owner.groups.filter(pk=hub.owners_group_id).exists() and owner.check_password(content.DEMO_PASSWORD)
    pending = StoryPage.objects.get(slug=content.PENDING_STORY["slug"], locale__language_code="en")
    french = pending.get_translation(pending.get_translations().get(locale__language_code="fr").locale)
    for page in (pending, french):
        assert page.live is False and page.workflow_in_progress
        assert page.current_workflow_task.specific.get_actions(page, owner)  # the owner can approve it
    assert french.get_latest_revision_as_object().title == content.PENDING_STORY_FR["title"]


def test_the_demo_owner_sees_the_hubs_webhook_switched_off(demo, client):
    from townsquare.api.webhooks.models import Webhook

    webhook = Webhook.objects.get(name="Intranet CRM (example)")
    assert webhook.hub.slug == "workshifting" and webhook.is_active is False and len(webhook.events) == 4
    client.force_login(get_user_model().objects.get(username="owner"))
    assert "Intranet CRM (example)" in client.get("/admin/webhooks/").content.decode()


# The demo in every language: whole translations, not half ones ---------------------------------


def test_translated_demo_stories_match_their_source_block_for_block(shared_demo, db):
    translated = StoryPage.objects.exclude(locale__language_code="en").exclude(slug=content.PENDING_STORY["slug"])
    sources = {story.translation_key: story for story in StoryPage.objects.filter(locale__language_code="en")}
    checked = 0
    for story in translated.select_related("locale"):
        source = sources.get(story.translation_key)
        if source is not None:
            assert len(story.body) == len(source.body), f"{story.locale.language_code} {story.slug}"
            checked += 1
    assert checked == 2 * 5  # two stories in five languages


def test_every_live_hub_has_a_hero_image_in_every_language(shared_demo, db):
    hubs = CommunityHubPage.objects.live().select_related("locale")
    assert {hub.locale.language_code for hub in hubs} == {"en", "fr", "de", "es", "ja", "ar"}
    originals = {hub.translation_key: hub for hub in hubs if hub.locale.language_code == "en"}
    for hub in hubs:
        assert hub.hero_image_id and hub.hero_image_alt.strip(), f"{hub.locale.language_code} {hub.slug}"
        if hub.translation_key in originals:  # a translation keeps its original's picture
            assert hub.hero_image_id == originals[hub.translation_key].hero_image_id
    local = hubs.get(slug=translations.LOCAL_HUB["slug"])
    assert all(story.hero_image_id for story in StoryPage.objects.child_of(local).live())


@pytest.mark.parametrize("code", ["ar", "ja"])
def test_a_translated_story_shows_its_authors_and_topics_in_its_language(client, shared_demo, db, code):
    story = StoryPage.objects.get(slug="five-rituals-distributed-team", locale__language_code=code)
    assert {link.author.locale_id for link in story.story_authors.select_related("author")} == {story.locale_id}
    soup = WagtailTestUtils.get_soup(client.get(story.url).content)
    roles = [role.get_text(strip=True) for role in soup.select(".author-card__role")]
    expected = translations.AUTHORS["Amara Okafor"][code]
    assert roles[0] == f"{expected['role']}, {expected['team']} · {expected['region']}"
    topics = [tag.get_text(strip=True) for tag in soup.select(".tag-list .tag")]
    assert sorted(topics) == sorted(translations.TOPICS[tag][code] for tag in ("teamwork", "rituals"))
    # The author's page in that language lists the story.
    author_page = WagtailTestUtils.get_soup(client.get(soup.select_one(".author-card__name a")["href"]).content)
    assert story.title in [title.get_text(strip=True) for title in author_page.select(".card__title")]


def test_a_flushed_database_gets_wagtail_localizes_permission_back(db):
    """Hub teams hold "Can submit translations", which wagtail-localize's migration creates: a
    database emptied after its migrations (a flush, a transactional test) gets it back."""
    from django.contrib.auth.models import Permission

    from townsquare.demo.loader import ensure_wagtail_roots

    Permission.objects.filter(codename="submit_translation").delete()
    ensure_wagtail_roots()
    restored = Permission.objects.filter(content_type__app_label="wagtail_localize", codename="submit_translation")
    assert restored.exists()


def test_every_hub_has_upcoming_and_past_events_and_events_in_several_languages(shared_demo, db):
    from django.utils import timezone

    from events.models import EventPage

    now = timezone.now()
    for hub in CommunityHubPage.objects.live().filter(locale__language_code__in=["en", "fr"]):
        if hub.locale.language_code == "fr" and hub.get_translations().exists():
            continue  # a translation of an English hub: its events are the English hub's, translated
        upcoming, past = hub.upcoming_and_past_events(now=now)
        assert upcoming and past, hub.title
    walk = EventPage.objects.get(slug="photo-walk-doors-of-vieux-lyon", locale__language_code="en")
    assert {page.locale.language_code for page in walk.get_translations()} >= {"fr", "ja"}

"""The demo loader builds the whole demo site, and a second run changes nothing."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from communities.models import CommunityHubPage, HubIndexPage
from stories.models import StoryPage
from townsquare.demo import content


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
    # Wagtail's placeholder welcome page is gone.
    assert not Page.objects.filter(depth=2, content_type__model="page").exists()


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

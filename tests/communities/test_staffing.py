"""Comments open only in a staffed hub: someone on its team moderates it and its guidelines are written.

Through the hub editor in the Wagtail admin: publishing (or submitting) a hub with comments open and
nobody to moderate them is refused, with the reason next to "comments open"; a draft may be saved.
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from communities import teams
from communities.models import CommunityHubPage
from tests.factories import UserFactory

GUIDELINES = "<p>Be kind, stay on topic.</p>"


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def hub_form(hub, *, comments_open=True, guidelines=GUIDELINES, action="action-publish", **overrides):
    data = {
        "title": hub.title,
        "slug": hub.slug,
        "topic_statement": hub.topic_statement,
        "intro": rich_text(""),
        "guidelines": rich_text(guidelines),
        "featured_stories": inline_formset([]),
        "premoderation": "first_time",
        "max_reply_depth": "3",
        "close_after_days": "180",
        "response_target_hours": "24",
        "response_time_zone": "Europe/Paris",
        "response_working_days_only": "on",
        "team_day_starts": "09:00",
        "team_day_ends": "18:00",
        "product_terms": "",
        "decision_reasons": streamfield([]),
        **overrides,
    }
    if comments_open:
        data["comments_open"] = "on"
    if action:
        data[action] = "1"
    return nested_form_data(data)


def edit(client, hub, **kwargs):
    return client.post(f"/admin/pages/{hub.pk}/edit/", hub_form(hub, **kwargs))


def field_errors(response, name):
    """The error messages the editor shows next to the field ``name``."""
    soup = WagtailTestUtils.get_soup(response.content)
    field = soup.select_one(f"#id_{name}")
    assert field is not None, f"no field {name} in the editor"
    wrapper = field.find_parent(attrs={"data-field-wrapper": True}) or field.find_parent(class_="w-field__wrapper")
    return [error.get_text(" ", strip=True) for error in wrapper.select(".error-message")]


def live_comments_open(hub):
    return CommunityHubPage.objects.get(pk=hub.pk).comments_open


def test_publishing_comments_open_without_a_moderator_is_refused_with_the_reason(admin_client, hub):
    CommunityHubPage.objects.filter(pk=hub.pk).update(comments_open=False)
    response = edit(admin_client, hub)

    assert response.status_code == 200
    errors = " ".join(field_errors(response, "comments_open"))
    assert "Nobody moderates this hub" in errors and "Gardening moderators" in errors
    assert not live_comments_open(hub)  # nothing was published


def test_publishing_comments_open_without_guidelines_is_refused(admin_client, hub):
    UserFactory(groups=[hub.moderators_group])
    CommunityHubPage.objects.filter(pk=hub.pk).update(comments_open=False)
    response = edit(admin_client, hub, guidelines="<p> </p>")

    assert response.status_code == 200
    assert field_errors(response, "comments_open") == [
        "Write the community guidelines first: the comment form links to them."
    ]
    assert not live_comments_open(hub)


def test_a_staffed_hub_publishes_with_comments_open(admin_client, hub):
    UserFactory(groups=[hub.moderators_group])
    CommunityHubPage.objects.filter(pk=hub.pk).update(comments_open=False)
    response = edit(admin_client, hub)

    assert response.status_code == 302, field_errors(response, "comments_open")
    published = CommunityHubPage.objects.get(pk=hub.pk)
    assert published.comments_open and published.live and "Be kind" in published.guidelines


def test_an_inactive_member_or_a_superuser_does_not_staff_a_hub(admin_client, hub):
    UserFactory(groups=[hub.moderators_group], is_active=False)
    assert edit(admin_client, hub).status_code == 200  # the admin publishing is a superuser: not the team
    assert not teams.hub_moderators(hub).exists()


def test_an_owner_or_an_editor_with_the_moderation_permission_staffs_a_hub(hub):
    editor = UserFactory(groups=[hub.editors_group])
    assert not teams.hub_moderators(hub).exists()
    hub.editors_group.permissions.add(
        Permission.objects.get(content_type__app_label="moderation", codename="change_comment")
    )
    assert list(teams.hub_moderators(hub)) == [editor]
    owner = UserFactory(groups=[hub.owners_group])
    assert set(teams.hub_moderators(hub)) == {editor, owner}


def test_closing_comments_publishes_without_a_moderator(admin_client, hub):
    response = edit(admin_client, hub, comments_open=False, guidelines="")
    assert response.status_code == 302
    assert not live_comments_open(hub)


def test_a_draft_may_be_saved_with_comments_open(admin_client, hub):
    """A draft opens nothing; the refusal comes when it is published."""
    CommunityHubPage.objects.filter(pk=hub.pk).update(comments_open=False)
    response = edit(admin_client, hub, action=None)
    assert response.status_code == 302
    hub.refresh_from_db()
    assert hub.has_unpublished_changes and not hub.comments_open
    assert hub.get_latest_revision_as_object().comments_open


def test_submitting_for_review_is_refused_too(client, hub):
    owner_free_editor = UserFactory(groups=[hub.editors_group])
    client.force_login(owner_free_editor)
    response = edit(client, hub, action="action-submit")
    assert response.status_code == 200
    assert any("Nobody moderates this hub" in error for error in field_errors(response, "comments_open"))


def test_a_new_hub_cannot_open_comments_before_it_has_a_team(admin_client, home):
    new = CommunityHubPage(title="Beekeeping", slug="beekeeping", topic_statement="Bees at the office")
    response = admin_client.post(f"/admin/pages/add/communities/communityhubpage/{home.pk}/", hub_form(new))
    assert response.status_code == 200
    assert any("Save it as a draft first" in error for error in field_errors(response, "comments_open"))
    assert not CommunityHubPage.objects.filter(slug="beekeeping").exists()


def test_the_team_s_day_must_end_after_it_starts(hub):
    hub.team_day_starts, hub.team_day_ends = datetime.time(18), datetime.time(9)
    with pytest.raises(ValidationError) as error:
        hub.full_clean()
    assert error.value.message_dict["team_day_ends"] == ["The team's day must end after it starts."]
    hub.team_day_ends = None
    with pytest.raises(ValidationError):
        hub.full_clean()
    hub.team_day_starts = None
    hub.full_clean()  # no stated hours: the team is there all day

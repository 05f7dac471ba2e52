"""A story and its translations go through the hub's review together (communities.publish_together):
an editor submits the story's languages for review in one action, a reviewer approves and
publishes them in one action, and nothing that was not reviewed goes live.

As the people would, through the admin: the hub's editor translates with wagtail-localize's
form, submits; the hub's owner (its reviewer) publishes."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail.test.utils import WagtailTestUtils
from wagtail_localize.models import Translation

from stories.models import StoryPage
from tests.factories import UserFactory
from tests.utils import assert_permission_denied


@pytest.fixture
def locales(hub):
    """French and German, with the hub translated into both (a story's translated parents)."""
    made = {}
    for code in ("fr", "de"):
        made[code] = Locale.objects.create(language_code=code)
        hub.copy_for_translation(made[code], copy_parents=True).save_revision().publish()
    return made


@pytest.fixture
def reviewer(hub):
    return UserFactory(username="hub-owner", groups=[hub.owners_group])


def translation(story, code):
    return StoryPage.objects.get(translation_key=story.translation_key, locale__language_code=code)


def live_on(client, code):
    return client.get(f"/{code}/gardening/seeds/").status_code == 200


def post(client, url):
    """POST as the admin's form does; the messages the page then shows."""
    response = client.post(url, follow=True)
    assert response.status_code == 200 and response.redirect_chain, response.redirect_chain
    shown = WagtailTestUtils.get_soup(response.content).select(".messages li")
    return [item.get_text(" ", strip=True) for item in shown]


def test_an_editor_submits_the_languages_a_reviewer_publishes_them_together(client, story, locales, editor, reviewer):
    client.force_login(editor)
    for code in ("fr", "de"):
        submit = reverse("wagtail_localize:submit_page_translation", args=[story.pk])
        assert client.post(submit, {"locales": [locales[code].pk]}).status_code == 302
    # The source changes too: a draft of the English story.
    story.title = "Seeds, revised"
    story.save_revision(user=editor)
    assert not live_on(client, "fr") and not live_on(client, "de")

    # The editor's menu offers to submit everything; French goes to review, German is not ready.
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk]))
    assert b"Submit with translations for review" in edit.content
    assert b"Publish with translations" not in edit.content  # editors do not publish
    url = reverse("submit_with_translations", args=[story.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and b"(French)" in confirm.content and b"(German)" in confirm.content
    shown = post(client, url)
    assert "Submitted for review: Seeds, revised (English), Seeds (French), Seeds (German)." in shown
    assert "awaiting moderation" in shown[-1]  # Wagtail's own notice on the editor, now locked for review
    for code in ("en", "fr", "de"):
        assert translation(story, code).workflow_in_progress, code
    assert not live_on(client, "fr") and not live_on(client, "de")
    # Submitting again: everything is already in review; a clear answer, nothing started twice.
    shown = post(client, url)
    assert shown[0] == "Nothing was submitted for review." and "already in review" in shown[1]

    # The editor cannot publish together.
    assert_permission_denied(client.post(reverse("publish_with_translations", args=[story.pk])))
    assert not live_on(client, "fr")

    # The reviewer sees every language ready and publishes them in one action.
    client.force_login(reviewer)
    url = reverse("publish_with_translations", args=[story.pk])
    confirm = client.get(url)
    assert confirm.content.decode().count("in review: approve and publish") == 3
    assert post(client, url) == ["Published: Seeds, revised (English), Seeds (French), Seeds (German)."]
    for code in ("en", "fr", "de"):
        page = translation(story, code)
        assert page.live and not page.has_unpublished_changes and not page.workflow_in_progress, code
    assert live_on(client, "fr") and live_on(client, "de")


def test_a_translation_that_was_not_reviewed_is_never_published_together(client, story, locales, editor, reviewer):
    client.force_login(editor)
    submit = reverse("wagtail_localize:submit_page_translation", args=[story.pk])
    client.post(submit, {"locales": [locales["fr"].pk, locales["de"].pk]})
    translation(story, "fr").get_workflow().start(translation(story, "fr"), editor)  # French only goes to review

    client.force_login(reviewer)
    url = reverse("publish_with_translations", args=[story.pk])
    confirm = client.get(url).content.decode()
    assert "Seeds (German): not submitted for review" in confirm
    assert post(client, url) == [
        "Published: Seeds (French).",
        "Not published, they stay drafts until reviewed: Seeds (German): not submitted for review.",
    ]
    assert live_on(client, "fr") and not live_on(client, "de")
    assert translation(story, "de").live is False


def test_nothing_to_publish_or_submit_says_so(client, story, locales, reviewer):
    client.force_login(reviewer)
    assert post(client, reverse("publish_with_translations", args=[story.pk])) == ["Nothing was published."]
    assert post(client, reverse("submit_with_translations", args=[story.pk])) == ["Nothing was submitted for review."]
    assert client.get(reverse("publish_with_translations", args=[987654])).status_code == 404


def test_reviewers_read_and_publish_what_the_translator_wrote(client, story, locales, editor, reviewer):
    """wagtail-localize's editor keeps the translated strings outside the page: submitting puts
    them in the draft the reviewers read, and that is what goes live."""
    client.force_login(editor)
    client.post(reverse("wagtail_localize:submit_page_translation", args=[story.pk]), {"locales": [locales["fr"].pk]})
    job = Translation.objects.get(source__object_id=story.translation_key, target_locale=locales["fr"])
    title = job.source.stringsegment_set.get(context__path="title")
    edit = reverse("wagtail_localize:edit_string_translation", args=[job.pk, title.pk])
    typed = client.put(edit, urlencode({"value": "Graines"}), content_type="application/x-www-form-urlencoded")
    assert typed.status_code == 201
    assert translation(story, "fr").title == "Seeds"  # the strings are not in the page yet

    post(client, reverse("submit_with_translations", args=[story.pk]))
    french = translation(story, "fr")
    assert french.workflow_in_progress
    assert french.current_workflow_task_state.revision.as_object().title == "Graines"  # what the reviewer reads
    assert not live_on(client, "fr")

    client.force_login(reviewer)
    assert post(client, reverse("publish_with_translations", args=[story.pk])) == ["Published: Graines (French)."]
    assert translation(story, "fr").title == "Graines" and live_on(client, "fr")

"""Every demo hub is staffed: a moderator on its team and guidelines, linked from every comment form."""

from django.contrib.auth import get_user_model
from wagtail.test.utils import WagtailTestUtils

from communities import teams
from communities.models import CommunityHubPage
from stories.models import StoryPage


def test_every_demo_hub_has_a_moderator_and_guidelines(shared_demo, db):
    hubs = list(CommunityHubPage.objects.select_related("locale", "moderators_group"))
    # Three hubs in six languages, and the French local hub.
    assert len(hubs) == 19
    assert {hub.slug for hub in hubs if hub.locale.language_code == "fr"} >= {"velotaf-lyon"}
    for hub in hubs:
        assert hub.comments_open
        assert teams.staffing_problems(hub) == [], hub
    moderators = get_user_model().objects.filter(username__endswith="moderator", is_superuser=False)
    assert moderators.count() == 4  # one a hub, none of them a superuser


def test_every_comment_form_links_to_its_hub_s_guidelines(shared_demo, db, client):
    stories = StoryPage.objects.live().select_related("locale")
    checked = 0
    for hub in CommunityHubPage.objects.live():
        story = stories.child_of(hub).first()
        if story is None:
            continue  # a translated hub whose stories were not translated
        soup = WagtailTestUtils.get_soup(client.get(story.url).content)
        form = soup.select_one("form.comment-form")
        assert form is not None, story.url
        link = form.select_one('a[href$="#guidelines"]')
        assert link is not None and link["href"] == f"{hub.url}#guidelines", story.url
        checked += 1
    assert checked >= 4  # the three English hubs and the French local hub at least

"""The "not a brochure" check warns editors when product mentions dominate the title, the body or a
section of a story, names the paragraphs to rework, and guides them before the first save."""

import json

import pytest
from django.contrib.messages import get_messages
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from stories.brochure import check_story
from stories.models import StoryPage
from tests.factories import AuthorFactory, StoryPageFactory


def story_with(paragraphs, standfirst="A story."):
    return StoryPage(title="t", standfirst=standfirst, body=[("paragraph", f"<p>{text}</p>") for text in paragraphs])


TERMS = ["Lens Pro", "SnapCloud"]

# Building a page in memory reads the default locale.
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "mentioning,plain,expected",
    [
        (5, 5, False),  # exactly half is not "dominate"
        (6, 4, True),
        (2, 1, True),  # two of three body paragraphs
        (1, 1, False),
        (0, 9, False),
        (9, 0, True),
    ],
)
def test_threshold_over_the_body_paragraphs(mentioning, plain, expected):
    paragraphs = ["Our Lens Pro is the best."] * mentioning + ["Light at noon is harsh."] * plain
    report = check_story(story_with(paragraphs), TERMS)
    assert report.total == mentioning + plain
    assert report.mentioning == tuple(range(1, mentioning + 1))
    assert report.is_brochure is expected


def test_the_standfirst_is_not_counted():
    report = check_story(story_with(["SnapCloud syncs.", "Walk the city."], standfirst="SnapCloud again."), TERMS)
    assert (report.mentioning, report.total, report.is_brochure) == ((1,), 2, False)


def test_a_title_naming_a_product_warns_on_its_own():
    story = story_with(["Walk the city.", "Look up."])
    story.title = "Why snapcloud changed my walks"
    report = check_story(story, TERMS)
    assert report.is_brochure and report.title_terms == ("SnapCloud",)
    assert report.message().startswith("The title names SnapCloud: lead with what readers care about.")


def test_a_section_dominated_by_products_warns_and_the_message_names_its_paragraphs():
    body = (
        "<p>Dawn light.</p><p>Fog on the river.</p><p>Long shadows.</p><p>Blue hour.</p>"
        "<h2>What I carry</h2><p>My Lens Pro.</p><p>SnapCloud backs it up.</p>"
    )
    report = check_story(StoryPage(title="Light", standfirst="x", body=[("paragraph", body)]), TERMS)
    assert (report.total, report.mentioning, report.body_dominated) == (6, (5, 6), False)
    assert [section.heading for section in report.dominated_sections] == ["What I carry"]
    assert report.is_brochure
    assert report.message() == (
        "The section “What I carry” is mostly about our products. "
        "Rework paragraphs 5, 6 around the readers' topic. "
        "Communities gather around a topic, not a catalogue."
    )
    # One paragraph under a heading is not a section of its own to judge.
    single = "<p>Dawn.</p><p>Fog.</p><p>Shadows.</p><h2>Gear</h2><p>My Lens Pro.</p>"
    assert not check_story(StoryPage(title="Light", standfirst="x", body=[("paragraph", single)]), TERMS).is_brochure


def test_whole_words_only_and_case_insensitive():
    report = check_story(story_with(["snapcloud works", "SnapClouds of dust", "the lens profile"]), TERMS)
    assert report.mentioning == (1,)


def test_paragraphs_inside_one_block_count_separately():
    story = StoryPage(title="t", standfirst="Intro.", body=[("paragraph", "<p>SnapCloud</p><p>SnapCloud</p><p>x</p>")])
    assert check_story(story, TERMS).total == 3


def test_no_terms_never_warns():
    story = story_with(["Lens Pro"] * 5)
    story.title = "Lens Pro"
    assert not check_story(story, []).is_brochure


def test_message_names_the_counts_and_the_paragraphs():
    report = check_story(story_with(["SnapCloud"] * 7 + ["Other"]), TERMS)
    assert report.message() == (
        "7 of 8 paragraphs mention our products. Rework paragraphs 1, 2, 3, 4, 5, 6, 7 around the readers' topic. "
        "Communities gather around a topic, not a catalogue."
    )


def form(author, paragraphs, author_link=None):
    authors = [{"id": author_link.pk, "author": author.pk}] if author_link else [{"author": author.pk}]
    return nested_form_data(
        {
            "title": "Our gear",
            "slug": "our-gear",
            "standfirst": "What we use.",
            "hero_image_alt": "",
            "publication_date": "2026-05-01",
            "body": streamfield([("paragraph", rich_text(f"<p>{p}</p>")) for p in paragraphs]),
            "story_authors": inline_formset(authors, initial=len(authors) if author_link else 0, min=1),
            "related_stories": inline_formset([]),
            "topics": "",
        }
    )


def warnings_of(response):
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


def test_editor_sees_the_warning_after_saving_and_the_draft_is_kept(client, hub, admin_user):
    hub.product_terms = "SnapCloud\nLens Pro"
    hub.save_revision().publish()
    client.force_login(admin_user)
    author = AuthorFactory()
    brochure = ["SnapCloud is great.", "Lens Pro is sharp.", "Buy SnapCloud.", "A walk."]
    response = client.post(f"/admin/pages/add/stories/storypage/{hub.pk}/", form(author, brochure))
    assert response.status_code == 302
    assert warnings_of(response) == [
        "3 of 4 paragraphs mention our products. Rework paragraphs 1, 2, 3 around the readers' topic. "
        "Communities gather around a topic, not a catalogue."
    ]
    story = StoryPage.objects.get(slug="our-gear")  # saved: the warning does not block
    client.get(response["Location"])  # the editor sees the message; it is consumed

    topical = ["Morning light.", "A walk by the river.", "SnapCloud backs up my pictures.", "Rain."]
    response = client.post(f"/admin/pages/{story.pk}/edit/", form(author, topical, story.story_authors.get()))
    assert response.status_code == 302
    assert warnings_of(response) == []


def test_live_story_check_reads_the_draft(client, hub, admin_user):
    hub.product_terms = "SnapCloud"
    hub.save_revision().publish()
    story = StoryPageFactory(parent=hub, slug="our-gear", authors=[AuthorFactory()])
    client.force_login(admin_user)
    link = story.story_authors.get()
    response = client.post(f"/admin/pages/{story.pk}/edit/", form(link.author, ["SnapCloud", "SnapCloud again"], link))
    assert response.status_code == 302
    assert len(warnings_of(response)) == 1


def test_same_author_twice_is_a_form_error_not_a_crash(client, hub, admin_user):
    client.force_login(admin_user)
    author = AuthorFactory(name="Ana")
    data = form(author, ["Text."])
    data.update(nested_form_data({"story_authors": inline_formset([{"author": author.pk}, {"author": author.pk}])}))
    response = client.post(f"/admin/pages/add/stories/storypage/{hub.pk}/", data)
    assert response.status_code == 200
    soup = WagtailTestUtils.get_soup(response.content)
    errors = [e.get_text(" ", strip=True) for e in soup.select(".error-message, .help-critical")]
    assert "Please correct the duplicate data for story and author, which must be unique." in errors
    assert not StoryPage.objects.filter(slug="our-gear").exists()


def test_the_form_says_what_to_write_about_before_the_first_save(client, hub, admin_user):
    hub.product_terms = "SnapCloud\nLens Pro"
    hub.save_revision().publish()
    client.force_login(admin_user)
    response = client.get(f"/admin/pages/add/stories/storypage/{hub.pk}/")
    guidance = WagtailTestUtils.get_soup(response.content).select_one("[data-brochure-guidance]")
    assert "Write about what readers care about" in guidance.get_text()
    assert "This hub's product names: SnapCloud, Lens Pro" in guidance.get_text(" ", strip=True)


def test_the_checks_panel_lists_the_warning_from_the_preview(client, hub, admin_user):
    """Wagtail's Checks panel runs its rules on the live preview: the brochure rule is among them, and
    the preview of the editor's unsaved text carries the mark it finds; the public page never does."""
    hub.product_terms = "SnapCloud"
    hub.save_revision().publish()
    story = StoryPageFactory(parent=hub, slug="our-gear", authors=[AuthorFactory()])
    story.save_revision().publish()
    client.force_login(admin_user)
    edit = client.get(f"/admin/pages/{story.pk}/edit/")
    config = json.loads(WagtailTestUtils.get_soup(edit.content).select_one("#checker-axe-configuration").string)
    assert "townsquare-brochure" in config["options"]["runOnly"]
    assert config["messages"]["townsquare-brochure"]["error_name"] == "Reads like a brochure"

    preview = f"/admin/pages/{story.pk}/edit/preview/"
    link = story.story_authors.get()
    assert client.post(preview, form(link.author, ["SnapCloud", "SnapCloud again"], link)).json()["is_valid"]
    mark = WagtailTestUtils.get_soup(client.get(preview).content).select_one("[data-brochure-check]")
    assert "2 of 2 paragraphs mention our products" in mark.get_text()

    client.post(preview, form(link.author, ["Morning light.", "SnapCloud backs up my pictures.", "Rain."], link))
    assert WagtailTestUtils.get_soup(client.get(preview).content).select_one("[data-brochure-check]") is None
    client.logout()
    public = client.get(story.url).content
    assert WagtailTestUtils.get_soup(public).select_one("[data-brochure-check]") is None
    assert b"w-userbar" not in public and b"axe-configuration" not in public  # no one's userbar on public pages

"""Registers the stories app with the Wagtail admin. Logic lives elsewhere."""

from django.contrib import messages
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from stories import translation_report
from stories.brochure import check_story
from stories.content_checks import use_story_content_checker
from stories.dashboard import add_write_story_panel
from stories.models import StoryPage
from stories.viewsets import AuthorViewSet

register_snippet(AuthorViewSet)
hooks.register("construct_homepage_panels", add_write_story_panel)
hooks.register("construct_wagtail_userbar", use_story_content_checker)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_when_story_reads_like_a_brochure(request, page):
    if not isinstance(page.specific, StoryPage):
        return
    story = page.specific
    # The editor saved a draft: check what they wrote, not the live version.
    draft = story.get_latest_revision_as_object() if story.has_unpublished_changes else story
    hub = story.get_parent().specific
    report = check_story(draft, getattr(hub, "product_term_list", []))
    if report.is_brochure:
        messages.warning(request, report.message())


hooks.register("register_admin_urls", translation_report.admin_urls)
hooks.register("register_reports_menu_item", translation_report.menu_item)

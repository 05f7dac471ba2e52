"""A story and its translations go through the hub's review together.

Two actions in the page editor's menu, each with a confirmation page that lists what it
will do, language by language:

- **Submit with translations for review** (the hub's editors): starts the hub's review
  workflow on the story and on each of its draft translations that is not yet in review,
  each as its translators wrote it in wagtail-localize's editor.
- **Publish with translations** (the hub's reviewers): approves the story and every
  translation waiting for the reviewer in the hub's workflow (Wagtail's approval, which
  publishes), or publishes the story itself when it is not in review. A translation that
  was never submitted for review, or waits for someone else, is not published: the page
  says so and it stays a draft. Nothing that was not reviewed goes live.

New translations are drafts (``WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False``), so
every language reaches readers through one of these actions or the workflow's own screens.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.models import Page
from wagtail_localize.models import Translation

# Why a translation is left out, as shown on the confirmation page and in the message.
NOT_SUBMITTED = gettext_lazy("not submitted for review")
OTHER_REVIEWER = gettext_lazy("waiting for another reviewer")
IN_REVIEW = gettext_lazy("already in review")
NO_WORKFLOW = gettext_lazy("this hub has no review workflow")
CANNOT_EDIT = gettext_lazy("you cannot edit it")


def _pending(page):
    """``page``'s translations that have something not yet live, with their locales."""
    return list(
        page.get_translations().filter(has_unpublished_changes=True).select_related("locale").specific().order_by("pk")
    )


def _can_approve(page, user):
    task = page.current_workflow_task
    return task is not None and any(name == "approve" for name, _label, _modal in task.get_actions(page, user))


def _approve(page, user):
    """Approve ``page``'s current task as ``user``: Wagtail's workflow publishes it when it was the last."""
    task_state = page.current_workflow_task_state
    task_state.task.specific.on_action(task_state.specific, user, "approve")


def publishing_plan(page, user):
    """What "Publish with translations" does for ``user``: ``(actions, refused)``.

    ``actions``: ``(page, "approve" | "publish")``, the story first; ``refused``: ``(translation, reason)``."""
    actions, refused = [], []
    if _can_approve(page, user):
        actions.append((page, "approve"))
    elif page.has_unpublished_changes or not page.live:
        actions.append((page, "publish"))
    for translation in _pending(page):
        if _can_approve(translation, user):
            actions.append((translation, "approve"))
        elif translation.workflow_in_progress:
            refused.append((translation, OTHER_REVIEWER))
        else:
            refused.append((translation, NOT_SUBMITTED))
    return actions, refused


def _draft_from_translators(translation, user):
    """Save what the translators wrote in wagtail-localize's editor (kept there as strings, outside
    the page) as a new draft revision of ``translation``, so that the reviewers read it.

    Strings nobody translated yet keep the source's text. Returns the page, refreshed."""
    for job in Translation.objects.filter(
        source__object_id=translation.translation_key, target_locale_id=translation.locale_id, enabled=True
    ).select_related("source", "target_locale"):
        job.save_target(user=user, publish=False)
    return type(translation).objects.get(pk=translation.pk)


def submission_plan(page, user):
    """What "Submit with translations for review" does for ``user``: ``(to_submit, refused)``."""
    to_submit, refused = [], []
    candidates = [page] if page.has_unpublished_changes or not page.live else []
    for item in [*candidates, *_pending(page)]:
        if item.workflow_in_progress:
            refused.append((item, IN_REVIEW))
        elif item.get_workflow() is None:
            refused.append((item, NO_WORKFLOW))
        elif not item.permissions_for_user(user).can_edit():
            refused.append((item, CANNOT_EDIT))
        else:
            to_submit.append(item)
    return to_submit, refused


def _named(pages):
    return ", ".join(f"{item.get_admin_display_title()} ({item.locale.get_display_name()})" for item in pages)


def _report(request, page, done, refused, texts, refused_text):
    """Tell the user what an action did (``texts``: done, nothing done) and what it left out, and
    go back to the story's editor."""
    done_text, nothing_text = texts
    if done:
        messages.success(request, done_text % {"pages": _named(done)})
    else:
        messages.warning(request, nothing_text)
    if refused:
        messages.warning(
            request, refused_text % {"pages": "; ".join(f"{_named([item])}: {reason}" for item, reason in refused)}
        )
    return redirect("wagtailadmin_pages:edit", page.pk)


class PublishWithTranslationsMenuItem(ActionMenuItem):
    label = gettext_lazy("Publish with translations")
    name = "action-publish-with-translations"
    icon_name = "globe"
    order = 25

    def is_shown(self, context):
        page = context.get("page")
        if context.get("view") != "edit" or page is None or not page.pk:
            return False
        if not context["user_page_permissions_tester"].can_publish():
            return False
        return page.get_translations().filter(has_unpublished_changes=True).exists()

    def get_url(self, parent_context):
        return reverse("publish_with_translations", args=[parent_context["page"].pk])


class SubmitWithTranslationsMenuItem(ActionMenuItem):
    label = gettext_lazy("Submit with translations for review")
    name = "action-submit-with-translations"
    icon_name = "resubmit"
    order = 26

    def is_shown(self, context):
        page = context.get("page")
        if context.get("view") != "edit" or page is None or not page.pk or page.get_workflow() is None:
            return False
        if not context["user_page_permissions_tester"].can_edit():
            return False
        pending = page.get_translations().filter(has_unpublished_changes=True)
        return pending.exists() and bool(submission_plan(page, context["request"].user)[0])

    def get_url(self, parent_context):
        return reverse("submit_with_translations", args=[parent_context["page"].pk])


def publish_with_translations(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    actions, refused = publishing_plan(page, request.user)
    if request.method == "POST":
        with transaction.atomic():
            for item, action in actions:
                if action == "approve":
                    _approve(item, request.user)
                else:
                    item.get_latest_revision().publish(user=request.user)
        done = [item for item, _action in actions]
        texts = (_("Published: %(pages)s."), _("Nothing was published."))
        return _report(
            request, page, done, refused, texts, _("Not published, they stay drafts until reviewed: %(pages)s.")
        )
    return TemplateResponse(
        request,
        "communities/publish_with_translations.html",
        {"page": page, "actions": actions, "refused": refused, "title": _("Publish with translations")},
    )


def submit_with_translations(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    to_submit, refused = submission_plan(page, request.user)
    if request.method == "POST":
        with transaction.atomic():
            for item in to_submit:
                if item.pk != page.pk:
                    item = _draft_from_translators(item, request.user)
                item.get_workflow().start(item, request.user)
        texts = (_("Submitted for review: %(pages)s."), _("Nothing was submitted for review."))
        return _report(request, page, to_submit, refused, texts, _("Not submitted: %(pages)s."))
    return TemplateResponse(
        request,
        "communities/submit_with_translations.html",
        {
            "page": page,
            "to_submit": to_submit,
            "refused": refused,
            "title": _("Submit with translations for review"),
        },
    )


urlpatterns = [
    path("publish-with-translations/<int:page_id>/", publish_with_translations, name="publish_with_translations"),
    path("submit-with-translations/<int:page_id>/", submit_with_translations, name="submit_with_translations"),
]

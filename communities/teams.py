"""A hub's team: its groups, page and image permissions, and its review workflow.

Creating a hub calls :func:`ensure_hub_team` (from a ``post_save`` receiver,
``communities.signals``), so nobody configures permissions by hand:
``<hub> editors`` write stories in that hub only, ``<hub> moderators``
moderate its comments, ``<hub> owners`` approve and publish through the
"<hub> review" workflow. Renaming a hub renames all of it; deleting a hub
removes it. Every function here is idempotent.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

# Page permissions each role holds on the hub and everything below it.
ROLE_PAGE_PERMISSIONS = {
    "editors": ("add_page", "change_page", "lock_page"),
    "moderators": (),
    "owners": ("add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page"),
}
# Image permissions each role holds on the hub's own collection.
ROLE_IMAGE_PERMISSIONS = {
    "editors": ("add_image", "change_image", "choose_image"),
    "moderators": (),
    "owners": ("add_image", "change_image", "choose_image", "delete_image"),
}
# Model permissions (site-wide): author profiles and topic names are shared by every hub.
# Translating (wagtail-localize's submit_translation) is limited to the team's own pages by
# ``communities.translation_rights``.
TRANSLATE = "submit_translation"
ROLE_MODEL_PERMISSIONS = {
    "editors": ("add_author", "change_author", "add_topic", "change_topic", TRANSLATE),
    "moderators": (),
    "owners": ("add_author", "change_author", "delete_author", "add_topic", "change_topic", "delete_topic", TRANSLATE),
}
ROLES = tuple(ROLE_PAGE_PERMISSIONS)


# Not translated: these names are stored, and shared by every language of the admin.
def group_name(hub_title, role):
    return f"{hub_title} {role}"


def review_workflow_name(hub_title):
    return f"{hub_title} review"


def approval_task_name(hub_title):
    return f"{hub_title} owners approve"


def _permissions(codenames):
    return list(Permission.objects.filter(codename__in=codenames).select_related("content_type"))


def _unique_group(name, current=None):
    """Return ``name``, or ``name (2)``... when another group already has it."""
    candidate, n = name, 1
    while Group.objects.filter(name=candidate).exclude(pk=getattr(current, "pk", None)).exists():
        n += 1
        candidate = f"{name} ({n})"
    return candidate


@transaction.atomic
def ensure_hub_team(hub):
    """Create (or repair) the groups, permissions, collection and workflow of ``hub``."""
    from communities.models import CommunityHubPage  # the model module imports this one

    changed_fields = []
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for role in ROLES:
        field = f"{role}_group"
        group = getattr(hub, field)
        if group is None:
            group = Group.objects.create(name=_unique_group(group_name(hub.title, role)))
            setattr(hub, field, group)
            changed_fields.append(field)
        group.permissions.add(access_admin, *_permissions(ROLE_MODEL_PERMISSIONS[role]))
        for permission in _permissions(ROLE_PAGE_PERMISSIONS[role]):
            GroupPagePermission.objects.get_or_create(group=group, page_id=hub.pk, permission=permission)

    if hub.collection is None:
        root = Collection.get_first_root_node()
        hub.collection = root.add_child(name=hub.title)
        changed_fields.append("collection")
    root = Collection.get_first_root_node()
    choose_image = Permission.objects.get(content_type__app_label="wagtailimages", codename="choose_image")
    for role in ROLES:
        group = getattr(hub, f"{role}_group")
        for permission in _permissions(ROLE_IMAGE_PERMISSIONS[role]):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=hub.collection, permission=permission
            )
        if ROLE_IMAGE_PERMISSIONS[role]:
            # Stories may use any image of the library, not only the hub's own.
            GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=choose_image)

    if hub.review_workflow is None:
        workflow = Workflow.objects.create(name=review_workflow_name(hub.title))
        task = GroupApprovalTask.objects.create(name=approval_task_name(hub.title))
        task.groups.set([hub.owners_group])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        hub.review_workflow = workflow
        changed_fields.append("review_workflow")
    WorkflowPage.objects.update_or_create(page_id=hub.pk, defaults={"workflow": hub.review_workflow})

    if changed_fields:
        # update() rather than save(): no new revision, no signals, no recursion.
        CommunityHubPage.objects.filter(pk=hub.pk).update(**{f: getattr(hub, f) for f in changed_fields})


@transaction.atomic
def rename_hub_team(hub, old_title):
    """Rename the groups, collection and workflow of a hub whose title changed."""
    for role in ROLES:
        group = getattr(hub, f"{role}_group")
        if group is not None and group.name.startswith(old_title):
            group.name = _unique_group(group_name(hub.title, role), current=group)
            group.save(update_fields=["name"])
    if hub.collection is not None and hub.collection.name == old_title:
        hub.collection.name = hub.title
        hub.collection.save(update_fields=["name"])
    workflow = hub.review_workflow
    if workflow is not None:
        workflow.name = review_workflow_name(hub.title)
        workflow.save(update_fields=["name"])
        for task in GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow):
            task.name = approval_task_name(hub.title)
            task.save(update_fields=["name"])


def remove_hub_team(hub):
    """Remove what ``ensure_hub_team`` made, unless another hub (a translation) still uses it."""
    from communities.models import CommunityHubPage

    others = CommunityHubPage.objects.exclude(pk=hub.pk)
    for role in ROLES:
        group_id = getattr(hub, f"{role}_group_id")
        if group_id and not others.filter(**{f"{role}_group_id": group_id}).exists():
            Group.objects.filter(pk=group_id).delete()
    if hub.review_workflow_id and not others.filter(review_workflow_id=hub.review_workflow_id).exists():
        tasks = GroupApprovalTask.objects.filter(workflow_tasks__workflow_id=hub.review_workflow_id)
        # Deactivate rather than delete: past workflow states of the hub's pages point at them.
        Workflow.objects.filter(pk=hub.review_workflow_id).update(active=False)
        tasks.update(active=False)


# -- Staffing: who moderates a hub, as far as communities knows ------------------------------------

# The moderation app's permission, named rather than imported: communities sits below moderation.
MODERATION_PERMISSION = ("moderation", "change_comment")


def hub_moderators(hub):
    """Active users who moderate ``hub`` as members of its team: its moderators and owners, and its
    editors when that group was given the moderation permission (``moderation.permissions`` says
    the same). Superusers and site-wide moderators are not counted: they moderate every hub, so
    nobody in particular watches this one."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    app_label, codename = MODERATION_PERMISSION
    team = Q(groups__pk__in=[pk for pk in (hub.moderators_group_id, hub.owners_group_id) if pk])
    if hub.editors_group_id:
        team |= Q(
            groups__pk=hub.editors_group_id,
            groups__permissions__content_type__app_label=app_label,
            groups__permissions__codename=codename,
        )
    return get_user_model().objects.filter(team, is_active=True).distinct()


def has_guidelines(guidelines):
    """True when rich-text ``guidelines`` hold some text (an empty paragraph is none)."""
    from django.utils.html import strip_tags

    return bool(strip_tags(guidelines or "").replace("&nbsp;", " ").strip())


def staffing_problems(hub, guidelines=None):
    """Why ``hub`` may not open its comments, as translated sentences; empty when it may.

    ``guidelines``: the text about to be saved, when it differs from the hub's."""
    from django.utils.translation import gettext as _

    problems = []
    if hub.pk is None or hub.moderators_group_id is None:
        problems.append(
            _(
                "Nobody moderates this hub yet. Save it as a draft first: its moderators group is made then; "
                "add someone to it (Settings → Groups), then open comments."
            )
        )
    elif not hub_moderators(hub).exists():
        problems.append(
            _("Nobody moderates this hub: add someone to the group “%(group)s” (Settings → Groups) first.")
            % {"group": hub.moderators_group.name}
        )
    if not has_guidelines(hub.guidelines if guidelines is None else guidelines):
        problems.append(_("Write the community guidelines first: the comment form links to them."))
    return problems

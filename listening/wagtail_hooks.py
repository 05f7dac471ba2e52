"""Registers feedback items with the Wagtail admin. Logic lives in workflow, views and viewsets."""

from wagtail import hooks

from listening.dashboard import add_your_work_panel
from listening.log_formats import FORMATTERS
from listening.viewsets import FeedbackViewSet


@hooks.register("register_admin_viewset")
def register_feedback_viewset():
    return FeedbackViewSet()


@hooks.register("register_log_actions")
def register_feedback_log_actions(actions):
    for action, formatter in FORMATTERS.items():
        actions.register_action(action)(formatter)


@hooks.register("construct_homepage_panels")
def add_your_work(request, panels):
    add_your_work_panel(request, panels)

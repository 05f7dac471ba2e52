"""Registers federation with the Wagtail admin: the Fediverse screens and how their log entries
read. Logic lives in ``federation.viewsets`` and ``federation.admin_views``."""

from wagtail import hooks

from federation.admin_views import LOG_FORMATTERS
from federation.viewsets import FederationViewSetGroup


@hooks.register("register_admin_viewset")
def register_federation_viewsets():
    return FederationViewSetGroup()


@hooks.register("register_log_actions")
def register_federation_log_actions(actions):
    for action, formatter in LOG_FORMATTERS.items():
        actions.register_action(action)(formatter)

"""Registers moderators' personal API tokens with the Wagtail admin. Logic lives in ``account``."""

from django.urls import include, path
from wagtail import hooks

from townsquare.api import account


@hooks.register("register_admin_urls")
def register_token_urls():
    return [path("", include((account.urlpatterns, account.APP_NAME)))]


hooks.register("register_account_settings_panel", account.PersonalTokensPanel)

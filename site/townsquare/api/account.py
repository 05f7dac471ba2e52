"""Personal API tokens in the admin's account settings: a tab listing the user's tokens, and the
screens that create one (its secret shown once, in the answer to the form) and revoke one.

The tokens are Wagtail's (``wagtail.models.APIToken``: a keyed SHA-256 digest and a short
prefix are stored, never the token). Only moderators create them (``issue_token`` asks
``moderation.permissions``); anyone revokes their own. The account page is one big form, so
its panel links to these screens rather than holding forms of its own.
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.account import BaseSettingsPanel, SettingsTab
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.log_actions import log
from wagtail.models import APIToken

from moderation.permissions import can_moderate_anything
from townsquare.validation import parse_number

APP_NAME = "api-tokens"
TAB = SettingsTab("api-tokens", gettext_lazy("API tokens"), order=300)
NAME_MAX_LENGTH = APIToken._meta.get_field("name").max_length
MAX_ACTIVE_TOKENS = 20


def issue_token(user, name):
    """Create a token named ``name`` for ``user``; returns ``(token, secret)``.

    The secret exists only in the return value. Raises ``PermissionDenied`` when ``user``
    moderates no hub, ``ValidationError`` for an empty name or one token too many."""
    if not can_moderate_anything(user):
        raise PermissionDenied(_("Only moderators can create API tokens."))
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the token a name."))
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(_("The name can be at most %(max)s characters long.") % {"max": NAME_MAX_LENGTH})
    if APIToken.objects.filter(user=user, revoked_at=None).count() >= MAX_ACTIVE_TOKENS:
        message = _("You have %(max)s active tokens already: revoke one you no longer use first.")
        raise ValidationError(message % {"max": MAX_ACTIVE_TOKENS})
    token, secret = APIToken.create_token(user=user, name=name)
    log(token, "wagtail.apitoken.create", user=user)
    return token, secret


def revoke_token(token, user):
    """Stop ``token`` at once (its next request is refused); it stays listed, revoked. True when it was active."""
    if not APIToken.objects.filter(pk=token.pk, revoked_at=None).update(revoked_at=timezone.now()):
        return False
    token.refresh_from_db(fields=["revoked_at"])
    log(token, "wagtail.apitoken.revoke", user=user)
    return True


def account_tab_url():
    return reverse("wagtailadmin_account") + "#tab-api-tokens"


class PersonalTokensPanel(BaseSettingsPanel):
    """The user's tokens, with a link to create one and one to revoke each (the account page's
    form saves nothing here)."""

    name = "api_tokens"
    title = gettext_lazy("Personal API tokens")
    tab = TAB
    order = 100
    template_name = "api/account/tokens_panel.html"

    @cached_property
    def can_create(self):
        return can_moderate_anything(self.user)

    @cached_property
    def tokens(self):
        # Active tokens first, newest first; then the revoked ones, most recently revoked first.
        tokens = list(APIToken.objects.filter(user=self.user).order_by("-created", "-pk"))
        revoked = sorted((token for token in tokens if token.revoked_at), key=lambda token: token.revoked_at)
        return [token for token in tokens if not token.revoked_at] + revoked[::-1]

    def is_active(self):
        # Shown to moderators, and to anyone who still has a token to revoke.
        return self.can_create or any(token.revoked_at is None for token in self.tokens)

    def get_form(self):
        return forms.Form(prefix=self.name)  # unbound: the account's Save button leaves tokens alone

    def get_context_data(self):
        return {"tokens": self.tokens, "can_create": self.can_create}


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=NAME_MAX_LENGTH,
        help_text=gettext_lazy('What the token is for, e.g. "Triage script on my laptop".'),
    )


def refused(request, message):
    return TemplateResponse(request, "moderation/forbidden.html", {"message": message}, status=403)


class TokenViewMixin(WagtailAdminTemplateMixin):
    header_icon = "key"

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": account_tab_url(), "label": _("API tokens")},
            {"url": "", "label": self.get_page_title()},
        ]


class CreateTokenView(TokenViewMixin, FormView):
    """A form naming the token; the answer to it shows the secret, once, and is never cached."""

    page_title = gettext_lazy("New API token")
    template_name = "api/account/token_form.html"
    form_class = TokenForm

    def dispatch(self, request, *args, **kwargs):
        if not can_moderate_anything(request.user):
            return refused(request, _("Only moderators can create API tokens."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action_url": reverse(f"{APP_NAME}:add")}

    def form_valid(self, form):
        try:
            token, secret = issue_token(self.request.user, form.cleaned_data["name"])
        except PermissionDenied:
            return refused(self.request, _("Only moderators can create API tokens."))
        except ValidationError as error:
            form.add_error("name", error)
            return self.form_invalid(form)
        response = TemplateResponse(
            self.request,
            "api/account/token_created.html",
            {
                **self.get_context_data(form=form),
                "page_title": _("Your new API token"),
                "token": token,
                "secret": secret,
                "account_url": account_tab_url(),
            },
        )
        # The secret is in this answer only: no browser or proxy may keep a copy.
        add_never_cache_headers(response)
        patch_cache_control(response, no_store=True)
        return response

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class RevokeTokenView(TokenViewMixin, TemplateView):
    """Confirm, then revoke one of the user's own tokens: it stops working at once."""

    page_title = gettext_lazy("Revoke an API token")
    template_name = "api/account/token_revoke.html"
    success_url = reverse_lazy("wagtailadmin_account")

    def dispatch(self, request, *args, **kwargs):
        pk = parse_number(kwargs["pk"])
        # Someone else's token, like one that does not exist, is not found.
        self.token = APIToken.objects.filter(pk=pk, user=request.user).first() if pk else None
        if self.token is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "token": self.token, "account_url": account_tab_url()}

    def post(self, request, *args, **kwargs):
        if revoke_token(self.token, request.user):
            messages.success(request, _('Token "%(name)s" revoked: it no longer works.') % {"name": self.token.name})
        return redirect(account_tab_url())


urlpatterns = [
    path("account/api-tokens/new/", CreateTokenView.as_view(), name="add"),
    path("account/api-tokens/<str:pk>/revoke/", RevokeTokenView.as_view(), name="revoke"),
]

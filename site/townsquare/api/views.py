"""The endpoints of the open read API and their router, mounted at ``/api/v2/`` (docs/api.md).

Wagtail's own API v2 viewsets, narrowed for an open API read by anybody:

- pages: live pages with no view restriction at all, the same for every visitor, signed in
  or not (Wagtail's default lets a signed-in user see login-restricted pages);
- images: only those used by such pages, so that a picture uploaded for a story still in
  review does not show before the story;
- JSON only (no browsable HTML API), no session or other authentication read;
- a malformed filter value is a 400, never a 500; errors are problem documents;
- listings prefetch what their fields read: the same queries for 2 pages or 50.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import CharField, IntegerField, Prefetch
from django.db.models.functions import Cast
from django.http import Http404
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from taggit.managers import TaggableManager
from wagtail.api import APIField
from wagtail.api.querysets import get_public_pages_queryset
from wagtail.api.v2.filters import FieldsFilter, SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, ReferenceIndex

from communities.models import CARD_RENDITION, CommunityHubPage
from events.models import EventPage
from stories.models import StoryPage
from townsquare.api.fields import PrefetchedTagsField
from townsquare.api.problems import problem
from townsquare.models import HeroImageMixin


def public_pages(request):
    """Live pages of the requested site with no view restriction on them or above them."""
    try:
        return get_public_pages_queryset(request).public()
    except ValueError as error:  # an unknown ?site=
        raise BadRequestError(str(error)) from error


class CheckedFieldsFilter(FieldsFilter):
    """Wagtail's field filters (``?publication_date=2025-06-01``), with a value the field cannot
    read answered 400: Wagtail converts booleans and numbers itself, and lets a malformed date
    reach the database, which fails with a 500."""

    def filter_queryset(self, request, queryset, view):
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True)) - {"locale"}
        for name, value in request.GET.items():
            if name not in fields:
                continue
            field = queryset.model._meta.get_field(name)
            if isinstance(field, TaggableManager):
                continue
            field = getattr(field, "target_field", field)  # a foreign key: its target's value
            try:
                field.to_python(value)
            except (ValidationError, ValueError, TypeError) as error:
                raise BadRequestError(f"field filter error. {value!r} is not a valid value for {name}") from error
        return super().filter_queryset(request, queryset, view)


class CheckedSearchFilter(SearchFilter):
    """Wagtail's ``?search=``, with an operator other than ``and`` or ``or`` answered 400, not 500."""

    def filter_queryset(self, request, queryset, view):
        if request.GET.get("search_operator", "or") not in ("and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")
        return super().filter_queryset(request, queryset, view)


def prefetched(queryset):
    """``queryset`` with what the API's fields of its model read, in a fixed number of queries."""
    queryset = queryset.select_related("locale")
    model = queryset.model
    if issubclass(model, HeroImageMixin):
        # The card rendition of every hero image at once, not one query per page.
        images = get_image_model().objects.prefetch_renditions(CARD_RENDITION)
        queryset = queryset.prefetch_related(Prefetch("hero_image", queryset=images))
    if issubclass(model, (StoryPage, CommunityHubPage)):
        queryset = queryset.prefetch_related("tagged_items__tag")
    if issubclass(model, StoryPage):
        queryset = queryset.prefetch_related("story_authors__author")
    if issubclass(model, EventPage):
        queryset = queryset.select_related("organiser")
    return queryset


class ProblemsMixin:
    """Wagtail answers a bad filter or an unknown id with ``{"message": ...}``; here, as everywhere
    in the API, with a problem document (``townsquare.api.problems``)."""

    def handle_exception(self, exc):
        if isinstance(exc, (Http404, BadRequestError)):
            return problem(404 if isinstance(exc, Http404) else 400, str(exc))
        return super().handle_exception(exc)


class PublicPagesAPIViewSet(ProblemsMixin, PagesAPIViewSet):
    renderer_classes = [JSONRenderer]
    authentication_classes = []
    permission_classes = [AllowAny]
    filter_backends = [CheckedFieldsFilter, *PagesAPIViewSet.filter_backends[1:-1], CheckedSearchFilter]
    # Bodies only in a page's own answer: a listing is for cards, and a body's images would
    # cost a query per page.
    detail_only_fields = [*PagesAPIViewSet.detail_only_fields, "body"]

    def get_base_queryset(self):
        return public_pages(self.request)

    def get_queryset(self):
        return prefetched(super().get_queryset())


class PublicImagesAPIViewSet(ProblemsMixin, ImagesAPIViewSet):
    renderer_classes = [JSONRenderer]
    authentication_classes = []
    permission_classes = [AllowAny]
    filter_backends = [CheckedFieldsFilter, *ImagesAPIViewSet.filter_backends[1:-1], CheckedSearchFilter]

    @classmethod
    def get_meta_fields(cls, model):
        return [
            APIField("tags", serializer=PrefetchedTagsField(read_only=True)) if field.name == "tags" else field
            for field in super().get_meta_fields(model)
        ]

    def get_queryset(self):
        """Images the public pages use (a hero image, an image in a body...), as Wagtail's
        reference index records them: one subquery, whatever the number of pages."""
        image_model = get_image_model()
        used = ReferenceIndex.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=public_pages(self.request).values_list(Cast("pk", CharField())),
            to_content_type=ContentType.objects.get_for_model(image_model),
        ).values_list(Cast("to_object_id", IntegerField()))
        return super().get_queryset().filter(pk__in=used).prefetch_related("tags")


api_router = WagtailAPIRouter("wagtailapi_v2")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)

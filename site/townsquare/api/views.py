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
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
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
from townsquare.api.problems import problem, problem_responses
from townsquare.models import HeroImageMixin
from townsquare.validation import parse_number


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


# How the OpenAPI schema (``/api/v2/schema/``) describes the endpoints below.

COMMON_PARAMETERS = [
    OpenApiParameter("limit", OpenApiTypes.INT, description="Items per answer, at most 50 (default 20)."),
    OpenApiParameter("offset", OpenApiTypes.INT, description="Items to skip."),
    OpenApiParameter("fields", OpenApiTypes.STR, description="Fields to add (a,b) or leave out (-a)."),
    OpenApiParameter("order", OpenApiTypes.STR, description="A field to order by (-field: descending), or random."),
    OpenApiParameter("search", OpenApiTypes.STR, description="Words to search for."),
    OpenApiParameter("search_operator", OpenApiTypes.STR, enum=["and", "or"]),
]
PAGE_PARAMETERS = [
    OpenApiParameter("type", OpenApiTypes.STR, description="A page type: stories.StoryPage, events.EventPage…"),
    OpenApiParameter("locale", OpenApiTypes.STR, description="A language code: en, fr, de, es, ja, ar."),
    OpenApiParameter("translation_of", OpenApiTypes.INT, description="Pages translating this page."),
    OpenApiParameter("child_of", OpenApiTypes.INT),
    OpenApiParameter("descendant_of", OpenApiTypes.INT),
    OpenApiParameter("ancestor_of", OpenApiTypes.INT),
]
ITEM = OpenApiResponse(OpenApiTypes.OBJECT, description="One item, its fields as docs/api.md lists them.")
LISTING = OpenApiResponse(
    inline_serializer(
        "Listing",
        {
            "meta": inline_serializer("ListingMeta", {"total_count": serializers.IntegerField()}),
            "items": serializers.ListField(child=serializers.DictField()),
        },
    ),
    description="Items with their id, meta and the fields asked for.",
)
FIND_PARAMETERS = [OpenApiParameter("id", OpenApiTypes.INT), OpenApiParameter("html_path", OpenApiTypes.STR)]
FOUND = OpenApiResponse(description="A redirect to the item's own URL.")


def check_find_id(request):
    """``find/?id=`` must be a number (Wagtail hands any value to the database, which fails); one
    past any id finds nothing."""
    value = request.GET.get("id")
    if value is None:
        return
    if not (value.isascii() and value.isdigit()):
        raise BadRequestError("id must be a whole number")
    if parse_number(value) is None:
        raise Http404("No item matches the given id.")


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

    @extend_schema(
        operation_id="pages_list",
        summary="List pages",
        parameters=[*COMMON_PARAMETERS, *PAGE_PARAMETERS],
        responses={200: LISTING, **problem_responses(400)},
    )
    def listing_view(self, request):
        return super().listing_view(request)

    @extend_schema(operation_id="pages_read", summary="Read a page", responses={200: ITEM, **problem_responses(404)})
    def detail_view(self, request, pk):
        return super().detail_view(request, pk)

    @extend_schema(
        operation_id="pages_find",
        summary="Find a page",
        parameters=FIND_PARAMETERS,
        responses={302: FOUND, **problem_responses(400, 404)},
    )
    def find_view(self, request):
        check_find_id(request)
        return super().find_view(request)

    def get_queryset(self):
        return prefetched(super().get_queryset())


class PublicImagesAPIViewSet(ProblemsMixin, ImagesAPIViewSet):
    renderer_classes = [JSONRenderer]
    authentication_classes = []
    permission_classes = [AllowAny]
    filter_backends = [CheckedFieldsFilter, *ImagesAPIViewSet.filter_backends[1:-1], CheckedSearchFilter]

    @extend_schema(
        operation_id="images_list",
        summary="List images",
        parameters=COMMON_PARAMETERS,
        responses={200: LISTING, **problem_responses(400)},
    )
    def listing_view(self, request):
        return super().listing_view(request)

    @extend_schema(
        operation_id="images_read", summary="Read an image", responses={200: ITEM, **problem_responses(404)}
    )
    def detail_view(self, request, pk):
        return super().detail_view(request, pk)

    @extend_schema(
        operation_id="images_find",
        summary="Find an image",
        parameters=FIND_PARAMETERS,
        responses={302: FOUND, **problem_responses(400, 404)},
    )
    def find_view(self, request):
        check_find_id(request)
        return super().find_view(request)

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

"""What every endpoint of the comments and moderation API shares (``comments``, ``moderation``).

- ``ApiView``: JSON in and out, a personal token as the only credential (never the session),
  errors as problem documents (``problems``), and a method the URL does not offer answered 405
  before anything else. Set on the views themselves, not in ``REST_FRAMEWORK``: other Django
  REST framework views of the site (the translation editor's, Wagtail's admin API) keep theirs.
- ``StrictSerializer``: a request body whose unknown fields and values of the wrong JSON type
  are refused, not dropped or converted; the schema says ``additionalProperties: false``.
- ``TextField``: text a database can store (no NUL character, no lone surrogate).
"""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerExtension, OpenApiSerializerFieldExtension
from rest_framework import exceptions, serializers
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from townsquare.api import problems
from townsquare.api.authentication import PersonalTokenAuthentication

# Text a database can store: no NUL character (the schema says it; ``TextField`` refuses it).
NO_NUL = r"^[^\u0000]*$"
SOME_TEXT = r"^[^\u0000]*[^\s\u0000][^\u0000]*$"


class ApiView(APIView):
    authentication_classes = [PersonalTokenAuthentication]
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]

    def get_exception_handler(self):
        return problems.exception_handler

    def initial(self, request, *args, **kwargs):
        # A method the URL does not offer is a 405 for everybody, before asking who is calling.
        if request.method.lower() not in self.http_method_names or not hasattr(self, request.method.lower()):
            raise exceptions.MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)


# The JSON type each kind of field takes: Django REST framework would read 3 as "3" or "yes" as true.
JSON_TYPES = (
    (serializers.BooleanField, (bool,), _("true or false")),
    (serializers.IntegerField, (int,), _("a whole number")),
    (serializers.CharField, (str,), _("a string")),
    (serializers.ChoiceField, (str,), _("a string")),
)


class StrictSerializer(serializers.Serializer):
    """A request body: a JSON object whose every field is known and of its JSON type."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            errors = {str(name): [_("This field is not known.")] for name in data if name not in self.fields}
            for name, field in self.fields.items():
                value = data.get(name)
                for kind, types, expected in JSON_TYPES:
                    if isinstance(field, kind) and value is not None:
                        if not isinstance(value, types) or (bool not in types and isinstance(value, bool)):
                            errors[name] = [_("Expected %s.") % expected]
                        break
            if errors:
                raise serializers.ValidationError(dict(sorted(errors.items())))
        return super().to_internal_value(data)


class StrictSerializerScheme(OpenApiSerializerExtension):
    """Request bodies in the schema say ``additionalProperties: false``, as the API refuses them."""

    target_class = StrictSerializer
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        if direction == "request":
            schema["additionalProperties"] = False
        return schema


def storable(value):
    # A lone surrogate (JSON's "\ud800") is valid JSON but no database can store it.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise serializers.ValidationError(_("The text contains a character that cannot be stored.")) from None


class TextField(serializers.CharField):
    """Text a database can store: no NUL character (Django REST framework refuses it), no lone surrogate."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(storable)


class TextFieldScheme(OpenApiSerializerFieldExtension):
    """The text fields' pattern in the schema: no NUL character, and something besides spaces
    unless the field may be blank (Django REST framework trims the spaces)."""

    target_class = TextField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        schema["pattern"] = NO_NUL if self.target.allow_blank else SOME_TEXT
        return schema

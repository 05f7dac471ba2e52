"""Formatting of the insights page's cells and durations."""

from datetime import date, timedelta

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def cell(value):
    """A table cell: dates in the locale's short format, None as a dash, the rest as is."""
    if value is None:
        return "—"
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return value


@register.filter
def duration_hours(value):
    """A duration as hours and minutes, e.g. "5 h 20 min"."""
    if not isinstance(value, timedelta):
        return "—"
    minutes = int(value.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}


@register.filter
def split(value):
    return value.split()


@register.filter
def get_item(mapping, key):
    return mapping[key]

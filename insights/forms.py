"""The insights page's filter: which hub and which dates. Bad values get a message, never a 500."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_WEEKS = 12
MAX_DAYS = 3 * 366  # three years of weekly rows is as much as a page can show usefully
EARLIEST = date(2000, 1, 1)


class InsightsFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        today = timezone.localdate()
        end = cleaned.get("end") or today
        start = cleaned.get("start") or end - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1)
        if start > end:
            raise forms.ValidationError(
                _("The start date is after the end date: swap them or choose again."), code="inverted"
            )
        if start < EARLIEST or end > today + timedelta(days=366):
            raise forms.ValidationError(
                _("Choose dates between %(earliest)s and a year from today.") % {"earliest": EARLIEST.isoformat()},
                code="absurd",
            )
        if (end - start).days > MAX_DAYS:
            raise forms.ValidationError(_("Choose at most three years at a time."), code="too_long")
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def period(self):
        """(start, end) as aware datetimes: from the start date's midnight to the day after the end date."""
        start, end = self.cleaned_data["start"], self.cleaned_data["end"] + timedelta(days=1)
        zone = timezone.get_current_timezone()
        return (
            timezone.make_aware(timezone.datetime.combine(start, timezone.datetime.min.time()), zone),
            timezone.make_aware(timezone.datetime.combine(end, timezone.datetime.min.time()), zone),
        )

"""The forms of the Fediverse screens: a hub's actor, a blocked server, and a block list to import.

A block list is read whole before anything is stored: a file that is too big, not text, or has
a line that names no server is refused with a form error, and nothing of it is blocked.
"""

import csv
import io
import re

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from communities.choosers import HubChoiceField, hub_choices
from communities.models import CommunityHubPage
from federation import blocks
from federation.models import BlockedDomain, HubActor

# A block list is read in one request: these bound the work it can ask for.
MAX_IMPORT_BYTES = 1024 * 1024
MAX_IMPORT_ROWS = 10_000
# Mastodon's severities: only "suspend" refuses a server; "silence" and "noop" limit it, which
# federation here has no notion of, so those rows are left out (and the result says so).
BLOCKING_SEVERITIES = {"", "suspend"}
SKIPPED_SEVERITIES = {"silence", "noop"}
# A host name as DNS allows it (after IDNA), with at least one dot: "spam.example".
# What fediverse software takes as the name part of "@name@host".
USERNAME = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$")
HOST_NAME = re.compile(r"^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$")


def server_name(value):
    """``value`` as a blocked domain is stored ("Spam.Example:443" → "spam.example"), or None
    when it names no server (an address, an obfuscated "sp*m.example", a single label)."""
    domain = blocks.normalise(value)
    if not domain.isascii():
        try:
            domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    return domain if HOST_NAME.match(domain) else None


class HubActorForm(WagtailAdminModelForm):
    """A hub made followable: which hub, its name in the fediverse, on or off, approved follows.

    The name and the hub are fixed once the actor exists: the name is the actor's address, which
    followers and every post already sent refer to."""

    hub = HubChoiceField(
        label=gettext_lazy("Hub"),
        queryset=CommunityHubPage.objects.none(),
        help_text=gettext_lazy("One fediverse account for the hub and all its translations."),
    )

    class Meta:
        model = HubActor
        fields = ["hub", "username", "enabled", "approve_followers"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One choice per hub: hubs already followable (in any translation) are not offered again.
        taken = HubActor.objects.filter(hub__translation_key=OuterRef("translation_key"))
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        hubs = CommunityHubPage.objects.exclude(Exists(taken))
        labels = hub_choices(hubs, current=self.instance.hub_id)
        self.fields["hub"].queryset = hubs.filter(pk__in=labels)
        self.fields["hub"].labels = labels
        if self.instance.pk:
            for name in ("hub", "username"):
                self.fields[name].disabled = True
            self.fields["username"].help_text = _(
                "Fixed: followers and every post already sent know the hub by this name."
            )

    def clean_username(self):
        username = self.cleaned_data["username"].lower()
        if not USERNAME.match(username):
            raise forms.ValidationError(
                _("Use letters, digits, “_” and “-”, starting and ending with a letter or digit."), code="invalid"
            )
        if not self.instance.pk and HubActor.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Another hub already has this name."), code="unique")
        return username


class BlockedDomainForm(WagtailAdminModelForm):
    class Meta:
        model = BlockedDomain
        fields = ["domain", "reason"]

    def clean_domain(self):
        domain = server_name(self.cleaned_data["domain"])
        if domain is None:
            raise forms.ValidationError(_("Give a server's host name, such as “spam.example”."), code="invalid_domain")
        covering = (
            BlockedDomain.objects.filter(domain__in=blocks.suffixes(domain)).values_list("domain", flat=True).first()
        )
        if covering:
            raise forms.ValidationError(
                _("Already blocked: “%(domain)s” covers it.") % {"domain": covering}, code="already_blocked"
            )
        return domain


class BlockListImportForm(forms.Form):
    """A CSV file of servers to block: Mastodon's export of domain blocks (a header
    ``#domain,#severity,...``), a file with a ``domain`` column, or one server per line.

    ``cleaned_data["file"]`` is the list read from it: ``rows`` (domain, reason) to block,
    ``skipped`` (domain, severity) left out."""

    file = forms.FileField(
        label=gettext_lazy("Block list (CSV)"),
        help_text=gettext_lazy(
            "Mastodon's export of domain blocks, or a text file with one server per line. At most 1 MB "
            "and 10,000 lines."
        ),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=500,
        required=False,
        help_text=gettext_lazy("Kept with each server the file gives no comment for, e.g. the list's name."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."), code="too_big")
        data = upload.read(MAX_IMPORT_BYTES + 1)
        if len(data) > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."), code="too_big")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = None
        if text is None or "\x00" in text:
            raise forms.ValidationError(_("This is not a text (CSV) file in UTF-8."), code="not_text")
        return read_block_list(text)


def _bad_lines(numbers):
    shown = ", ".join(str(number) for number in numbers[:5])
    return forms.ValidationError(
        _(
            "Line %(lines)s could not be read: each line needs a server's host name (and, in Mastodon's "
            "format, a severity of suspend, silence or noop). Nothing was imported."
        )
        % {"lines": shown},
        code="bad_lines",
    )


def read_block_list(text):
    """The servers a block list names: ``{"rows": [(domain, reason)], "skipped": [(domain,
    severity)]}``; raises ``ValidationError`` for a file that cannot be read whole."""
    try:
        lines = [
            (number, [cell.strip() for cell in row])
            for number, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
            if any(cell.strip() for cell in row)
        ]
    except csv.Error:
        raise forms.ValidationError(_("This file is not a CSV file that can be read."), code="not_csv") from None
    if len(lines) > MAX_IMPORT_ROWS + 1:  # the header, and at most so many servers
        raise forms.ValidationError(_("The file has more than 10,000 lines."), code="too_many_rows")

    columns = {"domain": 0, "severity": 1, "comment": None}
    header = [cell.lower().lstrip("#") for cell in lines[0][1]] if lines else []
    if "domain" in header:
        columns = {
            "domain": header.index("domain"),
            "severity": header.index("severity") if "severity" in header else None,
            "comment": header.index("public_comment") if "public_comment" in header else None,
        }
        lines = lines[1:]
    elif lines and len(lines[0][1]) > 1 and any(cell.lower() in {"severity", "#severity"} for cell in lines[0][1]):
        raise forms.ValidationError(_("The file's header has no “domain” column."), code="no_domain_column")

    def cell(row, name):
        index = columns[name]
        return row[index] if index is not None and index < len(row) else ""

    rows, skipped, bad, seen = [], [], [], set()
    for number, row in lines:
        value = cell(row, "domain")
        if value.startswith("#"):  # a comment line of a plain list
            continue
        domain = server_name(value)
        severity = cell(row, "severity").lower()
        if domain is None or severity not in BLOCKING_SEVERITIES | SKIPPED_SEVERITIES:
            bad.append(number)
            continue
        if domain in seen:
            continue
        seen.add(domain)
        if severity in SKIPPED_SEVERITIES:
            skipped.append((domain, severity))
        else:
            rows.append((domain, cell(row, "comment")))
    if bad:
        raise _bad_lines(bad)
    if not rows and not skipped:
        raise forms.ValidationError(_("The file names no server."), code="empty")
    return {"rows": rows, "skipped": skipped}

"""Manage the search index: ``--rebuild`` (without downtime), ``--retry`` (failed updates), ``--status``."""

import time

from django.core.management.base import BaseCommand, CommandError

from search import indexing
from search.backends import SearchUnavailable, get_backend
from search.models import PendingIndexUpdate


class Command(BaseCommand):
    help = (
        "Rebuild the search index (new indices, then one atomic alias switch on Elasticsearch), "
        "retry the updates that failed while search was down, or show the index's state."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument(
            "--rebuild", action="store_true", help="Index every story, event, hub and published comment afresh."
        )
        group.add_argument("--retry", action="store_true", help="Retry the index updates that failed.")
        group.add_argument("--status", action="store_true", help="Show the backend and the pending updates.")
        parser.add_argument("--no-progress", action="store_true", help="Do not draw the progress bar.")

    def handle(self, *args, rebuild=False, retry=False, status=False, no_progress=False, **options):
        backend = get_backend()
        if status:
            pending = PendingIndexUpdate.objects.count()
            self.stdout.write(f"Backend: {backend.name}")
            self.stdout.write(f"Pending updates: {pending}")
            return
        if retry:
            try:
                tried, pending = indexing.retry_pending()
            except SearchUnavailable as error:
                raise CommandError(f"Search is unavailable: {error}") from error
            if pending:
                raise CommandError(f"Tried {tried} update(s); {pending} still pending: search is unavailable.")
            self.stdout.write(self.style.SUCCESS(f"Tried {tried} pending update(s); none left."))
            return
        started = time.monotonic()
        show = not no_progress and options["verbosity"] > 0
        try:
            count = indexing.rebuild(progress=self._progress if show else None)
        except SearchUnavailable as error:
            raise CommandError(f"Search is unavailable, nothing was switched: {error}") from error
        if show:
            self.stdout.write("")
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {count} document(s) on the {backend.name} backend in {seconds:.1f} s.")
        )

    def _progress(self, done, total):
        width = 30
        filled = int(width * done / total) if total else width
        bar = "#" * filled + "-" * (width - filled)
        self.stdout.write(f"\r[{bar}] {done}/{total}", ending="")
        self.stdout.flush()

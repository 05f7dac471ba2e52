"""``manage.py send_federation``: run every minute from cron (docs/operators.md): queues the
fediverse deliveries that are due and deletes old entries of the delivery log."""

from django.core.management.base import BaseCommand

from federation import tasks


class Command(BaseCommand):
    help = "Queue the fediverse deliveries that are due; delete old delivery log entries."

    def handle(self, *args, **options):
        result = tasks.sweep()
        self.stdout.write(f"{result['queued']} deliveries queued, {result['pruned']} log entries deleted.")

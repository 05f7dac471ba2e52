"""``manage.py send_event_reminders``: remind everyone with a place at an event starting within a
day, once each. Run it every hour (cron, a systemd timer or your platform's scheduler)."""

from django.core.management.base import BaseCommand

from events.tasks import send_reminders


class Command(BaseCommand):
    help = "E-mail a reminder to everyone with a place at an event starting within the next day (once each)."

    def handle(self, *args, **options):
        sent = send_reminders.call()
        self.stdout.write(f"{sent} reminder(s) sent.")

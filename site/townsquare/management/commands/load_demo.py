"""``python manage.py load_demo``: create the demo site. Safe to run again."""

from django.core.management.base import BaseCommand

from townsquare.demo.loader import DemoLoader


class Command(BaseCommand):
    help = "Create the demo hubs, stories, images and users (demo-only password 'changeme'). Idempotent."

    def handle(self, *args, **options):
        created = DemoLoader(stdout=self.stdout).load()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo content ready ({created} objects created)."))
        else:
            self.stdout.write("Demo content already present: nothing to do.")

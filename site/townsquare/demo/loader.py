"""Put the demo content into the database. Idempotent: a second run changes nothing.

Every object is looked up by a natural key (slug, title, username) and only
created when missing; nothing existing is overwritten, so editors' changes
to demo pages survive a re-run.
"""

import hashlib
from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from communities.models import CommunityHubPage, HubIndexPage
from stories.models import StoryPage

from . import content, images


class DemoLoader:
    def __init__(self, stdout=None):
        self.stdout = stdout
        self.created = 0

    def log(self, message):
        self.created += 1
        if self.stdout:
            self.stdout.write(f"  created {message}")

    @transaction.atomic
    def load(self):
        home = self.load_home()
        for hub_data in content.HUBS:
            hub = self.load_hub(home, hub_data)
            for index, story_data in enumerate(hub_data["stories"]):
                self.load_story(hub, hub_data, story_data, index)
        self.load_users()
        return self.created

    # Pages ---------------------------------------------------------------

    def load_home(self):
        locale = Locale.get_default()
        root = Page.get_first_root_node()
        home = HubIndexPage.objects.filter(depth=2, locale=locale).first()
        if home is None:
            # Replace Wagtail's placeholder "Welcome" page, which owns the slug "home".
            for placeholder in Page.objects.filter(depth=2, locale=locale, content_type__model="page"):
                if not placeholder.get_children().exists():
                    placeholder.delete()
            home = HubIndexPage(title=content.HOME["title"], slug=content.HOME["slug"], intro=content.HOME["intro"])
            root.add_child(instance=home)
            home.save_revision().publish()
            self.log(f"home page {home.title!r}")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=content.HOME["title"]
            )
            self.log("default site")
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.site_name = content.HOME["title"]
            site.save()
            self.log("default site root")
        return home

    def load_hub(self, home, data):
        hub = CommunityHubPage.objects.child_of(home).filter(slug=data["slug"]).first()
        if hub is None:
            hub = CommunityHubPage(
                title=data["title"], slug=data["slug"], topic_statement=data["topic_statement"], intro=data["intro"]
            )
            home.add_child(instance=hub)
            hub.save_revision().publish()
            self.log(f"hub {hub.title!r}")
        return hub

    def load_story(self, hub, hub_data, data, index):
        if StoryPage.objects.child_of(hub).filter(slug=data["slug"]).exists():
            return
        image = self.load_image(f"{data['title']}", data["motif"], hub_data["colours"], collection=hub.collection)
        story = StoryPage(
            title=data["title"],
            slug=data["slug"],
            standfirst=data["standfirst"],
            hero_image=image,
            hero_image_alt=f"Illustration: {data['motif']}",
            body=[("paragraph", f"<p>{paragraph}</p>") for paragraph in data["body"]],
        )
        hub.add_child(instance=story)
        story.save_revision().publish()
        self.log(f"story {story.title!r}")

    # Media ---------------------------------------------------------------

    def load_image(self, title, motif, colours, collection=None):
        image_model = get_image_model()
        image = image_model.objects.filter(title=title).first()
        if image is not None:
            return image
        seed = int(hashlib.sha256(title.encode()).hexdigest()[:8], 16)
        data = images.paint(motif, seed, *colours)

        slug = hashlib.sha256(title.encode()).hexdigest()[:12]
        image = image_model(title=title, file=ImageFile(BytesIO(data), name=f"demo-{slug}.jpg"))
        if collection is not None:
            image.collection = collection
        image.save()
        self.log(f"image {title!r}")
        return image

    # People --------------------------------------------------------------

    def load_users(self):
        user_model = get_user_model()
        hubs = {hub.slug: hub for hub in CommunityHubPage.objects.all()}
        for data in content.USERS:
            user = user_model.objects.filter(username=data["username"]).first()
            if user is None:
                user = user_model(
                    username=data["username"],
                    email=f"{data['username']}@townsquare.example",
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    is_staff=data["superuser"],
                    is_superuser=data["superuser"],
                )
                user.set_password(content.DEMO_PASSWORD)
                user.save()
                self.log(f"user {user.username!r}")
            for hub_slug, roles in data["roles"].items():
                hub = hubs[hub_slug]
                for role in roles:
                    group = getattr(hub, f"{role}_group")
                    if not user.groups.filter(pk=group.pk).exists():
                        user.groups.add(group)
                        self.log(f"membership {user.username!r} in {group.name!r}")

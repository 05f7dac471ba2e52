"""Factories for the test suite (factory_boy + wagtail-factories).

Pages are created under their parent with ``parent=``; a hub needs a
``HubIndexPage`` parent, a story a ``CommunityHubPage``.
"""

import datetime

import factory
import wagtail_factories
from django.contrib.auth import get_user_model

from communities.models import CommunityHubPage, HubIndexPage
from events.models import EventPage
from stories.models import Author, StoryAuthor, StoryPage


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("changeme")

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(self, create, groups, **kwargs):
        if create and groups:
            self.groups.add(*groups)


class HubIndexPageFactory(wagtail_factories.PageFactory):
    title = "Home"
    slug = factory.Sequence(lambda n: f"home-{n}")

    class Meta:
        model = HubIndexPage


class CommunityHubPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Hub {n}")
    slug = factory.Sequence(lambda n: f"hub-{n}")
    topic_statement = "A topic people care about."

    class Meta:
        model = CommunityHubPage


class AuthorFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Author {n}")
    role = "Engineer"

    class Meta:
        model = Author


class EventPageFactory(wagtail_factories.PageFactory):
    """An in-person event a week from now, 9:00 to 12:00 in Paris, with 10 places."""

    title = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    summary = "A morning out together."
    start_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=7))
    start_time = datetime.time(9, 0)
    end_date = factory.LazyAttribute(lambda event: event.start_date)
    end_time = datetime.time(12, 0)
    time_zone = "Europe/Paris"
    place = "The bridge café"
    address = "1 Quai du Rhône, Lyon"
    capacity = 10
    organiser = factory.SubFactory(AuthorFactory)

    class Meta:
        model = EventPage


class StoryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Story {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")
    standfirst = "A story worth reading."
    hero_image = factory.SubFactory(wagtail_factories.ImageFactory)
    hero_image_alt = "A description of the picture"

    class Meta:
        model = StoryPage
        skip_postgeneration_save = True

    @factory.post_generation
    def authors(self, create, authors, **kwargs):
        if create and authors:
            for author in authors:
                StoryAuthor.objects.create(story=self, author=author)

    @factory.post_generation
    def topics(self, create, topics, **kwargs):
        if create and topics:
            self.topics.add(*topics)
            self.save()

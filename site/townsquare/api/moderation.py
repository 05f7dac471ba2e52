"""Moderators' queues and actions over the API, with a personal token: none yet."""

urlpatterns = []

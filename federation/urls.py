"""Federation's addresses (outside the language prefixes: other servers call them)."""

from django.urls import path

from federation import views

urlpatterns = [
    path(".well-known/webfinger", views.webfinger, name="federation-webfinger"),
    path("ap/inbox", views.shared_inbox, name="federation-shared-inbox"),
    path("ap/hubs/<slug:username>", views.actor, name="federation-actor"),
    path("ap/hubs/<slug:username>/inbox", views.hub_inbox, name="federation-inbox"),
    path("ap/hubs/<slug:username>/outbox", views.outbox, name="federation-outbox"),
    path("ap/hubs/<slug:username>/followers", views.followers, name="federation-followers"),
    path("ap/pages/<uuid:translation_key>", views.article, name="federation-article"),
    path("ap/comments/<int:pk>", views.note, name="federation-note"),
]

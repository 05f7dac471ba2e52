"""URLs of the public discussion (under the language prefix: messages follow the visitor's language)."""

from django.urls import path

from moderation.discussion import views

urlpatterns = [
    path("post/", views.post, name="comment-post"),
    path("write/<int:page_id>/", views.write, name="comment-write"),
    path("form-data/<int:page_id>/", views.form_data, name="comment-form-data"),
    path("sent/<int:page_id>/", views.sent, name="comment-sent"),
    path("confirm/<str:key>/", views.confirm, name="comment-confirm"),
    path("mute/<str:key>/", views.mute, name="comment-mute"),
    path("c/<int:comment_id>/", views.permalink, name="comment-permalink"),
    path("threads/<int:page_id>/", views.threads_fragment, name="comment-threads"),
    path("replies/<int:comment_id>/", views.replies_fragment, name="comment-replies"),
    path("like/<int:comment_id>/", views.like, name="comment-like"),
    path("report/<int:comment_id>/", views.report, name="comment-report"),
]

"""URLs of the public discussion (under the language prefix: messages follow the visitor's language)."""

from django.urls import path

from moderation.discussion import appeal, confirmation, mail_links, own_words, posting, reactions, reading

urlpatterns = [
    path("post/", posting.post, name="comment-post"),
    path("write/<int:page_id>/", posting.write, name="comment-write"),
    path("form-data/<int:page_id>/", posting.form_data, name="comment-form-data"),
    path("sent/<int:page_id>/", posting.sent, name="comment-sent"),
    path("confirm/<str:key>/", confirmation.confirm, name="comment-confirm"),
    path("mute/<str:key>/", mail_links.mute, name="comment-mute"),
    path("appeal/<str:key>/", appeal.appeal, name="comment-appeal"),
    # The own-words link sits beside the confirmation link (confirmation.own_words_url relies on it).
    path("own/<str:token>/", own_words.own, name="comment-own"),
    path("mine/<int:comment_id>/", own_words.mine, name="comment-mine"),
    path("unsubscribe/<str:key>/", mail_links.unsubscribe, name="mail-unsubscribe"),
    path("c/<int:comment_id>/", reading.permalink, name="comment-permalink"),
    path("threads/<int:page_id>/", reading.threads_fragment, name="comment-threads"),
    path("replies/<int:comment_id>/", reading.replies_fragment, name="comment-replies"),
    path("like/<int:comment_id>/", reactions.like, name="comment-like"),
    path("report/<int:comment_id>/", reactions.report, name="comment-report"),
]

"""The public side of comments: the discussion under a story.

``thread`` reads the threads to show, ``forms`` and ``views`` take a visitor's comment,
like, report and confirmation, ``urls`` routes them (under the language prefix), and
``my_comments`` remembers a visitor's own held comments in their session. The story page
(``stories``, below this app) shows the discussion through the ``story_page_context`` hook
that ``moderation/wagtail_hooks.py`` registers with ``context.story_discussion``.
"""

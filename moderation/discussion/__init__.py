"""The public side of comments: the discussion under a story.

- ``thread`` reads the threads to show; ``context`` gives them to the story page;
- ``forms`` and ``posting`` take a visitor's comment, ``confirmation`` stores a guest's once
  the e-mailed link is opened;
- ``reactions``: likes and reports; ``reading``: permalinks, more threads, more replies;
  ``mail_links``: the links in the e-mails a commenter receives;
- ``common`` holds what they share, ``urls`` routes them (under the language prefix), and
  ``my_comments`` remembers a visitor's own held comments in their session.

The story page (``stories``, below this app) shows the discussion through the
``story_page_context`` hook that ``moderation/wagtail_hooks.py`` registers with
``context.story_discussion``.
"""

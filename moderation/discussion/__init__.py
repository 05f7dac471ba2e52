"""The public side of comments: the discussion under a story or an event.

- ``thread`` reads the threads to show; ``context`` gives them to the story page;
- ``forms`` and ``posting`` take a visitor's comment, ``confirmation`` stores a guest's once
  the e-mailed link is opened;
- ``reactions``: likes and reports; ``reading``: permalinks, more threads, more replies;
  ``mail_links``: the links in the e-mails a commenter receives;
- ``common`` holds what they share, ``urls`` routes them (under the language prefix), and
  ``my_comments`` remembers a visitor's own held comments in their session.

Story and event pages (``stories``, ``events``, below this app) show the discussion
through the ``discussion_page_context`` hook that ``moderation/wagtail_hooks.py``
registers with ``context.page_discussion``. In this package "story" names the
discussed page, whichever of the two it is (``common.live_discussed_page``).
"""

"""Townsquare: the runnable Django project that assembles the Townsquare apps.

This package lives in ``site/townsquare`` because ``site`` is a standard-library
module name; ``manage.py``, ``wsgi.py`` and pytest put ``site/`` on the import
path (see ``townsquare.paths``).
"""

"""Demo content for Townsquare: ``python manage.py load_demo`` (idempotent).

``content.py`` holds the words, ``images.py`` paints the pictures locally
(nothing is downloaded) and ``loader.py`` puts both into the database.
"""

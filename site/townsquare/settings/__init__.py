"""Settings for Townsquare: ``base`` (shared), ``dev``, ``test`` and ``production``.

Everything that differs between machines is read from the environment through
``townsquare.settings.env``; see ``docs/operators.md`` for the full list.
"""

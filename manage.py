#!/usr/bin/env python
"""Django's command-line utility for Townsquare; run it from the repository root."""

import os
import sys
from pathlib import Path

# The project package lives in site/townsquare ("site" itself is a stdlib name).
sys.path[:0] = [str(Path(__file__).resolve().parent / "site"), str(Path(__file__).resolve().parent)]


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townsquare.settings.dev")
    from townsquare.settings.env import exit_on_settings_error

    with exit_on_settings_error():
        import django

        django.setup()  # load settings and apps now, to report their errors in one line

    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

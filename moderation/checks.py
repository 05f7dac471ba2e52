"""System checks of moderation: what the comment form needs to be served."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Warning, register


@register()
def altcha_widget_installed(app_configs=None, **kwargs):
    """The comment form's ALTCHA widget comes from the npm registry (``make assets``); without
    it visitors' browsers solve nothing and every comment is held for a moderator."""
    directory = Path(settings.ALTCHA_WIDGET_DIR)
    missing = [name for name in ("altcha.js", "altcha.css", "worker.js") if not (directory / name).is_file()]
    if not missing:
        return []
    return [
        Warning(
            f"The comment form's ALTCHA widget is not installed: {', '.join(missing)} missing in {directory}.",
            hint="Run `make assets` (npm ci): without it every comment is held for a moderator.",
            id="moderation.W001",
        )
    ]

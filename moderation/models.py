"""Models of the moderation app."""

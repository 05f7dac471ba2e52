"""Bulk actions on comments in the moderation queues: one class per file."""

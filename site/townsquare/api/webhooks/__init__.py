"""Outgoing webhooks: a hub's registered URLs told of its comments and feedback, signed and retried."""

"""The comment model and its lifecycle: policy rules, queues, actions, audit, notifications."""

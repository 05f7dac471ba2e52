"""Employee stories: story pages, author profiles, topics, feeds and the public thread on a story."""

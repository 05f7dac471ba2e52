"""Community hubs: the hub index, hub pages, a hub's team, comment policy and review workflow."""

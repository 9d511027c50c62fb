"""The Kommunalprofil: the inventory drawn from the registry, the SWOT analysis and the key figures."""

"""Full-text search with geo filters and facets; the index is a projection of the database."""

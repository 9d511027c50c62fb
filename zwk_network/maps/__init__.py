"""Maps: folium maps in our own pages, self-hosted Leaflet, server-side clusters for scale."""

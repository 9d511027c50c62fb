"""Residents take part between conferences („Mitmachen“): ideas, needs, remarks and offers to help,
moderated by the planners; published ideas and needs on the idea board with „Betrifft mich auch“."""

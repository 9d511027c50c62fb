"""Online registration for conferences: capacity, waiting list, cancel links."""

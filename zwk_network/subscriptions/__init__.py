"""Subscriptions („Benachrichtigen, wenn …“): e-mail digests and Atom feeds for any search filter.

A subscription is a filter of the search (stored normalised, read through the search's own parser
again), an address confirmed by double opt-in, and a frequency. `flask notify` sends the digests;
a table of deliveries makes a crash and a rerun send no item twice and lose none.
"""

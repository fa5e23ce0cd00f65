"""The relay: an end-to-end-encrypted store-and-forward service on PostgreSQL
(docs/relay.md).

Devices push packets (age files, opened only by the recipient agency) and fetch
what waits for their agency; a signed receipt deletes a packet, unclaimed ones
expire. The relay keeps only routing facts: packet id, sender and recipient
agency ids, size, times. Every process is stateless (all state in PostgreSQL),
so more processes are all that scaling needs.

This room uses only the pure modules of `screening_app.exchange` (key cards,
canonical JSON, signatures, the wire protocol); it never imports `storage` or
`gui`: a relay host has no encrypted case database.
"""

"""Referral packets between agencies: device identity, key cards, the agency
directory, packets (build, verify, import), receipts, outbox and sync.

Pure parts (no database): `identity`, `cards`, `canonical`, `archive`, `packet`,
`htcds`, `merge`. Parts that use an open storage session: `store`, `directory`,
`exporter`, `importer`, `sync`. The packet format is documented in
docs/packet-format.md.
"""

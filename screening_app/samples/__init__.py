"""Synthetic samples, one source for the demo, the tests and the benchmarks:
people of the region named in their own scripts (`people`), interviews on the
real form that drive the real engine to a chosen outcome (`interviews`), a fixed
referral case for documents (`documents`) and the demo data directory (`demo`).

Every person and agency here is made up. This room sits above the layers it
uses (domain, screening, storage, exchange) and below gui and the commands.
"""

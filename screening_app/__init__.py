"""Screening & Referral: offline-first identification, case keeping and referral."""

__version__ = "0.1.0"

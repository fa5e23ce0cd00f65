"""Encrypted case store: vault (key slots), the SQLCipher connection and its
migrations, the case repository, search, audit log, users and backups.

Everything the other layers need comes from here:

    recovery_code = init_data_dir(path, admin="name", passphrase="...")
    with Session.open(path, user, passphrase) as session:
        case = session.cases.create(person, consent)
"""

from screening_app.storage.audit import AuditAction, AuditLog
from screening_app.storage.cases import CaseFilter, CaseRepository, CaseSummary
from screening_app.storage.datadir import DataDir, default_data_dir
from screening_app.storage.installation import Device
from screening_app.storage.session import CheckReport, Session
from screening_app.storage.setup import init_data_dir
from screening_app.storage.vault import DEFAULT_KDF, KdfParams

__all__ = [
    "DEFAULT_KDF",
    "AuditAction",
    "AuditLog",
    "CaseFilter",
    "CaseRepository",
    "CaseSummary",
    "CheckReport",
    "DataDir",
    "Device",
    "KdfParams",
    "Session",
    "default_data_dir",
    "init_data_dir",
]

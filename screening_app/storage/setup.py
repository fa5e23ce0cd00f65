"""Making and removing a data directory: `init` and demo resets.

`init_data_dir` creates the encrypted database, the vault with the first
administrator's slot and a recovery slot, and records both slots and the
Argon2id cost of new slots inside the database (storage/keyring.py).
"""

from __future__ import annotations

import shutil
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

from screening_app.domain import AgencyService, AgencyType, Role
from screening_app.errors import Refused
from screening_app.i18n import _
from screening_app.storage import anchors, keyring
from screening_app.storage.audit import AuditAction, AuditLog
from screening_app.storage.cases import ensure_search_index, timestamp
from screening_app.storage.created import MadeHere
from screening_app.storage.database import Database, disk_refusal
from screening_app.storage.datadir import DataDir
from screening_app.storage.duplicate_index import ensure_duplicate_index
from screening_app.storage.installation import new_device_facts
from screening_app.storage.instance import InstanceLock
from screening_app.storage.names import check_name
from screening_app.storage.passphrase import check_passphrase
from screening_app.storage.vault import (
    DEFAULT_KDF,
    KdfParams,
    SlotKind,
    Vault,
    new_master_key,
    new_recovery_code,
    normalise_recovery_code,
    wipe,
)


def init_data_dir(path: Path | str | DataDir, admin: str, passphrase: str,
                  agency_name: str | None = None, country: str | None = None,
                  agency_type: AgencyType | str | None = None,
                  kdf: KdfParams | None = None, site_code: str | None = None,
                  agency_service: AgencyService | str | None = None) -> str:
    """Create the data directory, database, vault, the admin's slot and a recovery
    slot. Returns the recovery code: show it once, it is stored nowhere. Every
    value is checked before anything is made; a failure later removes what this
    call made and nothing else.

    `kdf` (tests only; the command line never passes it) sets the Argon2id cost of
    every slot of this installation; it is recorded inside the database.
    `agency_type` is an HTCDS 2.0 org_Type (or a pre-2.0 name, mapped);
    `agency_service` the project's extension (a shelter, an embassy)."""
    data_dir = DataDir.of(path)
    check_name(admin)
    check_passphrase(passphrase, [admin, agency_name or ""])
    _check_installation(agency_name, country, agency_type, site_code, agency_service)
    if data_dir.vault_path.exists() or data_dir.db_path.exists():
        raise Refused(_("This data directory is already set up. Nothing was changed; use "
                        "another folder or open this one."))
    made = MadeHere(data_dir.path, data_dir.outbox, data_dir.inbox, data_dir.logs,
                    data_dir.lock_path, data_dir.db_path, data_dir.vault_path,
                    data_dir.db_path.with_name("cases.db-wal"),
                    data_dir.db_path.with_name("cases.db-shm"))
    try:
        return _init(data_dir, admin, passphrase, agency_name, country, agency_type,
                     kdf or DEFAULT_KDF, site_code, agency_service)
    except BaseException:
        made.remove()
        raise


def _check_installation(agency_name: str | None, country: str | None,
                        agency_type: AgencyType | str | None, site_code: str | None,
                        agency_service: AgencyService | str | None) -> None:
    from screening_app.domain.validation import Invalid, check_installation
    from screening_app.errors import InvalidValue
    from screening_app.vocabulary import installed

    try:
        check_installation(installed(), agency_name=agency_name,
                           country=None if country is None else country.upper(),
                           agency_type=agency_type, site_code=site_code,
                           agency_service=agency_service)
    except Invalid as invalid:
        raise InvalidValue(invalid.problem, _("Nothing was created.")) from None


def _init(data_dir: DataDir, admin: str, passphrase: str, agency_name: str | None,
          country: str | None, agency_type: AgencyType | str | None, slot_cost: KdfParams,
          site_code: str | None, agency_service: AgencyService | str | None) -> str:
    try:
        data_dir.create_folders()
    except OSError:
        raise Refused(_("The data directory cannot be created here (read-only or full "
                        "disk). Nothing was changed.")) from None
    lock = InstanceLock(data_dir.lock_path)
    lock.acquire()
    master = new_master_key()
    code = new_recovery_code()
    vault = Vault(vault_id=str(uuid.uuid4()), generation=1, new_slot_kdf=slot_cost)
    try:
        signer = anchors.new_signer_state()
        admin_slot = vault.make_slot(SlotKind.USER, admin, passphrase, master, state=signer)
        recovery_slot = vault.make_slot(SlotKind.RECOVERY, None,
                                        normalise_recovery_code(code), master)
        vault.slots += [admin_slot, recovery_slot]
        db = Database(data_dir.db_path, master)
        try:
            db.migrate()
            ensure_search_index(db)
            ensure_duplicate_index(db)
            facts = new_device_facts(agency_name, country, agency_type, site_code,
                                     agency_service)
            facts["vault_id"] = vault.vault_id
            facts["created_at"] = timestamp(datetime.now(UTC))
            with db.transaction() as cur:
                cur.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                                sorted(facts.items()))
                cur.execute("INSERT INTO users (name, role, created_at) VALUES (?, ?, ?)",
                            (admin, Role.ADMIN.value, facts["created_at"]))
                keyring.set_slot_kdf(cur, slot_cost)
                keyring.record_slot(cur, admin_slot)
                keyring.record_slot(cur, recovery_slot)
                anchors.register_signer(cur, admin, signer)
                audit = AuditLog(db, admin)
                audit.record(AuditAction.USER_ADD, detail={"user": admin, "role": "admin",
                                                           "init": True})
        finally:
            db.close()
        vault.save(data_dir.vault_path)
    except BaseException as error:
        if isinstance(error, sqlcipher.Error | OSError):
            raise disk_refusal(error) from None
        raise
    finally:
        wipe(master)
        lock.release()
    return code


def remove_data_dir(path: Path) -> None:
    """Delete a data directory (demo resets); refuses folders that are not ours."""
    data_dir = DataDir.of(path)
    if not data_dir.vault_path.exists():
        raise Refused(_("This folder is not a data directory; nothing was deleted."))
    shutil.rmtree(data_dir.path)

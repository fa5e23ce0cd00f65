"""The connection, migrations, settings, and recovery from a crash during a rekey."""

from __future__ import annotations

import shutil

from screening_app.storage.database import discover_migrations


def test_connection_pragmas_and_migrations(session) -> None:
    conn = session.connection
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA cache_size").fetchone()[0] <= -16 * 1024
    applied = conn.execute("SELECT component, version FROM schema_migrations").fetchall()
    components = discover_migrations()
    assert components[0][0] == "core"
    assert sorted(applied) == sorted(
        (name, n) for name, migrations in components for n in range(1, len(migrations) + 1))


def test_reopen_does_not_rerun_migrations(data_dir_factory) -> None:
    made = data_dir_factory()
    with made.open("officer") as s:
        first = s.connection.execute("SELECT applied_at FROM schema_migrations").fetchall()
    with made.open("officer") as s:
        assert s.connection.execute("SELECT applied_at FROM schema_migrations").fetchall() \
            == first


def test_settings_user_then_device(data_dir_factory) -> None:
    made = data_dir_factory()
    with made.open("officer") as s:
        assert s.settings.get("ui_language", "en") == "en"
        s.settings.set("idle_lock_minutes", 5, device=True)
        s.settings.set("ui_language", "km")
        assert s.settings.get("ui_language") == "km"
        assert s.settings.get("idle_lock_minutes") == 5
    with made.open("supervisor") as s:
        assert s.settings.get("ui_language") is None           # per user
        assert s.settings.get("idle_lock_minutes") == 5         # device-wide
        s.settings.set("idle_lock_minutes", 2)
        assert s.settings.get("idle_lock_minutes") == 2


def test_crash_between_rekey_and_vault_promotion(data_dir_factory, tmp_path) -> None:
    made = data_dir_factory()
    old_vault = tmp_path / "old.json"
    shutil.copy(made.path / "vault.json", old_vault)
    with made.open("admin") as s:
        s.users.disable("supervisor")
    # as if the program died after PRAGMA rekey, before renaming the new vault
    shutil.move(made.path / "vault.json", made.path / "vault.json.next")
    shutil.copy(old_vault, made.path / "vault.json")
    with made.open("officer") as s:
        assert s.vault.generation == 2
    assert not (made.path / "vault.json.next").exists()
    with made.open("officer") as s:
        assert s.user.name == "officer"

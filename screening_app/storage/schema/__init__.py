"""Numbered schema migrations, one module per component.

Each module defines `COMPONENT: str` and `MIGRATIONS: list[str]` (append-only:
migration N is `MIGRATIONS[N-1]`; never edit or reorder a released one). The
database records what it applied in `schema_migrations(component, version)`.
Modules are discovered with pkgutil; `core` runs first.
"""

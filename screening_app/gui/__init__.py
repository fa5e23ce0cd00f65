"""PySide6 widgets: thin views over the domain, screening, storage, documents and
exchange layers. Nothing outside this package imports it."""

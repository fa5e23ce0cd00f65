"""Build step that makes a wheel carry the program's data (project metadata: pyproject.toml).

forms/, locales/ and resources/ stay at the top of the source tree (DESIGN.md's
layout). A source checkout and an editable install read them there; a wheel has
no such neighbours, so this step copies them into the package as
screening_app/_data/ and compiles the gettext catalogs (.po -> .mo) there, the
same way `make catalogs` does. screening_app.paths prefers _data when present.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA_DIRS = ("forms", "locales", "resources")
# Build products and editor droppings never go into a wheel.
SKIP = shutil.ignore_patterns("*.mo", "*.mo.tmp", "*~", "__pycache__", ".*")


class BuildWithData(build_py):
    """build_py plus screening_app/_data/{forms,locales,resources} with compiled catalogs."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return   # editable installs read the top-level folders themselves
        target = Path(self.build_lib) / "screening_app" / "_data"
        shutil.rmtree(target, ignore_errors=True)
        for name in DATA_DIRS:
            shutil.copytree(ROOT / name, target / name, ignore=SKIP)
        count = compile_catalogs(target / "locales")
        for source in (target / "locales").rglob("*.po"):
            source.unlink()   # the program reads only .mo; the sources stay in the sdist
        self.announce(f"screening_app/_data: {count} catalogs compiled", level=2)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = list(super().get_outputs(include_bytecode))
        target = Path(self.build_lib) / "screening_app" / "_data"
        if target.is_dir():
            outputs += [str(p) for p in target.rglob("*") if p.is_file()]
        return outputs


def compile_catalogs(locales: Path) -> int:
    """Compile with the program's own code, so a wheel's catalogs equal `make catalogs`."""
    sys.path.insert(0, str(ROOT))
    try:
        from screening_app.i18n.catalogs import compile_all
    finally:
        sys.path.remove(str(ROOT))
    return compile_all(base=locales)


setup(cmdclass={"build_py": BuildWithData})

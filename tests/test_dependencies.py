"""pyproject.toml lists every import the package makes, with ranges, and the locks pin them.

A package that imports something its metadata does not declare installs fine and crashes at
the first read (lxml.html.clean, once it left lxml); a scheduled job would catch the day a new
release breaks that, and there is none here, so this test checks the declaration itself.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest

import storyline

ROOT = Path(__file__).resolve().parents[1]
SRC = Path(storyline.__file__).resolve().parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# Imported only behind a guard, for an optional feature; each names its extra.
OPTIONAL = {"dask": "dask", "distributed": "dask", "psycopg": "postgres"}
# Reached through another library rather than imported by name, yet required at run time:
# trafilatura's cleaner imports lxml.html.clean, which lives in lxml-html-clean.
INDIRECT = {"lxml-html-clean"}


def _name(requirement: str) -> str:
    """The normalised distribution name of a requirement string."""
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group(0)).lower()


def _top_level_imports() -> set[str]:
    names: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"storyline", "__future__"}


def test_dependencies_every_third_party_import_is_declared() -> None:
    declared = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
    distributions = importlib.metadata.packages_distributions()
    missing = []
    for module in sorted(_top_level_imports()):
        owners = {_name(d) for d in distributions.get(module, [])}
        assert owners, f"{module} is imported by src/ but no installed distribution provides it"
        if module in OPTIONAL:
            extra = PYPROJECT["project"]["optional-dependencies"][OPTIONAL[module]]
            assert any(module in r for r in extra), f"{module}: not in [{OPTIONAL[module]}]"
        elif not owners & declared:
            missing.append(f"{module} ({', '.join(sorted(owners))})")
    assert not missing, f"imported by src/ but not in [project] dependencies: {missing}"
    assert declared >= INDIRECT


def test_dependencies_are_ranges_not_pins() -> None:
    pinned = [r for r in PYPROJECT["project"]["dependencies"] if "==" in r]
    assert not pinned, f"the lock pins; the package keeps compatible ranges: {pinned}"


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_dependencies_lock_pins_every_declared_package_with_hashes(lock: str) -> None:
    text = (ROOT / lock).read_text(encoding="utf-8")
    pins = dict(re.findall(r"(?m)^([A-Za-z0-9._-]+)==(\S+) \\\n\s+--hash=sha256:", text))
    pinned = {_name(n) for n in pins}
    wanted = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
    wanted |= {_name(r) for r in PYPROJECT["build-system"]["requires"]}
    if lock == "requirements-dev.lock":
        wanted |= {_name(r) for r in PYPROJECT["project"]["optional-dependencies"]["dev"]}
    assert wanted <= pinned, f"{lock} lacks {sorted(wanted - pinned)}: run scripts/lock.sh"

"""The project's own checks run with the tests: lint, strict types, and a pure core."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = [
    "core/holiday_calendar",
    "core/clock",
    "core/errors",
    "core/hold",
    "core/parsing",
    "output/records",
    "core/rules",
]


@pytest.mark.parametrize("module", CORE)
def test_core_never_imports_click_or_rich(module: str) -> None:
    tree = ast.parse((ROOT / "src" / "holdcalc" / f"{module}.py").read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & {"click", "rich"}


def _tool(name: str) -> list[str]:
    exe = Path(sys.executable).with_name(name)
    if exe.exists():
        return [str(exe)]
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (it is in the test extra)")
    return [found]


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [*_tool("ruff"), "check", str(ROOT)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean() -> None:
    result = subprocess.run([*_tool("mypy")], capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_data_file_ships_in_the_wheel() -> None:
    """Files under src/holdcalc/data must match pyproject's package-data, or a plain
    `pip install .` (not editable) would lack them."""
    import fnmatch
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["holdcalc"]
    package = ROOT / "src" / "holdcalc"
    data = [p.relative_to(package).as_posix() for p in (package / "data").rglob("*") if p.is_file()]
    assert data

    def ships(name: str, pattern: str) -> bool:  # glob rules: "*" never crosses a "/"
        parts, wanted = name.split("/"), pattern.split("/")
        return len(parts) == len(wanted) and all(
            fnmatch.fnmatch(part, want) for part, want in zip(parts, wanted, strict=True)
        )

    assert not ships("data/letters/x.md", "data/*")
    missing = [name for name in data if not any(ships(name, pat) for pat in patterns)]
    assert missing == []

"""The project's own checks run with the tests: lint, strict types, layers, sizes."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "holdcalc"
MODULES = sorted(PACKAGE.rglob("*.py"))

# What each layer may import from holdcalc (besides itself and the package root).
LAYERS = {
    "core": {"core"},
    "roster": {"core", "roster"},
    "letters": {"core", "roster", "letters"},
    "output": {"core", "roster", "output"},
    "jobs": {"core", "roster", "letters", "output", "jobs"},
    "frame": {"core", "roster", "jobs", "frame"},
    "web": {"core", "roster", "letters", "output", "jobs", "web"},
    "cli": {"core", "roster", "letters", "output", "jobs", "web", "frame", "cli"},
}


def _layer(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else ""


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def _name(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


@pytest.mark.parametrize("path", [p for p in MODULES if _layer(p)], ids=_name)
def test_each_layer_imports_only_the_layers_below_it(path: Path) -> None:
    allowed = LAYERS[_layer(path)]
    for module in _imports(path):
        parts = module.split(".")
        if parts[0] == "holdcalc" and len(parts) > 1:
            assert parts[1] in allowed, f"{_name(path)} imports {module}"
        if _layer(path) not in ("cli", "output", "web"):
            assert parts[0] not in ("click", "rich"), f"{_name(path)} imports {module}"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_modules_without_click_or_rich_never_name_a_flag(path: Path) -> None:
    if {m.split(".")[0] for m in _imports(path)} & {"click", "rich"}:
        return
    text = path.read_text(encoding="utf-8")
    assert not re.findall(r"(?<![\w-])--[a-z][a-z-]+|['\" ]-o ", text), _name(path)


def _functions(path: Path) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_small_pieces(path: Path) -> None:
    """No module over 500 lines; no function body over 60 lines or with over 10
    parameters."""
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 500
    for function in _functions(path):
        body = function.body[0].lineno, function.body[-1].end_lineno or 0
        assert body[1] - body[0] + 1 <= 60, f"{function.name} is too long"
        arguments = function.args
        count = len(arguments.args) + len(arguments.kwonlyargs) + len(arguments.posonlyargs)
        count -= 1 if arguments.args and arguments.args[0].arg in ("self", "cls") else 0
        assert count <= 10, f"{function.name} takes {count} parameters"


def test_each_status_is_spelled_once() -> None:
    from holdcalc import Status

    def lines(path: Path) -> list[str]:  # a line may say it is not a status
        text = path.read_text("utf-8").replace('simplefilter("error")', "")
        return [line for line in text.splitlines() if "not a status" not in line]

    for status in Status:
        spelled = re.compile(f"[\"']{re.escape(status.value)}[\"']")
        places = [_name(path) for path in MODULES for line in lines(path) if spelled.search(line)]
        assert places == ["core/verdict.py"], (status, places)


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
    data = [p.relative_to(PACKAGE).as_posix() for p in (PACKAGE / "data").rglob("*") if p.is_file()]
    assert data

    def ships(name: str, pattern: str) -> bool:  # glob rules: "*" never crosses a "/"
        parts, wanted = name.split("/"), pattern.split("/")
        return len(parts) == len(wanted) and all(
            fnmatch.fnmatch(part, want) for part, want in zip(parts, wanted, strict=True)
        )

    assert not ships("data/letters/x.md", "data/*")
    missing = [name for name in data if not any(ships(name, pat) for pat in patterns)]
    assert missing == []


def test_license_is_an_spdx_string_setuptools_reads() -> None:
    """The table form (license = {text = ...}) draws setuptools' deprecation warning on
    every install; PEP 639's SPDX string needs setuptools 77 or later to build."""
    import re
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["project"]["license"] == "MIT"
    assert "License :: " not in " ".join(config["project"].get("classifiers", []))
    (needs,) = [r for r in config["build-system"]["requires"] if r.startswith("setuptools")]
    found = re.fullmatch(r"setuptools>=(\d+)", needs)
    assert found is not None and int(found.group(1)) >= 77


def test_expire_loads_no_roster_letter_or_law_table_machinery() -> None:
    """Start-up is part of the speed budget (benchmarks/bench_expire.py): a plain
    `holdcalc expire` must not import what only check, letters or the law table need."""
    code = (
        "import sys; from holdcalc.cli import main\n"
        "try:\n"
        "    main(['expire', '2024-11-27 16:30', '--tz', 'America/Chicago', '--format', 'json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = set(result.stdout.split())
    assert "holdcalc.cli.expire" in loaded
    for module in (
        "holdcalc.cli.check",
        "holdcalc.cli.letter",
        "holdcalc.roster.rows",
        "holdcalc.letters.batch",
        "holdcalc.core.limits",
        "holdcalc.core.law_table",
        "tomllib",
        "rich",
    ):
        assert module not in loaded, module

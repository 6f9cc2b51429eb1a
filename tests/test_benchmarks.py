"""The benchmark scripts still run (tiny sizes; the figures are not checked here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _bench(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(ROOT / "benchmarks" / script), *args]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result


def test_bench_expire_runs() -> None:
    assert "ratio" in _bench("bench_expire.py", "--rounds", "1").stdout


@pytest.mark.parametrize("shape", [[], ["--bad-rate", "0.3"]])
def test_bench_check_runs(tmp_path: Path, shape: list[str]) -> None:
    out = _bench(
        "bench_check.py", "--rows", "3000", "--rounds", "1", "--out", str(tmp_path), *shape
    )
    assert "ratio" in out.stdout and "peak RSS" in out.stdout
    made = sorted(path.name for path in tmp_path.glob("roster-3000-*.csv"))
    assert made == [f"roster-3000-seed7{''.join(shape).replace('--', '-')}.csv"]


def test_roster_maker_is_in_the_repository_and_deterministic() -> None:
    """The benchmarks make their input from benchmarks/make_roster.py, nothing outside."""
    maker = ROOT / "benchmarks" / "make_roster.py"
    command = [sys.executable, str(maker), "--rows", "500", "--seed", "11"]
    first = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    again = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    assert first == again
    lines = first.splitlines()
    assert lines[0] == "booking_id,name,facility,tz,eligible_at,released_at"
    assert len(lines) == 501
    other = subprocess.run([*command[:-1], "12"], capture_output=True, text=True, check=True).stdout
    assert other != first


def test_bench_xlsx_runs(tmp_path: Path) -> None:
    out = _bench("bench_xlsx.py", "--rows", "2000", "--rounds", "1", "--out", str(tmp_path))
    assert "ratio" in out.stdout


def test_bench_stacked_runs(tmp_path: Path) -> None:
    out = _bench("bench_stacked.py", "--bookings", "300", "--rounds", "1", "--out", str(tmp_path))
    assert "ratio" in out.stdout and "300 bookings" in out.stdout


def test_bench_engines_runs(tmp_path: Path) -> None:
    out = _bench("bench_engines.py", "--sizes", "200,300", "--rounds", "1", "--out", str(tmp_path))
    assert "default took" in out.stdout and out.stdout.count(" row\n") == 2

"""The benchmark scripts still run (tiny sizes; the figures are not checked here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_expire_runs() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_expire.py"), "--rounds", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "ratio" in result.stdout


def test_bench_check_runs(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench_check.py"),
            "--rows",
            "3000",
            "--rounds",
            "1",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "ratio" in result.stdout and "peak RSS" in result.stdout


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
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench_xlsx.py"),
            "--rows",
            "2000",
            "--rounds",
            "1",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "ratio" in result.stdout


def test_bench_stacked_runs(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench_stacked.py"),
            "--bookings",
            "300",
            "--rounds",
            "1",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "ratio" in result.stdout and "300 bookings" in result.stdout

"""Bytes that are not text in the input's encoding: the run fails naming the line, in
every path a roster takes (the header search, the row engine reading line by line,
blocks judged in this process or in workers, per-booking grouping, standard input)."""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
from pathlib import Path

import pytest

from holdcalc.roster.stream import TextLines, lines_before
from tests.conftest import run_cli

HEADER = b"booking_id,eligible_at,released_at,tz\n"
AS_OF = "2026-11-01T00:00:00Z"


def roster(path: Path, rows: int, bad_at: int, bad: bytes = b"Garc\xeda") -> Path:
    """`rows` rows after the header, the one on line `bad_at` holding `bad`."""
    lines = [HEADER]
    for number in range(2, rows + 2):
        name = bad if number == bad_at else b"Garcia"
        lines.append(b"B%d %s,2024-11-27 16:30,2024-12-03 09:00,America/Chicago\n" % (number, name))
    path.write_bytes(b"".join(lines))
    return path


def _named(err: str, path: Path | str, line: int) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0] == (
        f"holdcalc: error: {str(path)!r}, line {line}: not valid text in this encoding "
        "(invalid continuation byte); pass --encoding (e.g. cp1252)"
    )


@pytest.mark.parametrize("engine", ["row", "columnar"])
@pytest.mark.parametrize(("rows", "bad_at"), [(3, 2), (3, 4), (20_000, 15_000), (120_000, 110_017)])
def test_the_line_is_named_in_one_process(
    tmp_path: Path, engine: str, rows: int, bad_at: int
) -> None:
    path = roster(tmp_path / "bad.csv", rows, bad_at)
    env = {"HOLDCALC_ENGINE": engine, "HOLDCALC_WORKERS": "1"}
    code, _, err = run_cli("check", str(path), "--as-of", AS_OF, "--format", "csv", env=env)
    assert code == 3
    _named(err, path, bad_at)


@pytest.mark.parametrize("engine", ["row", "columnar"])
def test_the_line_is_named_by_workers(tmp_path: Path, engine: str) -> None:
    path = roster(tmp_path / "bad.csv", 120_000, 97_531)
    env = {**os.environ, "HOLDCALC_ENGINE": engine, "HOLDCALC_WORKERS": "2"}
    for target in ([], ["-o", str(tmp_path / "out.csv")]):
        done = subprocess.run(
            [sys.executable, "-m", "holdcalc", "check", str(path), "--as-of", AS_OF,
             "--format", "csv", *target],
            capture_output=True, env=env, check=False, timeout=120,
        )  # fmt: skip
        assert done.returncode == 3
        _named(done.stderr.decode(), path, 97_531)
    assert not (tmp_path / "out.csv").exists()


def test_the_line_is_named_on_standard_input_and_per_booking(tmp_path: Path) -> None:
    path = roster(tmp_path / "bad.csv", 30_000, 29_999)
    code, _, err = run_cli("check", "-", "--as-of", AS_OF, "--format", "csv",
                           stdin=path.read_bytes())  # fmt: skip
    assert code == 3
    _named(err, "-", 29_999)
    code, _, err = run_cli("check", str(path), "--as-of", AS_OF, "--format", "csv",
                           "--group-by", "booking_id")  # fmt: skip
    assert code == 3
    _named(err, path, 29_999)


def test_another_encoding_is_named_too(tmp_path: Path) -> None:
    """A block decoded before the columns are split (pyarrow reads UTF-8 alone)."""
    path = roster(tmp_path / "bad.csv", 60_000, 55_555, bad="Garc\u00eda".encode("utf-8"))
    code, _, err = run_cli("check", str(path), "--as-of", AS_OF, "--format", "csv",
                           "--encoding", "ascii")  # fmt: skip
    assert code == 3
    assert f"'{path}', line 55555: not valid text in this encoding (ordinal not in range" in err


def test_text_lines_decode_each_line_and_count_them() -> None:
    import io

    lines = TextLines(io.BytesIO(b"a,\xc3\xa9\n\rb\n\nlast"), "utf-8")  # type: ignore[arg-type]
    assert list(lines) == ["a,\u00e9\n", "\rb\n", "\n", "last"]
    assert lines.number == 4
    broken = TextLines(io.BytesIO(b"ok\nok\nbad \xff\n"), "utf-8")  # type: ignore[arg-type]
    from holdcalc.roster.stream import NotText

    with pytest.raises(NotText) as seen:
        list(broken)
    assert seen.value.line == 3


def test_lines_before_the_refused_byte_are_counted() -> None:
    data = b"one\ntwo\nth\xffree\n"
    with pytest.raises(UnicodeDecodeError) as seen:
        codecs.decode(data, "utf-8")
    assert lines_before(data, seen.value) == 2


def test_a_workers_refusal_survives_dask_s_exception_pickling(tmp_path: Path) -> None:
    """tblib (which Dask's distributed installs) pickles a UnicodeDecodeError without
    its fields: a worker's refusal is no exception sent back but its block handed back,
    so a process that has imported Dask still gets the line."""
    pytest.importorskip("distributed")
    path = roster(tmp_path / "bad.csv", 120_000, 99_999)
    probe = (
        "import sys, distributed\n"
        "from holdcalc.cli import run\n"
        "sys.argv = ['holdcalc', 'check', sys.argv[1], '--as-of', sys.argv[2], '--format', 'csv']\n"
        "run()\n"
    )
    env = {**os.environ, "HOLDCALC_WORKERS": "2"}
    done = subprocess.run(
        [sys.executable, "-c", probe, str(path), AS_OF],
        capture_output=True, env=env, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 3
    _named(done.stderr.decode(), path, 99_999)


def test_what_a_failed_run_wrote_before_the_bad_line_is_the_same_every_way(
    tmp_path: Path,
) -> None:
    """Every row before the bad line is written, and nothing after it, whichever engine
    and however many processes judge it (a worker hands its block back, and the rows
    are read line by line up to the bad one)."""
    path = roster(tmp_path / "bad.csv", 120_000, 97_531)
    outputs = set()
    for engine in ("row", "columnar"):
        for workers in ("1", "2"):
            env = {**os.environ, "HOLDCALC_ENGINE": engine, "HOLDCALC_WORKERS": workers}
            done = subprocess.run(
                [sys.executable, "-m", "holdcalc", "check", str(path), "--as-of", AS_OF,
                 "--format", "csv"],
                capture_output=True, env=env, check=False, timeout=120,
            )  # fmt: skip
            assert done.returncode == 3
            _named(done.stderr.decode(), path, 97_531)
            outputs.add(done.stdout)
    assert len(outputs) == 1
    (written,) = outputs
    assert written.count(b"\n") == 97_530  # the header and the rows of lines 2 to 97,530
    assert written.splitlines()[-1].startswith(b"B97530 Garcia,")

"""Workers that write their own blocks to the output, each in its turn (roster.parallel.
InTurn): the bytes are those one process writes, to a file, a pipe or a reader that
goes away, and a write that fails passes no turn on."""

from __future__ import annotations

import io
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest

from holdcalc.roster import parallel
from holdcalc.roster.parallel import InTurn
from holdcalc.roster.sinks import CsvSink
from tests.test_engines import made_roster

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(),
    reason="workers write in turn only when forked",
)
AS_OF = "2025-12-01T12:00Z"
_JUDGE_BLOCK = parallel._judge_block


def _check(path: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "holdcalc", "check", str(path), "--as-of", AS_OF,
            "--tz", "America/New_York", *options]  # fmt: skip


def _env(workers: str, engine: str) -> dict[str, str]:
    return {**os.environ, "HOLDCALC_WORKERS": workers, "HOLDCALC_ENGINE": engine}


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """120,000 rows: three of the columnar engine's blocks, many of the row engine's."""
    folder = tmp_path_factory.mktemp("in-turn")
    return made_roster(folder / "roster.csv", 120_000, seed=11, bad_rate=0.03)


@pytest.mark.parametrize(
    ("fmt", "engine", "law"),
    [("csv", "columnar", ()), ("tsv", "columnar", ("--jurisdiction", "CA")), ("jsonl", "row", ())],
)
def test_workers_write_the_bytes_one_process_writes(
    big: Path, tmp_path: Path, fmt: str, engine: str, law: tuple[str, ...]
) -> None:
    options = ("--format", fmt, *law)
    one = subprocess.run(
        _check(big, *options), capture_output=True, env=_env("1", engine), check=False
    )
    header = 0 if fmt == "jsonl" else 1
    assert one.returncode == 1 and one.stdout.count(b"\n") == 120_000 + header
    piped = subprocess.run(
        _check(big, *options), capture_output=True, env=_env("2", engine), check=False
    )
    target = tmp_path / f"out.{fmt}"
    to_file = subprocess.run(
        _check(big, *options, "-o", str(target)),
        capture_output=True,
        env=_env("2", engine),
        check=False,
    )
    assert (piped.returncode, piped.stdout, piped.stderr) == (1, one.stdout, one.stderr)
    wrote = f"wrote {target}\n".encode()
    assert (to_file.returncode, to_file.stdout, to_file.stderr) == (1, b"", one.stderr + wrote)
    assert target.read_bytes() == one.stdout


def test_a_reader_that_goes_away_ends_the_run_quietly(big: Path) -> None:
    """`holdcalc check big.csv | head`: the workers' writes fail, the run stops, exit 0."""
    with subprocess.Popen(
        _check(big, "--format", "csv"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env("2", "columnar"),
    ) as run:
        assert run.stdout is not None and run.stderr is not None
        assert run.stdout.read(5000).startswith(b"booking_id,")
        run.stdout.close()
        assert run.wait(timeout=120) == 0
        assert run.stderr.read() == b""


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_a_full_device_is_one_line_and_exit_4(big: Path) -> None:
    for target in (["-o", "/dev/full"], []):
        with open("/dev/full", "wb") as full:
            done = subprocess.run(
                _check(big, "--format", "csv", *target),
                stdout=full,
                stderr=subprocess.PIPE,
                env=_env("2", "columnar"),
                check=False,
                timeout=120,
            )
        assert done.returncode == 4
        lines = done.stderr.decode().splitlines()
        assert len(lines) == 1 and "No space left on device" in lines[0], lines


def _write(in_turn: InTurn, number: int) -> None:
    in_turn.write(number, f"{number}\n".encode())


def test_blocks_are_written_in_their_turn_whichever_is_ready_first(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    path = tmp_path / "out.txt"
    with path.open("w", encoding="utf-8") as out:
        out.write("header\n")
        in_turn = InTurn.of(context, CsvSink(out, ","))
        assert in_turn is not None
        workers = [context.Process(target=_write, args=(in_turn, n)) for n in (3, 1, 4, 2, 0)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=60)
            assert worker.exitcode == 0
    assert path.read_text(encoding="utf-8") == "header\n0\n1\n2\n3\n4\n"


class _Failing(io.RawIOBase):
    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        raise OSError(28, "No space left on device")


def test_a_failed_write_passes_no_turn_on() -> None:
    context = multiprocessing.get_context("fork")
    in_turn = InTurn(io.BufferedWriter(_Failing()), context.RawValue("q", 0), context.Condition())
    with pytest.raises(OSError, match="No space"):
        in_turn.write(0, b"x" * 100)
    assert in_turn.turn.value == 0


def test_workers_write_in_turn_only_to_a_file_descriptor_they_share(tmp_path: Path) -> None:
    """Not to a stream held in memory (a test's), nor when workers are not forked."""
    fork, spawn = multiprocessing.get_context("fork"), multiprocessing.get_context("spawn")
    assert InTurn.of(fork, CsvSink(io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), ",")) is None
    assert InTurn.of(fork, CsvSink(io.StringIO(), ",")) is None
    with (tmp_path / "out.csv").open("w", encoding="utf-8") as out:
        assert InTurn.of(spawn, CsvSink(out, ",")) is None
        assert InTurn.of(fork, CsvSink(out, ",")) is not None
    with (tmp_path / "out.csv").open("w", encoding="latin-1") as out:
        assert InTurn.of(fork, CsvSink(out, ",")) is None


def _killed_on_third(number: int, data: bytes) -> object:
    import signal

    if number == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return _JUDGE_BLOCK(number, data)


@pytest.mark.parametrize("engine", ["row", "columnar"])
def test_a_worker_killed_midway_ends_the_run_not_waiting_forever(
    big: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    """A worker the system kills (out of memory) would leave its block unanswered and
    the run waiting for ever: the run ends, naming the signal, and writes nothing over."""
    import datetime as dt
    import signal
    import time

    from holdcalc import RULES, Calendar
    from holdcalc.core.errors import WorkerLost
    from holdcalc.roster.pipeline import run_check
    from holdcalc.roster.settings import Format, InputSettings, JudgeSettings, OutputSettings

    monkeypatch.setenv("HOLDCALC_ENGINE", engine)
    monkeypatch.setattr(parallel, "_judge_block", _killed_on_third)
    target = tmp_path / "out.csv"
    judging = JudgeSettings(RULES["cfr"], Calendar(), dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    begun = time.monotonic()
    with pytest.raises(WorkerLost) as lost:
        run_check(
            InputSettings(str(big)), judging, OutputSettings(Format.CSV, str(target)), workers=2
        )
    assert time.monotonic() - begun < 60
    assert lost.value.signum == signal.SIGKILL
    assert "stopped by signal 9 before its rows were judged" in str(lost.value)
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == []
    from tests.conftest import run_cli

    code, _, err = run_cli("check", str(big), "--as-of", AS_OF, "--format", "csv",
                             env={"HOLDCALC_WORKERS": "2"})  # fmt: skip
    assert code == 128 + signal.SIGKILL
    assert err == (
        "holdcalc: error: a worker process was stopped by signal 9 before its rows were "
        "judged (out of memory?); nothing was written over\n"
    )


DEAF = """
import datetime as dt, os, signal, sys
from holdcalc import RULES, Calendar
from holdcalc.core.errors import WorkerLost
from holdcalc.roster import parallel
from holdcalc.roster.pipeline import run_check
from holdcalc.roster.settings import Format, InputSettings, JudgeSettings, OutputSettings

start, judge = parallel._init_worker, parallel._judge_block

def deaf(*args):  # as a worker that starts while the terminate signal comes: it misses it
    start(*args)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)

def killed_on_third(number, data):
    if number == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return judge(number, data)

parallel._init_worker, parallel._judge_block = deaf, killed_on_third
judging = JudgeSettings(RULES["cfr"], Calendar(), dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
try:
    run_check(InputSettings(sys.argv[1]), judging, OutputSettings(Format.CSV, sys.argv[2]),
              workers=2)
except WorkerLost:
    print("ended")
"""


@pytest.mark.parametrize("engine", ["row", "columnar"])
def test_workers_that_miss_the_terminate_signal_are_killed(
    big: Path, tmp_path: Path, engine: str
) -> None:
    """A worker started to replace one the system killed can miss the signal that ends
    the pool (Python drops a signal that comes while its process is still starting,
    before the worker takes the default action again); ending the run must not wait
    for it for ever. Here every worker misses it."""
    done = subprocess.run(
        [sys.executable, "-c", DEAF, str(big), str(tmp_path / "out.csv")],
        capture_output=True, text=True, timeout=90, env=_env("2", engine), check=False,
    )  # fmt: skip
    assert done.stdout == "ended\n", done.stderr
    assert not (tmp_path / "out.csv").exists()

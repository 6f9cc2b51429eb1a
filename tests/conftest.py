from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping

import pytest
from hypothesis import HealthCheck, settings

# Tests never read or write the user's holiday cache, and never depend on the machine's zone.
os.environ["HOLDCALC_CACHE_DIR"] = tempfile.mkdtemp(prefix="holdcalc-test-cache-")
os.environ.pop("HOLDCALC_TZ", None)
os.environ.pop("HOLDCALC_NO_CACHE", None)
os.environ.pop("HOLDCALC_ENGINE", None)  # each engine is asked for by the tests that compare them
os.environ["NO_COLOR"] = "1"

settings.register_profile(
    "default", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") else "default")


@pytest.fixture
def cache_dir(tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> str:
    folder = str(tmp_path)
    monkeypatch.setenv("HOLDCALC_CACHE_DIR", folder)
    return folder


def run_cli(
    *args: str, stdin: str | bytes | None = None, env: Mapping[str, str | None] | None = None
) -> tuple[int, str, str]:
    """Run holdcalc in-process: (exit code, stdout, stderr), the two streams kept apart.

    An exception other than SystemExit is a bug and is raised, never turned into a code.
    """
    from click.testing import CliRunner

    from holdcalc.cli import main

    result = CliRunner().invoke(main, list(args), input=stdin, env=env, prog_name="holdcalc")
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    # stdout_bytes, not stdout: click's Result.stdout folds "\r\n" into "\n".
    return result.exit_code, result.stdout_bytes.decode("utf-8"), result.stderr


@pytest.fixture
def cli() -> Callable[..., tuple[int, str, str]]:
    """The CLI runner, for tests that take it as a fixture."""
    return run_cli

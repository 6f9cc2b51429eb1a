from __future__ import annotations

import os
import tempfile

import pytest
from hypothesis import HealthCheck, settings

# Tests never read or write the user's holiday cache, and never depend on the machine's zone.
os.environ["HOLDCALC_CACHE_DIR"] = tempfile.mkdtemp(prefix="holdcalc-test-cache-")
os.environ.pop("HOLDCALC_TZ", None)
os.environ.pop("HOLDCALC_NO_CACHE", None)
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

"""The optional extras (excel, calendar, report, web): each library is imported only
where it is used, and its absence is one line saying what to install."""

from __future__ import annotations

import importlib
from typing import Any

from holdcalc.core.errors import InputError


def extra(module: str, missing: str) -> Any:
    """The module of an optional extra, or an InputError whose message is `missing`
    (what to install)."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise InputError(missing) from None

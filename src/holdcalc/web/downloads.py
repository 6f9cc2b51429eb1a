"""Files offered for download, carried in the page itself as data: URIs, so that
nothing of a person's case or roster is kept on the machine after the page is sent."""

from __future__ import annotations

import base64
import dataclasses

from holdcalc.core.files import safe_stem


@dataclasses.dataclass(frozen=True)
class Download:
    """One file: its id on the page, its name, its type and its bytes."""

    key: str
    label: str
    name: str
    mime: str
    data: bytes

    @property
    def href(self) -> str:
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"

    @property
    def size(self) -> str:
        kb = len(self.data) / 1024
        return f"{kb / 1024:.1f} MB" if kb >= 1024 else f"{max(kb, 0.1):.1f} KB"


def safe_name(stem: str, suffix: str, fallback: str = "holdcalc") -> str:
    """A download's file name: letters, digits, dots, dashes and underscores only."""
    return f"{safe_stem(stem, fallback)}{suffix}"

"""Reading the small files a user names (holidays, policies, letter templates)."""

from __future__ import annotations

from holdcalc.core.errors import InputError

SMALL_FILE_LIMIT = 16 << 20  # a holiday, policy or template file is a few kilobytes


def read_small_file(path: str, what: str) -> bytes:
    """The bytes of a small file the user named, read whole but bounded: `/dev/zero` or a
    wrong file is refused instead of filling memory. Raises OSError to the caller."""
    with open(path, "rb") as handle:
        data = handle.read(SMALL_FILE_LIMIT + 1)
    if len(data) > SMALL_FILE_LIMIT:
        raise InputError(
            f"{what} {path!r} is larger than {SMALL_FILE_LIMIT >> 20} MiB; is it the right file?",
            value=path,
        )
    return data

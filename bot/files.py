"""Files and folders that hold people's data are readable by the bot's user only.

The data folder holds the database (visit phone numbers, questions typed for staff), its WAL
and SHM files, proof photos and the secret key. Modes are set explicitly, not left to the
umask (a umask of 000 would make them world-readable) nor to what an older version created.
SQLite creates the WAL and SHM files with the mode of the database file, so a database that
is 0600 before it is opened gets 0600 companions.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def private_folder(path: Path) -> Path:
    """Create `path` (and its parents) if needed; the folder itself becomes 0700."""
    path.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    _chmod(path, FOLDER_MODE)
    return path


def private_database(path: Path, *, create: bool) -> None:
    """The database file (created empty when missing and `create`) and its WAL and SHM
    files, if present, become 0600; its folder 0700."""
    private_folder(path.parent)
    if create and not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE))
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file.exists():
            _chmod(file, FILE_MODE)


def _chmod(path: Path, mode: int) -> None:
    try:
        if path.stat().st_mode & 0o777 != mode:
            path.chmod(mode)
    except PermissionError:  # someone else's file (a read-only report as another user)
        log.warning("cannot make %s private (mode %o): not its owner", path, mode)

"""The secret key that KK/NIK numbers are hashed with (conversations.core.personal_numbers).

Numbers are only ever stored as HMAC-SHA256 digests made with this key, so the key must stay
the same for the life of a database: with another key, a number typed today no longer matches
the same number saved yesterday. `check_fingerprint` stores a short fingerprint of the key in
the database on first start and refuses to run with a different key afterwards.

Where the key comes from (`load_or_create_key`):
- TUTOR_SENSUS_SECRET_KEY, when set, always wins;
- otherwise, on the console (a single person trying things out), a key file `secret.key` in
  the data folder, made on first start;
- otherwise (Telegram, WhatsApp) the bot refuses to start: a key for real residents' data is
  made on purpose with `tutor-sensus keygen` and kept safe, apart from the database backups.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path
from typing import Protocol

from bot.files import private_folder

KEY_BYTES = 32
KEY_FILE_NAME = "secret.key"
FINGERPRINT_KV_KEY = "secret_key_fingerprint"
SETTING = "TUTOR_SENSUS_SECRET_KEY"

_HOW_TO_FIX = f"Run `tutor-sensus keygen` and put what it prints in {SETTING}."
_PLACEHOLDERS = frozenset({
    "changeme", "change-me", "change_me", "secret", "secret-key", "secretkey", "password",
    "example", "contoh", "rahasia", "kunci", "ganti-dengan-kunci-acak", "your-secret-key",
})
_PLACEHOLDER_PARTS = ("changeme", "change-me", "ganti-dengan", "kunci-acak", "your-secret")
_HEX = re.compile(r"[0-9a-fA-F]+")
_BASE64 = re.compile(r"[A-Za-z0-9_\-+/]+={0,2}")
# A random key of 43 base64 characters uses about 31 different ones, of 64 hex characters
# about 15; fewer than these is a typed phrase, not a key (a random key has fewer with a
# probability of 2·10^-8 resp. 10^-12, and generate_key never returns one).
_MIN_DISTINCT = {"base64": 20, "hex": 10}


class KeyProblem(Exception):
    """The secret key is missing, malformed, a placeholder, or not the database's key."""


class KeyValueStore(Protocol):
    async def kv_get(self, key: str) -> str | None: ...

    async def kv_set(self, key: str, value: str) -> None: ...


def generate_key() -> str:
    """32 random bytes as URL-safe base64 without padding (43 characters)."""
    while True:
        value = secrets.token_urlsafe(KEY_BYTES)
        with contextlib.suppress(KeyProblem):
            decode_key(value)
            return value


def decode_key(value: str) -> bytes:
    """The key bytes from what `generate_key` printed, or from hex of at least 32 bytes."""
    text = value.strip()
    if not text:
        raise KeyProblem(f"The secret key is empty. {_HOW_TO_FIX}")
    lowered = text.lower()
    if (
        lowered in _PLACEHOLDERS
        or any(part in lowered for part in _PLACEHOLDER_PARTS)
        or len(set(lowered)) == 1
    ):
        raise KeyProblem(
            f"The secret key is a placeholder or example value, not a key. {_HOW_TO_FIX}"
        )
    if _HEX.fullmatch(text):  # a random base64 key is never all hex digits (p ≈ 10^-20)
        if len(text) % 2:
            raise KeyProblem(
                f"The secret key has an odd number of hex digits (cut off?). {_HOW_TO_FIX}"
            )
        key, kind = bytes.fromhex(text), "hex"
    elif _BASE64.fullmatch(text):
        padded = text.rstrip("=") + "=" * (-len(text.rstrip("=")) % 4)
        try:
            key = base64.urlsafe_b64decode(padded.replace("+", "-").replace("/", "_"))
        except (binascii.Error, ValueError):
            raise KeyProblem(f"The secret key is not valid base64. {_HOW_TO_FIX}") from None
        kind = "base64"
    else:
        raise KeyProblem(
            "The secret key has characters a key never has (it is URL-safe base64 or hex;"
            f" no spaces or quotes). {_HOW_TO_FIX}"
        )
    if len(key) < KEY_BYTES:
        raise KeyProblem(
            f"The secret key is too short: {len(key)} bytes, at least {KEY_BYTES} are needed."
            f" {_HOW_TO_FIX}"
        )
    if len(set(lowered if kind == "hex" else text)) < _MIN_DISTINCT[kind]:
        raise KeyProblem(f"The secret key looks typed by hand, not random. {_HOW_TO_FIX}")
    return key


def load_or_create_key(setting: str | None, data_dir: Path, *, allow_generate: bool) -> bytes:
    """The key from the setting; else (console) from `data_dir/secret.key`, made if missing.

    The key file is created with mode 0600, atomically (never half-written) and never
    overwritten: when two processes start at once, both end up with the same key.
    """
    if setting is not None and setting.strip():
        return decode_key(setting)
    path = data_dir / KEY_FILE_NAME
    if not allow_generate:
        hint = (
            f" The key file {path} (made when the console was used) holds a key: to keep"
            f" the data made with it, put its content in {SETTING}."
            if path.exists()
            else ""
        )
        raise KeyProblem(
            f"{SETTING} is required for Telegram and WhatsApp: KK and NIK numbers are stored"
            " only as digests made with it. Run `tutor-sensus keygen`, put what it prints in"
            f" {SETTING} (environment or .env), and keep a copy apart from the database"
            f" backups.{hint}"
        )
    if not path.exists():
        _create_key_file(path)
    try:
        return decode_key(path.read_text(encoding="ascii"))
    except (KeyProblem, UnicodeDecodeError) as exc:
        raise KeyProblem(
            f"The key file {path} does not hold a valid key ({exc}). Restore it from a backup,"
            f" or set {SETTING}; delete the file only if the database holds no data yet."
        ) from None


def _create_key_file(path: Path) -> None:
    """Write a new key to a temporary file, then link it into place unless one exists."""
    private_folder(path.parent)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(generate_key() + "\n")
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(temporary, path)  # fails if the file exists: never overwritten
        except FileExistsError:
            return  # another process made it first; theirs is the key
        except OSError:
            # No hard links on this file system (FAT, some network shares): create the file
            # exclusively in place instead. Not crash-proof, but still never overwritten.
            _create_in_place(path, temporary.read_text(encoding="ascii"))
            return
        _fsync_dir(path.parent)
    finally:
        temporary.unlink(missing_ok=True)


def _create_in_place(path: Path, content: str) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(content)
        out.flush()
        os.fsync(out.fileno())


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fingerprint(key: bytes) -> str:
    """16 hex characters that tell keys apart without revealing anything about them."""
    return hmac.new(key, b"tutor-sensus key fingerprint", hashlib.sha256).hexdigest()[:16]


async def check_fingerprint(store: KeyValueStore, key: bytes) -> None:
    """Remember the key's fingerprint on first start; refuse a different key afterwards."""
    current = fingerprint(key)
    stored = await store.kv_get(FINGERPRINT_KV_KEY)
    if stored is None:
        await store.kv_set(FINGERPRINT_KV_KEY, current)
        return
    if not hmac.compare_digest(stored, current):
        raise KeyProblem(
            f"The database was created with another secret key (fingerprint {stored}; this"
            f" key's is {current}). KK and NIK numbers saved with the other key would no"
            f" longer match. Restore the original key in {SETTING} (or the {KEY_FILE_NAME}"
            " file in the data folder); use a new key only with a new database."
        )

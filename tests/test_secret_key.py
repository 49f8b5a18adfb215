"""The secret key: made by keygen, refused when weak, kept in a 0600 file, pinned to the DB."""

from __future__ import annotations

import base64
import os
import stat
import threading
from pathlib import Path

import pytest

from bot.secret_key import (
    KeyProblem,
    check_fingerprint,
    decode_key,
    fingerprint,
    generate_key,
    load_or_create_key,
)
from bot.store import Store

HEX_KEY = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def test_generated_keys_are_32_random_bytes_in_url_safe_base64() -> None:
    keys = {generate_key() for _ in range(200)}
    assert len(keys) == 200
    for value in keys:
        assert len(value) == 43 and "=" not in value
        assert decode_key(value) == base64.urlsafe_b64decode(value + "=")
        assert len(decode_key(value)) == 32


def test_hex_and_padded_base64_are_accepted() -> None:
    assert decode_key(HEX_KEY) == bytes.fromhex(HEX_KEY)
    assert decode_key(HEX_KEY.upper()) == bytes.fromhex(HEX_KEY)
    raw = bytes.fromhex(HEX_KEY)
    assert decode_key(base64.b64encode(raw).decode()) == raw  # standard, with padding
    assert decode_key(f"  {generate_key()}\n") is not None  # copied with a newline


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("", "empty"),
        ("changeme", "placeholder"),
        ("secret", "placeholder"),
        ("ganti-dengan-kunci-acak", "placeholder"),
        ("GANTI-DENGAN-KUNCI-ACAK-YANG-PANJANG-SEKALI-1234", "placeholder"),
        ("x" * 43, "placeholder"),
        ("0" * 64, "placeholder"),
        ("dGVzdA", "too short"),  # 4 bytes
        (HEX_KEY[:62], "too short"),  # 31 bytes
        (HEX_KEY[:-1], "odd number"),  # the last digit was not copied
        ("kunci rahasia kantor bps batang", "characters"),
        ('"' + "a1B2" * 11 + '"', "characters"),
        ("tutorsensussecretkeyforbatangregency2020xyz", "typed by hand"),
    ],
)
def test_weak_or_malformed_keys_are_refused_with_a_fix(value: str, says: str) -> None:
    with pytest.raises(KeyProblem) as info:
        decode_key(value)
    message = str(info.value)
    assert says in message
    assert "tutor-sensus keygen" in message


def test_setting_wins_over_the_key_file(tmp_path: Path) -> None:
    (tmp_path / "secret.key").write_text(generate_key() + "\n")
    before = (tmp_path / "secret.key").read_text()
    assert load_or_create_key(HEX_KEY, tmp_path, allow_generate=True) == bytes.fromhex(HEX_KEY)
    assert load_or_create_key(HEX_KEY, tmp_path, allow_generate=False) == bytes.fromhex(HEX_KEY)
    assert (tmp_path / "secret.key").read_text() == before


def test_a_wrong_setting_is_refused_even_when_a_file_exists(tmp_path: Path) -> None:
    load_or_create_key(None, tmp_path, allow_generate=True)
    with pytest.raises(KeyProblem):
        load_or_create_key("changeme", tmp_path, allow_generate=True)


def test_console_creates_a_private_key_file_once(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    key = load_or_create_key(None, data_dir, allow_generate=True)
    path = data_dir / "secret.key"
    assert len(key) == 32
    assert decode_key(path.read_text()) == key  # can be copied into the setting
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_key(None, data_dir, allow_generate=True) == key
    assert load_or_create_key("", data_dir, allow_generate=True) == key  # blank means unset
    assert [p.name for p in data_dir.iterdir()] == ["secret.key"]  # no temporary files left


def test_an_existing_key_file_is_used_not_replaced(tmp_path: Path) -> None:
    value = generate_key()
    (tmp_path / "secret.key").write_text(value + "\n")
    assert load_or_create_key(None, tmp_path, allow_generate=True) == decode_key(value)
    assert (tmp_path / "secret.key").read_text() == value + "\n"


def test_a_damaged_key_file_is_reported_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "secret.key"
    path.write_text("abc")
    with pytest.raises(KeyProblem) as info:
        load_or_create_key(None, tmp_path, allow_generate=True)
    assert str(path) in str(info.value)
    assert path.read_text() == "abc"


def test_processes_starting_at_once_end_up_with_one_key(tmp_path: Path) -> None:
    keys: list[bytes] = []
    barrier = threading.Barrier(8)

    def start() -> None:
        barrier.wait()
        keys.append(load_or_create_key(None, tmp_path, allow_generate=True))

    threads = [threading.Thread(target=start) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(keys) == 8 and len(set(keys)) == 1
    assert decode_key((tmp_path / "secret.key").read_text()) == keys[0]
    assert [p.name for p in tmp_path.iterdir()] == ["secret.key"]


def test_telegram_and_whatsapp_need_the_setting(tmp_path: Path) -> None:
    with pytest.raises(KeyProblem) as info:
        load_or_create_key(None, tmp_path, allow_generate=False)
    message = str(info.value)
    assert "TUTOR_SENSUS_SECRET_KEY" in message and "tutor-sensus keygen" in message
    assert not (tmp_path / "secret.key").exists()


def test_without_the_setting_an_old_console_key_file_is_pointed_out(tmp_path: Path) -> None:
    load_or_create_key(None, tmp_path, allow_generate=True)
    with pytest.raises(KeyProblem) as info:
        load_or_create_key(None, tmp_path, allow_generate=False)
    assert str(tmp_path / "secret.key") in str(info.value)


def test_fingerprint_is_short_stable_and_tells_keys_apart() -> None:
    key, other = decode_key(generate_key()), decode_key(generate_key())
    assert fingerprint(key) == fingerprint(key)
    assert fingerprint(key) != fingerprint(other)
    assert len(fingerprint(key)) == 16 and int(fingerprint(key), 16) >= 0
    assert fingerprint(key) not in key.hex()


async def test_the_database_remembers_its_key(tmp_path: Path) -> None:
    key, other = decode_key(generate_key()), decode_key(generate_key())
    store = await Store.open(tmp_path / "db.sqlite3")
    try:
        await check_fingerprint(store, key)  # first start: remembered
        await check_fingerprint(store, key)  # same key: fine
        with pytest.raises(KeyProblem) as info:
            await check_fingerprint(store, other)
        assert "another secret key" in str(info.value)
    finally:
        await store.close()

    store = await Store.open(tmp_path / "db.sqlite3")  # after a restart
    try:
        with pytest.raises(KeyProblem):
            await check_fingerprint(store, other)
        await check_fingerprint(store, key)
        assert await store.kv_get("secret_key_fingerprint") == fingerprint(key)
    finally:
        await store.close()

"""Files with people's data are the bot user's only, whatever the umask; bad bytes on the
console's standard input are answered, not a traceback."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Chat

from bot.app import App, build_app
from bot.settings import Settings
from conversations.core.clock import FakeClock

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)  # the worst case: everything would be world-readable and writable
    try:
        yield
    finally:
        os.umask(old)


async def test_data_folder_database_wal_shm_and_proofs_are_private(
    open_umask: None, settings: Settings, clock: FakeClock, tmp_path: Path
) -> None:
    settings.data_dir.mkdir(mode=0o777)  # an old install left it open
    os.chmod(settings.data_dir, 0o777)
    app: App = await build_app(settings, clock=clock)
    try:
        from conftest import RecordingConsole

        console = RecordingConsole()
        app.add_channel(console)
        chat = Chat(app, console)
        proof = tmp_path / "bukti.png"
        proof.write_bytes(PNG_1PX)
        await chat.send("/selesai")
        await chat.send("3325 0123 0120 0001")
        await chat.press("Ya")
        await chat.send("4")
        await chat.send("Blado")
        await chat._deliver(media={"kind": "photo", "file_id": str(proof), "size": 68})
        await chat.press("Simpan")
        database = settings.database_path
        files = [database, Path(f"{database}-wal"), Path(f"{database}-shm")]
        proofs = [p for p in settings.data_dir.rglob("*") if p.is_file()
                  and p not in files and p.name != "secret.key"]
        assert proofs, "the proof file was written"
        assert mode(settings.data_dir) == 0o700
        for path in [*files, *proofs, settings.data_dir / "secret.key"]:
            assert path.exists(), path
            assert mode(path) == 0o600, (path, oct(mode(path)))
        for folder in {p.parent for p in proofs}:
            assert mode(folder) == 0o700
    finally:
        await app.close()


def test_invalid_bytes_on_the_console_are_replaced_and_answered(tmp_path: Path) -> None:
    env = {**os.environ, "TUTOR_SENSUS_DATA_DIR": str(tmp_path / "data"),
           "TUTOR_SENSUS_TODAY": "2020-03-02"}
    result = subprocess.run(  # printf '/start\nabc\xff\n' | tutor-sensus chat
        [sys.executable, "-m", "bot", "chat"], input=b"/start\nabc\xff\n",
        capture_output=True, env=env, timeout=60, check=False,
    )
    out, err = result.stdout.decode(), result.stderr.decode()
    assert result.returncode == 0, err
    assert "Traceback" not in out + err
    answers = out.split("─" * 40)
    assert "Selamat datang" in answers[0]
    assert "belum paham" in answers[1]  # the bad line got the kind "not understood"

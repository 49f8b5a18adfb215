"""The console as one person's phone (issue 15): `tutor-sensus chat --user ID` prints only what
is addressed to ID; others' messages wait in their console inbox; images and documents are
saved under the data folder (mode 0600) and their path printed. Real processes, real files."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from conftest import CAMPAIGN_OPEN, Chat, RecordingConsole
from test_completions import KK, decode_qr

from bot.app import App
from bot.settings import Settings
from bot.store.personal_data import PERSONAL_FILES
from conversations.core.campaign import load_campaign
from conversations.core.i18n import Translator

T = Translator("id", load_campaign(None), CAMPAIGN_OPEN.date())

BROADCAST = "Halo warga, jangan lupa isi sensus online sebelum 31 Maret ya."


def run_chat(data: Path, user: str, script: str) -> str:
    # No quiet hours: a real process keeps the real hour, and from 21:00 WIB the broadcast
    # waited for the morning (the test failed every evening).
    env = {**os.environ, "TUTOR_SENSUS_DATA_DIR": str(data), "TUTOR_SENSUS_TODAY": "2020-03-02",
           "TUTOR_SENSUS_ADMINS": "console:900", "TUTOR_SENSUS_STAFF": "console:800",
           "TUTOR_SENSUS_HANDOFF_CHAT": "console:staffroom", "TUTOR_SENSUS_QUIET_HOURS": ""}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--user", user], input=script,
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_two_people_and_a_broadcast_each_see_only_their_own(tmp_path: Path) -> None:
    data = tmp_path / "data"
    run_chat(data, "6001", "/start\n")
    run_chat(data, "6002", "/start\n")
    admin = run_chat(data, "900", f"/siaran\n{BROADCAST}\n1\n1\n")  # all residents, send
    assert "Siaran #1" in admin and "100%" in admin
    assert admin.count(BROADCAST) <= 3  # the compose echo, the preview, the admin's own copy
    inbox = data / "console-inbox"
    assert mode(inbox) == 0o700
    assert mode(inbox / "6001.jsonl") == 0o600

    first = run_chat(data, "6001", "makasih\n")
    assert first.count(BROADCAST) == 1  # their one copy, shown when they chat
    assert "📥 1 pesan" in first
    assert "Siaran #1" not in first  # the admin's progress is the admin's
    assert not (inbox / "6001.jsonl").exists()  # shown once
    again = run_chat(data, "6001", "makasih\n")
    assert BROADCAST not in again

    second = run_chat(data, "6002", "halo\n")
    assert second.count(BROADCAST) == 1


def test_a_residents_question_goes_to_the_staff_chat_not_to_their_screen(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    out = run_chat(data, "6001", "/start\nxyz qwerty\nTanya petugas\nKirim\n")
    assert "Pertanyaan warga #1" not in out  # the staff chat's notice is not theirs
    assert (data / "console-inbox" / "staffroom.jsonl").is_file()


def test_the_voucher_qr_is_saved_as_a_file_and_its_path_printed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    out = run_chat(data, "6001", f"/start\n/selesai\n{KK}\n1\n4\nBlado\nLewati\n1\n")
    saved = [line for line in out.splitlines() if line.startswith("[gambar: ")]
    assert saved, out
    path = Path(saved[-1].removeprefix("[gambar: ").removesuffix("]"))
    assert path.parent == data / "console-files" / "6001"
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
    codes = decode_qr(path.read_bytes())
    assert codes and codes[0] in out  # the QR holds the code printed with it


def test_delete_my_data_deletes_their_saved_files_and_nobody_elses(tmp_path: Path) -> None:
    """The console's files are personal data (bot/store/personal_data.py's PERSONAL_FILES):
    /hapus_data removes the person's saved images and documents, and every file the console
    writes lies under a registered path."""
    data = tmp_path / "data"
    run_chat(data, "6001", f"/start\n/selesai\n{KK}\n1\n4\nBlado\nLewati\n1\n")
    run_chat(data, "6002", "/start\n")
    run_chat(data, "900", f"/siaran\n{BROADCAST}\n1\n1\n/statistik\n")  # 6001, 6002: inbox
    for user in ("6001", "900"):
        assert any((data / "console-files" / user).iterdir()), user  # the QR, the chart
    registered = {
        data / entry.path.format(user=user)
        for entry in PERSONAL_FILES for user in ("6001", "6002", "900")
    }
    for path in data.rglob("*"):
        if path.is_file() and path.parent != data:  # the database and the key live on top
            assert path in registered or path.parent in registered, path

    out = run_chat(data, "6001", "/hapus_data\n1\n")  # "1": "Ya, hapus data saya"
    assert "Data Anda sudah dihapus" in out
    assert not (data / "console-files" / "6001").exists()
    assert not (data / "console-inbox" / "6001.jsonl").exists()
    assert any((data / "console-files" / "900").iterdir())  # the admin's stay
    assert (data / "console-inbox" / "6002.jsonl").is_file()  # 6002 has not read theirs yet


async def test_delete_my_data_deletes_an_unread_console_inbox(
    app: App, console: RecordingConsole, settings: Settings
) -> None:
    """What arrived while someone else was at the keyboard goes with /hapus_data too (the
    person's own session shows and empties it first; a script driving several people may not)."""
    for user in ("71", "72"):
        (settings.data_dir / "console-inbox").mkdir(parents=True, exist_ok=True)
        (settings.data_dir / "console-inbox" / f"{user}.jsonl").write_text('{"text": "x"}\n')
        (settings.data_dir / "console-files" / user).mkdir(parents=True)
        (settings.data_dir / "console-files" / user / "gambar.png").write_bytes(b"png")
    chat = Chat(app, console, user="71")
    await chat.send("/hapus_data")
    await chat.press(T("privacy-delete-yes"))
    assert T("privacy-deleted") in chat.text
    assert not (settings.data_dir / "console-inbox" / "71.jsonl").exists()
    assert not (settings.data_dir / "console-files" / "71").exists()
    assert (settings.data_dir / "console-inbox" / "72.jsonl").is_file()
    assert (settings.data_dir / "console-files" / "72" / "gambar.png").is_file()

"""The console as one person's phone (issue 15): `tutor-sensus chat --user ID` prints only what
is addressed to ID; others' messages wait in their console inbox; images and documents are
saved under the data folder (mode 0600) and their path printed. Real processes, real files."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from test_completions import KK, decode_qr

BROADCAST = "Halo warga, jangan lupa isi sensus online sebelum 31 Maret ya."


def run_chat(data: Path, user: str, script: str) -> str:
    env = {**os.environ, "TUTOR_SENSUS_DATA_DIR": str(data), "TUTOR_SENSUS_TODAY": "2020-03-02",
           "TUTOR_SENSUS_ADMINS": "console:900", "TUTOR_SENSUS_STAFF": "console:800",
           "TUTOR_SENSUS_HANDOFF_CHAT": "console:staffroom"}
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

"""The console channel as a newcomer uses it: a real process, a script on standard input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_chat(tmp_path: Path, script: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TUTOR_SENSUS_DATA_DIR": str(tmp_path / "data"),
           "TUTOR_SENSUS_TODAY": "2020-03-02"}
    return subprocess.run(
        [sys.executable, "-m", "bot", "chat", *args], input=script, capture_output=True,
        text=True, env=env, timeout=60, check=False,
    )


def test_replayed_script_walks_into_the_tutorial(tmp_path: Path) -> None:
    result = run_chat(tmp_path, "/start\n1\nLewati\nlanjut\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Selamat datang" in out
    assert "  1. Mulai panduan" in out  # numbered options
    assert "Langkah 1 dari 9" in out
    assert "Langkah 2 dari 9" in out
    assert "Traceback" not in out + result.stderr


def test_progress_survives_a_new_session(tmp_path: Path) -> None:
    run_chat(tmp_path, "/start\n1\nLewati\nlanjut\nlanjut\n", "--user", "42")
    result = run_chat(tmp_path, "halo\n1\n", "--user", "42")
    assert "1. ▶️ Lanjutkan langkah 3" in result.stdout
    assert "Langkah 3 dari 9" in result.stdout
    other = run_chat(tmp_path, "halo\n", "--user", "43")  # another person starts fresh
    assert "Lanjutkan" not in other.stdout


def test_broken_campaign_file_stops_start_with_file_and_field(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    source = Path(__file__).resolve().parents[1] / "campaigns" / "sp2020-batang.toml"
    broken.write_text(source.read_text().replace("share = 0.17", "share = 17"))
    env = {**os.environ, "TUTOR_SENSUS_DATA_DIR": str(tmp_path / "d"),
           "TUTOR_SENSUS_CAMPAIGN": str(broken)}
    result = subprocess.run([sys.executable, "-m", "bot", "chat"], input="", env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert "broken.toml" in result.stderr and "target.share" in result.stderr


def test_wrong_setting_is_named(tmp_path: Path) -> None:
    env = {**os.environ, "TUTOR_SENSUS_DATA_DIR": str(tmp_path / "d"),
           "TUTOR_SENSUS_ADMINS": "telegram12345"}
    result = subprocess.run([sys.executable, "-m", "bot", "chat"], input="", env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert "TUTOR_SENSUS_ADMINS" in result.stderr

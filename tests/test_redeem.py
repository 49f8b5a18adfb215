"""Staff redeem a voucher exactly once: in the chat (/tukar) and from the command line."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from conftest import CAMPAIGN_OPEN, Chat, RecordingConsole
from test_completions import KK, PNG_1PX, report, voucher_code

from bot.app import App
from conversations.core.campaign import load_campaign
from conversations.core.i18n import Translator
from conversations.core.voucher_codes import generate

T = Translator("id", load_campaign(None), CAMPAIGN_OPEN.date())
REPO = Path(__file__).resolve().parents[1]


def officer(app: App, console: RecordingConsole) -> Chat:
    return Chat(app, console, user="800")  # TUTOR_SENSUS_STAFF=console:800 (conftest)


async def test_staff_check_and_redeem_once(
    chat: Chat, app: App, console: RecordingConsole, tmp_path: Path
) -> None:
    proof = tmp_path / "bukti.png"
    proof.write_bytes(PNG_1PX)
    await report(chat, proof=proof)
    code = voucher_code(chat)
    staff = officer(app, console)
    await staff.send(f"/tukar {code.lower().replace('-', ' ')}")  # any case, spaces
    assert f"Voucher {code}" in staff.text
    assert "Blado" in staff.text and "4 orang" in staff.text and "•••• 0001" in staff.text
    assert T("redeem-status-open") in staff.text
    assert any(r.image == PNG_1PX for r in staff.last)  # the proof the resident sent
    await staff.press(T("redeem-check-kk"))
    await staff.send(KK)
    assert T("redeem-kk-match") in staff.text
    await staff.press(T("redeem-check-kk"))
    await staff.send("3325 0123 0120 0009")
    assert T("redeem-kk-differs") in staff.text
    await staff.press(T("redeem-confirm"))
    assert T("redeem-done", code=code) in staff.text
    assert "Sudah ditukarkan pada 2 Maret 2020 10.00 oleh console:800" in staff.text
    assert T("redeem-confirm") not in staff.labels  # no second redemption offered


async def test_a_second_officer_on_a_stale_screen_is_told_it_was_just_redeemed(
    chat: Chat, app: App, console: RecordingConsole
) -> None:
    await report(chat)
    code = voucher_code(chat)
    first, second = officer(app, console), Chat(app, console, user="900")  # an admin
    await first.send(f"/tukar {code}")
    await second.send(f"/tukar {code}")
    await first.press(T("redeem-confirm"))
    await second.press(T("redeem-confirm"))
    assert T("redeem-just-redeemed", code=code) in second.text


async def test_typos_and_unknown_codes_are_told_apart(chat: Chat, app: App,
                                                      console: RecordingConsole) -> None:
    await report(chat)
    code = voucher_code(chat)
    staff = officer(app, console)
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    await staff.send(f"/tukar {wrong}")
    assert T("redeem-code-typo") in staff.text
    await staff.send("K7QM")
    assert T("redeem-code-shape").splitlines()[0] in staff.text
    await staff.send(code.replace("-", ""))
    assert f"Voucher {code}" in staff.text


async def test_residents_cannot_redeem(chat: Chat) -> None:
    await report(chat)
    code = voucher_code(chat)
    await chat.send(f"/tukar {code}")
    assert T("command-unknown") in chat.text
    assert "Tukarkan" not in " ".join(chat.labels)


async def run_cli(data_dir: Path, *args: str) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUTOR_SENSUS_")}
    env.update(TUTOR_SENSUS_DATA_DIR=str(data_dir), TUTOR_SENSUS_TODAY="2020-03-02",
               PYTHONPATH=str(REPO))
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, env=env, cwd=data_dir.parent,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await proc.communicate()
    return proc.returncode or 0, out.decode()


async def test_command_line_and_bot_redeem_at_once_exactly_one_wins(
    chat: Chat, app: App, console: RecordingConsole
) -> None:
    await report(chat)
    code = voucher_code(chat)
    staff = officer(app, console)
    await staff.send(f"/tukar {code}")
    data_dir = app.settings.data_dir
    status, shown = await run_cli(data_dir, "voucher", "show", code)
    assert status == 0 and "not redeemed" in shown and str(data_dir) in shown

    clis = [run_cli(data_dir, "voucher", "redeem", code, "--by", f"meja-{i}") for i in range(4)]
    results = await asyncio.gather(*clis, staff.press(T("redeem-confirm")))
    cli_wins = [out for status, out in results[:4] if status == 0]
    bot_won = T("redeem-done", code=code) in staff.text
    assert len(cli_wins) + int(bot_won) == 1, (cli_wins, staff.text)
    rows = await app.store.fetch_all("SELECT count(*) FROM vouchers WHERE redeemed_at IS NOT NULL")
    assert rows == [(1,)]
    audit = await app.store.fetch_all(
        "SELECT channel, detail FROM events WHERE kind = 'voucher_redeemed'")
    assert len(audit) == 1 and audit[0][1] == code  # the winner, in the admins' audit log


async def test_command_line_refuses_a_missing_database_and_reports_typos(
    tmp_path: Path,
) -> None:
    (tmp_path / "empty").mkdir()
    code = generate()
    status, out = await run_cli(tmp_path / "empty", "voucher", "show", code)
    assert status == 2 and "No database" in out
    assert not (tmp_path / "empty" / "tutor-sensus.sqlite3").exists()  # nothing created
    typo = code[:-1] + ("A" if code[-1] != "A" else "B")
    status, out = await run_cli(tmp_path / "empty", "voucher", "redeem", typo, "--by", "x")
    assert status == 1 and "kode salah" in out


async def test_staff_find_redemption_in_their_menu_and_residents_do_not(
    chat: Chat, app: App, console: RecordingConsole
) -> None:
    await chat.send("/start")
    assert T("menu-redeem") not in chat.labels
    staff = officer(app, console)
    await staff.send("/start")
    await staff.press(T("menu-redeem"))
    assert T("redeem-ask") in staff.text
    version = chat.last[-1].choices[0].id.split("|")[0]  # the current screen: not stale
    await chat.press_data(f"{version}|rd.ask")  # a resident forging the button gets the menu
    assert T("redeem-ask") not in chat.text and T("menu-prompt") in chat.text

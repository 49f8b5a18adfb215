"""'Saya sudah selesai mengisi': a household reports once and gets one voucher with a QR code.

Everything runs through the real inbox (where KK numbers are replaced by keyed hashes),
engine, SQLite file, outbox and console channel.
"""

from __future__ import annotations

import asyncio
import io
import re
from pathlib import Path

import pytest
import zxingcpp
from conftest import CAMPAIGN_OPEN, Chat, RecordingConsole
from PIL import Image

from bot.app import App, build_app
from bot.settings import Settings
from bot.store import Store
from conversations.core.campaign import load_campaign
from conversations.core.clock import FakeClock
from conversations.core.i18n import Translator

T = Translator("id", load_campaign(None), CAMPAIGN_OPEN.date())
KK = "3325 0123 0120 0001"  # Kabupaten Batang (3325), issued 01-01-2020
KK_OTHER = "3325-0123-0120-0002"
NIK_WOMAN = "3325014107900003"  # day of birth 41 = 1st, a woman
KK_SEMARANG = "3374 0123 0120 0004"
CODE = re.compile(r"\b[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}\b")
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def decode_qr(png: bytes) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


async def report(
    chat: Chat, kk: str = KK, persons: str = "4", kecamatan: str = "Blado",
    proof: Path | None = None,
) -> None:
    """Walk the whole completion flow and save (stops early when the KK is known)."""
    await chat.send("/start")
    await chat.press(T("menu-done"))
    await chat.send(kk)
    await chat.press(T("done-kk-yes"))
    if T("done-ask-persons", max=30).splitlines()[0] not in chat.text:
        return
    await chat.send(persons)
    if kecamatan:
        await chat.send(kecamatan)
    if proof is None:
        await chat.press(T("done-proof-skip"))
    else:
        await chat._deliver(media={"kind": "photo", "file_id": str(proof), "size": 68})
    await chat.press(T("done-save"))


def voucher_code(chat: Chat) -> str:
    match = CODE.search(chat.text)
    assert match, chat.text
    return match.group()


async def count(app: App, sql: str, params: tuple[object, ...] = ()) -> int:
    return int((await app.store.fetch_all(sql, params))[0][0])


async def test_whole_path_gives_a_voucher_with_a_qr_code_and_keeps_the_proof(
    chat: Chat, app: App, tmp_path: Path
) -> None:
    proof = tmp_path / "bukti.png"
    proof.write_bytes(PNG_1PX)
    await chat.send("/start")
    await chat.press(T("menu-done"))
    assert "16 angka" in chat.text
    await chat.send(KK)
    assert "•••• 0001" in chat.text and "bukan NIK" in chat.text
    assert "0123" not in chat.text  # only the last four digits are ever shown
    await chat.press(T("done-kk-yes"))
    await chat.send("4 orang")
    await chat.send("blado")  # typed: it is on the second page
    await chat._deliver(media={"kind": "photo", "file_id": str(proof), "size": 68})
    assert T("done-proof-received") in chat.text
    assert "4 orang" in chat.text and "Blado" in chat.text and "•••• 0001" in chat.text
    await chat.press(T("done-save"))
    assert T("done-saved") in chat.text
    code = voucher_code(chat)
    image = next(r.image for r in chat.last if r.image)
    assert decode_qr(image) == [code]
    assert "Pulpen" in chat.text and "Kantor BPS Kabupaten Batang" in chat.text
    assert "30 September 2020" in chat.text  # expiry from the campaign file

    rows = await app.store.fetch_all(
        "SELECT persons, kecamatan, in_region, proof_path, kk_mask FROM completions"
    )
    assert len(rows) == 1
    persons, kecamatan, in_region, proof_path, mask = rows[0]
    assert (persons, kecamatan, in_region, mask) == (4, "blado", 1, "•••• 0001")
    assert Path(proof_path).read_bytes() == PNG_1PX  # downloaded into the data folder
    assert Path(proof_path).is_relative_to(app.settings.data_dir)
    assert await app.store.fetch_all("SELECT souvenir, taken FROM stock WHERE taken > 0") == [
        ("pulpen", 1)
    ]


async def test_reachable_from_the_last_tutorial_step(chat: Chat) -> None:
    await chat.send("/start")
    await chat.press("Mulai panduan")
    await chat.press("Lewati")
    for _ in range(len(load_campaign(None).tutorial.steps) - 1):
        await chat.press("Lanjut")
    await chat.press(T("menu-done"))
    assert T("done-ask-kk").splitlines()[0] in chat.text


async def test_same_household_again_shows_the_same_voucher_and_makes_no_second(
    chat: Chat, app: App, console: RecordingConsole
) -> None:
    await report(chat)
    first = voucher_code(chat)
    await report(chat, kk="3325.0123.0120.0001")  # typed differently, same number
    assert T("done-already-mine") in chat.text
    assert voucher_code(chat) == first
    neighbour = Chat(app, console, user="2")
    await report(neighbour, kk=KK.replace(" ", ""))
    assert "sudah tercatat pada 2 Maret 2020" in neighbour.text
    assert not CODE.search(neighbour.text)  # the code is never shown to another account
    assert await count(app, "SELECT count(*) FROM vouchers") == 1
    assert await count(app, "SELECT count(*) FROM completions") == 1


async def test_an_account_reports_at_most_a_few_households(
    tmp_path: Path, clock: FakeClock
) -> None:
    settings = Settings(TUTOR_SENSUS_DATA_DIR=tmp_path / "d",
                        TUTOR_SENSUS_MAX_HOUSEHOLDS_PER_ACCOUNT=2, _env_file=None)
    app = await build_app(settings, clock=clock)
    console = RecordingConsole()
    app.add_channel(console)
    try:
        chat = Chat(app, console)
        await report(chat, kk="3325012301200011")
        await report(chat, kk="3325012301200012")
        await chat.send("/selesai")
        await chat.send("3325012301200013")
        await chat.press(T("done-kk-yes"))
        assert T("done-capped", n=2) in chat.text
        assert await count(app, "SELECT count(*) FROM completions") == 2
    finally:
        await app.close()


async def test_outside_the_region_is_recorded_without_a_voucher(chat: Chat, app: App) -> None:
    await report(chat, kk=KK_SEMARANG, kecamatan="")  # no kecamatan of Batang to ask
    assert T("done-saved") in chat.text
    assert "hanya untuk keluarga dengan KK Kabupaten Batang" in chat.text
    assert not CODE.search(chat.text)
    assert await app.store.fetch_all("SELECT in_region, kecamatan FROM completions") == [
        (0, None)
    ]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("3325 0123 0120 001", "Anda mengetik 15 angka"),
        ("3325 0123 0120 00011", "Anda mengetik 17 angka"),
        ("33250123O1200001", "hanya berisi angka"),
        ("kk saya hilang", "hanya berisi angka"),
    ],
)
async def test_wrong_kk_numbers_get_a_hint_and_the_question_again(
    chat: Chat, typed: str, expected: str
) -> None:
    await chat.send("/selesai")
    await chat.send(typed)
    assert expected in chat.text
    assert "3325 xxxx xxxx xxxx" in chat.text or "16 angka" in chat.text
    await chat.send(KK)  # the next try still works: nothing was lost
    assert "•••• 0001" in chat.text


async def test_a_nik_typed_as_kk_is_caught_before_confirming(chat: Chat) -> None:
    await chat.send("/selesai")
    await chat.send(NIK_WOMAN)
    assert T("done-kk-looks-like-nik") in chat.text
    assert "bukan NIK" in chat.text
    await chat.press(T("done-kk-retype"))
    assert T("done-ask-kk").splitlines()[1] in chat.text


@pytest.mark.parametrize(("typed", "key"), [
    ("0", "done-persons-range"), ("500", "done-persons-range"),
    ("banyak sekali", "done-persons-not-number"),
])
async def test_persons_out_of_range_are_asked_again(chat: Chat, typed: str, key: str) -> None:
    await chat.send("/selesai")
    await chat.send(KK)
    await chat.press(T("done-kk-yes"))
    await chat.send(typed)
    assert T(key, max=30) in chat.text
    await chat.send("3")
    assert T("done-ask-kecamatan") in chat.text


async def test_proof_step_refuses_text_and_huge_files_kindly(chat: Chat) -> None:
    await chat.send("/selesai")
    await chat.send(KK)
    await chat.press(T("done-kk-yes"))
    await chat.send("2")
    await chat.press("Bandar")
    await chat.send("sudah saya kirim tadi")
    assert T("done-proof-wrong-kind") in chat.text
    await chat._deliver(media={"kind": "document", "file_id": "x", "mime_type": "application/pdf",
                               "size": 25 * 1024 * 1024})
    assert T("done-proof-too-big", mb=10) in chat.text
    await chat._deliver(media="sticker")
    assert T("done-proof-wrong-kind") in chat.text
    await chat.press(T("done-proof-skip"))
    assert "Bukti pengisian: tidak ada" in chat.text


async def test_stock_runs_out_honestly_and_the_completion_still_counts(
    tmp_path: Path, clock: FakeClock
) -> None:
    source = Path(__file__).resolve().parents[1] / "campaigns" / "sp2020-batang.toml"
    small = tmp_path / "small.toml"
    small.write_text(source.read_text().replace("stock = 300", "stock = 1")
                     .replace("stock = 200", "stock = 0"))
    settings = Settings(TUTOR_SENSUS_DATA_DIR=tmp_path / "d", TUTOR_SENSUS_CAMPAIGN=str(small),
                        _env_file=None)
    app = await build_app(settings, clock=clock)
    console = RecordingConsole()
    app.add_channel(console)
    try:
        first, second = Chat(app, console, "1"), Chat(app, console, "2")
        await report(first, kk="3325012301200021")
        assert CODE.search(first.text)
        await report(second, kk="3325012301200022")
        assert T("done-no-voucher-stock") in second.text
        assert await count(app, "SELECT count(*) FROM completions") == 2
        assert await count(app, "SELECT count(*) FROM vouchers") == 1
    finally:
        await app.close()


async def test_two_connections_racing_for_the_last_item_get_one(tmp_path: Path) -> None:
    """Two processes' transactions at the same moment: the conditional UPDATE decides."""
    path = tmp_path / "race.sqlite3"
    stores = [await Store.open(path) for _ in range(2)]
    async with stores[0].transaction() as tx:
        await tx.completions.stock_sync([("pulpen", 1)])

    async def take(store: Store) -> bool:
        async with store.transaction() as tx:
            return await tx.completions.stock_take("pulpen")

    results = await asyncio.gather(*(take(s) for s in stores * 3))
    assert sorted(results) == [False] * 5 + [True]
    for store in stores:
        await store.close()


async def test_proofs_are_deleted_after_the_retention_date(
    chat: Chat, app: App, clock: FakeClock, tmp_path: Path
) -> None:
    proof = tmp_path / "bukti.png"
    proof.write_bytes(PNG_1PX)
    await report(chat, proof=proof)
    stored = Path((await app.store.fetch_all("SELECT proof_path FROM completions"))[0][0])
    assert app.proofs is not None and stored.is_file()
    clock.advance(days=80)  # 21 May 2020: the census is still open
    assert await app.proofs.delete_expired() == 0 and stored.is_file()
    clock.advance(days=100)  # past the close (29 May) plus 90 days
    assert await app.proofs.delete_expired() == 1
    assert not stored.exists()
    assert await app.store.fetch_all(
        "SELECT proof_path, proof_file_id, persons FROM completions") == [(None, None, 4)]

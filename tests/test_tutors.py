"""ASN tutors through the real inbox, engine, SQLite file, outbox and console channel:
registration, roles, one tutor per NIP, attribution (first touch wins), assisted filling and
its daily cap, sharing and the poster, figures and leaderboards, deletion."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from conftest import CAMPAIGN_OPEN, Chat, RecordingConsole
from PIL import Image
from test_completions import count, report, voucher_code

from bot.app import App, build_app
from bot.settings import Settings, SettingsError, load_settings
from bot.store import Store, open_store
from bot.tutors_cli import report as cli_report
from conversations.core.campaign import load_campaign
from conversations.core.clock import FakeClock
from conversations.core.i18n import Translator
from conversations.reporting import leaderboard

CAMPAIGN = load_campaign(None)
T = Translator("id", CAMPAIGN, CAMPAIGN_OPEN.date())
REGISTRATION = "ASN-BATANG-2020"
NIP_BUDI = "19800101 200501 1 001"
NIP_SITI = "19850612 201003 2 004"
BOT_LINK = "https://t.me/TutorSensusBot"
WA_NUMBER = "6281120002020"
TUTOR_CODE = re.compile(r"Kode tutor Anda: ([2-9A-Z]{6})")
EVENT_CODE = re.compile(r"Kode acara: ([2-9A-Z]{6})")


def make_settings(tmp_path: Path, **extra: object) -> Settings:
    values: dict[str, object] = {
        "TUTOR_SENSUS_DATA_DIR": tmp_path / "data",
        "TUTOR_SENSUS_ADMINS": "console:900",
        "TUTOR_SENSUS_STAFF": "console:800",
        "TUTOR_SENSUS_TUTOR_CODE": REGISTRATION,
        "WHATSAPP_NUMBER": "+62 811-2000-2020",
        **extra,
    }
    return Settings(**values, _env_file=None)  # type: ignore[arg-type]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
async def app(settings: Settings, clock: FakeClock) -> AsyncIterator[App]:
    application = await build_app(settings, clock=clock)
    application.engine.private_links["telegram"] = BOT_LINK  # as bot/runner.py sets it
    yield application
    await application.close()


def person(app: App, console: RecordingConsole, user: str) -> Chat:
    return Chat(app, console, user=user)


async def register(
    chat: Chat, nip: str = NIP_BUDI, name: str = "Budi Santoso, S.Pd.",
    opd: str = "Dinas Kesehatan", kecamatan: str = "Blado", code: str = REGISTRATION,
) -> str:
    """The whole registration; returns the new tutor's referral code."""
    await chat.send("/tutor")
    await chat.send(code)
    await chat.send(nip)
    await chat.send(name)
    await chat.send(opd)  # typed: the engine finds it on any page of the list
    await chat.send(kecamatan)
    await chat.press(T("tutor-save"))
    match = TUTOR_CODE.search(chat.text)
    assert match, chat.text
    return match.group(1)


# --- registration ---------------------------------------------------------------------------
async def test_registration_explains_what_is_wrong_and_activates_at_once(
    chat: Chat, app: App
) -> None:
    await chat.send("/start")
    await chat.press(T("menu-tutor"))  # the menu entry
    assert T("tutor-ask-code").splitlines()[0] in chat.text
    await chat.send("kode-salah")
    assert T("tutor-code-wrong") in chat.text
    await chat.send(REGISTRATION.lower())  # not case-sensitive
    assert T("tutor-code-ok") in chat.text and "18 angka" in chat.text
    await chat.send("19801301 200501 1 001")
    assert T("tutor-nip-birth-date", part="19801301") in chat.text
    await chat.send("19800101 200501 1 00")
    assert T("tutor-nip-length", count=17) in chat.text
    await chat.send("1980010120050110")  # 16 digits: taken out as a KK/NIK on arrival
    assert T("tutor-nip-length", count=16) in chat.text
    await chat.send("19800101 200501 5 001")
    assert T("tutor-nip-sex", part="5") in chat.text
    await chat.send("19800101.200501.1.001")
    assert T("tutor-ask-name").split("(")[0] in chat.text
    await chat.send("Budi 123")
    assert T("tutor-name-invalid") in chat.text
    await chat.send("  Budi   Santoso, S.Pd. ")
    assert T("tutor-ask-opd").split("?")[0] in chat.text
    await chat.send("kantor apa saja")
    assert T("tutor-opd-pick") in chat.text
    await chat.press(T("tutor-opd-other-label"))
    await chat.send("=HYPERLINK()")  # never the start of a spreadsheet formula
    assert T("tutor-opd-other-invalid") in chat.text
    await chat.send("UPT Puskesmas Limpung")
    await chat.press(T("nav-skip"))
    assert "19800101 200501 1 001" in chat.text and "UPT Puskesmas Limpung" in chat.text
    await chat.press(T("tutor-save"))
    code = TUTOR_CODE.search(chat.text)
    assert code, chat.text
    assert T("tutor-home-own-first").splitlines()[0] in chat.text  # own census first
    rows = await app.store.fetch_all(
        "SELECT nip, name, opd, opd_other, kecamatan, code, revoked_at FROM tutors")
    assert rows == [("198001012005011001", "Budi Santoso, S.Pd.", "lainnya",
                     "UPT Puskesmas Limpung", None, code.group(1), None)]
    assert await app.store.fetch_all("SELECT channel, user_id FROM tutor_accounts") == [
        ("console", "1")]
    await chat.send("/tutor")  # registered: the tutor's menu, not registration again
    assert T("tutor-share") in chat.labels and T("tutor-ask-code") not in chat.text


async def test_the_registration_code_typed_alone_starts_registration(
    chat: Chat, app: App, console: RecordingConsole
) -> None:
    """An ASN told "daftar dengan kode ASN-BATANG-2020" types just the code at the menu."""
    await chat.send("/start")
    await chat.send(f" {REGISTRATION.lower()} ")
    assert T("tutor-code-ok") in chat.text and "18 angka" in chat.text
    await chat.send(NIP_BUDI)
    assert T("tutor-ask-name").split("(")[0] in chat.text
    await chat.send("/menu")
    code = await register(chat)
    await chat.send(REGISTRATION)  # a tutor already: their menu, not registration again
    assert T("tutor-share") in chat.labels and T("tutor-code-ok") not in chat.text
    other = person(app, console, "2")
    await other.send("/start")
    await other.send(f"{REGISTRATION} ya")  # not the code alone: not taken for it
    assert T("tutor-code-ok") not in other.text
    assert code


async def test_without_a_code_registration_is_closed_until_an_admin_sets_one(
    tmp_path: Path, clock: FakeClock
) -> None:
    app = await build_app(make_settings(tmp_path, TUTOR_SENSUS_TUTOR_CODE=""), clock=clock)
    console = RecordingConsole()
    app.add_channel(console)
    try:
        asn, admin = person(app, console, "1"), person(app, console, "900")
        await asn.send("/tutor")
        assert T("tutor-closed") in asn.text
        await admin.send("/tutor_kode")
        assert T("tutor-code-none") in admin.text
        await admin.send("/tutor_kode a b")
        assert T("tutor-code-invalid") in admin.text
        await admin.send("/tutor_kode BARU-2020")
        assert T("tutor-code-changed", code="BARU-2020") in admin.text
        assert await register(asn, code="BARU-2020")
    finally:
        await app.close()


async def test_an_admins_code_replaces_the_settings_code(
    app: App, console: RecordingConsole
) -> None:
    admin, asn = person(app, console, "900"), person(app, console, "1")
    await admin.send("/tutor_kode")
    assert REGISTRATION in admin.text
    await admin.send("/tutor_kode KODE-BARU")
    await asn.send("/tutor")
    await asn.send(REGISTRATION)
    assert T("tutor-code-wrong") in asn.text
    await asn.send("KODE-BARU")
    assert T("tutor-code-ok") in asn.text


async def test_wrong_codes_lock_registration_until_tomorrow(
    chat: Chat, clock: FakeClock
) -> None:
    await chat.send("/tutor")
    for _ in range(4):
        await chat.send("tebak-tebakan")
        assert T("tutor-code-wrong") in chat.text
    await chat.send("tebak-lagi")
    assert T("tutor-code-locked").splitlines()[0] in chat.text
    await chat.send("/tutor")
    assert T("tutor-code-locked").splitlines()[0] in chat.text
    await chat.send(REGISTRATION)  # even the right code is not taken today
    assert T("tutor-code-ok") not in chat.text
    clock.advance(days=1)
    await chat.send("/tutor")
    await chat.send(REGISTRATION)
    assert T("tutor-code-ok") in chat.text


async def test_the_same_nip_from_another_account_is_the_same_tutor(
    app: App, console: RecordingConsole
) -> None:
    telegram = person(app, console, "1")
    code = await register(telegram)
    other = person(app, console, "2")  # the same person's second account
    await other.send("/tutor")
    await other.send(REGISTRATION)
    await other.send(NIP_BUDI)
    assert T("tutor-link-ask", channels="konsol") in other.text
    await other.press(T("tutor-link-no"))
    assert T("tutor-link-not-me").splitlines()[0] in other.text
    await other.send(NIP_BUDI)
    await other.press(T("tutor-link-yes"))
    await other.send("Budi")
    assert T("tutor-link-name-wrong") in other.text
    await other.send("budi santoso s.pd")  # case and punctuation do not matter
    assert T("tutor-linked") in other.text
    assert f"Kode tutor Anda: {code}" in other.text
    notice = T("tutor-link-notice", channel="konsol")
    assert any(r.text == notice for r in console.sent["1"])  # the first account is told
    assert await count(app, "SELECT count(*) FROM tutors") == 1
    assert await count(app, "SELECT count(*) FROM tutor_accounts WHERE tutor_id = 1") == 2


# --- roles ------------------------------------------------------------------------------------
@pytest.mark.parametrize("user", ["1", "800"])  # a resident, a staff member
async def test_admin_commands_are_unknown_to_everyone_else(
    app: App, console: RecordingConsole, user: str
) -> None:
    asn = person(app, console, "5")
    await register(asn)
    someone = person(app, console, user)
    for command in ("/tutor_daftar", f"/tutor_cabut {NIP_BUDI}", "/tutor_kode BOBOL-123",
                    "/acara_baru Acara Palsu", "/acara_daftar", "/acara ABC234"):
        await someone.send(command)
        assert T("command-unknown") in someone.text, command
        assert "Budi" not in someone.text and "198001" not in someone.text
    await someone.press_data("1|ta.revoke")  # a forged admin button
    assert T("tutor-revoke-done", name="Budi Santoso, S.Pd.") not in someone.text
    assert await count(app, "SELECT count(*) FROM tutors WHERE revoked_at IS NULL") == 1
    assert await count(app, "SELECT count(*) FROM outreach_events") == 0
    assert await count(app, "SELECT count(*) FROM kv WHERE key LIKE 'tutor%'") == 0


async def test_an_admin_lists_and_revokes_and_the_code_stops_working(
    app: App, console: RecordingConsole
) -> None:
    asn = person(app, console, "5")
    code = await register(asn)
    admin = person(app, console, "900")
    await admin.send("/tutor_daftar")
    assert "Budi Santoso, S.Pd." in admin.text and "NIP 19800101 200501 1 001" in admin.text
    documents = {r.document.file_name: r.document.content.decode()
                 for r in admin.last if r.document}
    assert "19800101 200501 1 001" in documents["tutor-sensus-tutors.csv"]
    assert "Budi" not in documents["tutor-sensus-opd.csv"]  # OPD table: no names
    await admin.send("/tutor_cabut 12345")
    assert T("tutor-revoke-not-found", what="12345") in admin.text
    await admin.send(f"/tutor_cabut {code.lower()}")
    assert "NIP 19800101 200501 1 001" in admin.text
    await admin.press(T("tutor-revoke-yes"))
    assert T("tutor-revoke-done", name="Budi Santoso, S.Pd.") in admin.text
    assert any(r.text == T("tutor-revoked-notice") for r in console.sent["5"])
    await asn.send("/tutor")
    assert T("tutor-revoked").split(".")[0] in asn.text
    await asn.send("/statistik_saya")
    assert T("tutor-not-registered").split(".")[0] in asn.text
    resident = person(app, console, "6")
    await resident.send(f"/start tutor-{code}")
    assert T("ref-code-inactive", code=code).splitlines()[0] in resident.text
    assert await count(app, "SELECT count(*) FROM referrals") == 0
    await admin.send(f"/tutor_cabut {NIP_BUDI}")
    assert T("tutor-revoke-already", name="Budi Santoso, S.Pd.") in admin.text


@pytest.mark.sqlite  # reads the SQLite file itself
async def test_a_nip_is_kept_only_where_it_is_asked_for(
    app: App, console: RecordingConsole
) -> None:
    """An 18-digit run is hidden like a KK with stray digits, except the NIP typed at the
    registration step asking for it (and an admin's /tutor_cabut): typed anywhere else it
    never reaches the database file or its WAL."""
    resident = person(app, console, "6")
    await resident.send("/start")
    await resident.send(f"NIP istri saya {NIP_SITI} bisa jadi tutor?")  # a free-text question
    await resident.send("/selesai")
    await resident.send("3325 0123 4567 8901 12")  # a KK with two stray digits
    assert T("done-kk-too-long", count=18) in resident.text
    await register(person(app, console, "5"))  # NIP_BUDI, at the step asking for it
    admin = person(app, console, "900")
    await admin.send(f"/tutor_cabut {NIP_BUDI}")
    assert "Budi Santoso, S.Pd." in admin.text  # found by the NIP an admin typed
    database = app.settings.database_path
    stored = database.read_bytes() + Path(f"{database}-wal").read_bytes()
    siti = NIP_SITI.replace(" ", "")
    for window in {siti[i:i + 8] for i in range(len(siti) - 7)} | {"33250123", "45678901"}:
        assert window.encode() not in stored, window
    assert b"198001012005011001" in stored  # the tutor's NIP, where an admin needs it


# --- attribution ------------------------------------------------------------------------------
async def test_first_touch_wins_and_nothing_is_counted_twice(
    app: App, console: RecordingConsole
) -> None:
    first = await register(person(app, console, "11"))
    second = await register(person(app, console, "12"), nip=NIP_SITI, name="Siti Aminah")
    resident = person(app, console, "1")
    await resident.send(f"/start tutor-{first}")
    assert T("ref-thanks-tutor", code=first) in resident.text
    assert T("welcome").splitlines()[0] in resident.text  # and the usual welcome after it
    await resident.send(f"kode tutor {second}")
    assert T("ref-already-other") in resident.text
    await resident.send(f"/start tutor-{second}")  # the other tutor's link
    assert T("ref-already-other") in resident.text
    await resident.send(f"Kode tutor: {first.lower()}")
    assert T("ref-already-same") in resident.text
    assert await app.store.fetch_all("SELECT tutor_id, source FROM referrals") == [(1, "link")]


async def test_a_tutor_cannot_refer_themselves_or_be_referred(
    app: App, console: RecordingConsole
) -> None:
    budi = person(app, console, "11")
    mine = await register(budi)
    theirs = await register(person(app, console, "12"), nip=NIP_SITI, name="Siti Aminah")
    await budi.send(f"/start tutor-{mine}")
    assert T("ref-self") in budi.text
    await budi.send(f"kode tutor {theirs}")
    assert T("ref-tutor-not-counted") in budi.text
    assert await count(app, "SELECT count(*) FROM referrals") == 0


async def test_a_resident_attributed_before_registering_is_not_their_own_referral(
    app: App, console: RecordingConsole
) -> None:
    budi = person(app, console, "11")
    code = await register(budi)
    later = person(app, console, "12")  # Budi's second account, used before joining
    await later.send(f"kode tutor {code}")
    assert await count(app, "SELECT count(*) FROM referrals") == 1
    await later.send("/tutor")
    await later.send(REGISTRATION)
    await later.send(NIP_BUDI)
    await later.press(T("tutor-link-yes"))
    await later.send("Budi Santoso, S.Pd.")
    assert T("tutor-linked") in later.text
    assert await count(app, "SELECT count(*) FROM referrals") == 0


@pytest.mark.parametrize(
    ("sent", "key", "args"),
    [
        ("/start tutor-ABC234", "ref-code-unknown", {"code": "ABC234"}),
        ("/start tutor-K0QM4T", "ref-code-look-alike", {}),
        ("/start tutor-K7QM", "ref-code-shape", {}),
        ("/start tutor-" + "A" * 70, "ref-link-too-long", {}),
        ("/start tutor-K7QM4T%21", "ref-link-broken", {}),
        ("kode tutor ABC234", "ref-code-unknown", {"code": "ABC234"}),
        ("kode tutor", "ref-code-empty", {}),
    ],
)
async def test_bad_codes_get_a_kind_answer_and_record_nothing(
    chat: Chat, app: App, sent: str, key: str, args: dict[str, object]
) -> None:
    await chat.send(sent)
    assert T(key, **args).splitlines()[0] in chat.text
    assert T("menu-start") in chat.labels  # never a dead end
    assert await count(app, "SELECT count(*) FROM referrals") == 0


async def test_a_question_about_codes_is_not_taken_for_a_code(chat: Chat, app: App) -> None:
    await chat.send("/start")
    await chat.send("kode tutor saya hilang, bagaimana?")
    for key in ("ref-code-shape", "ref-code-empty", "ref-already-other"):
        assert T(key) not in chat.text  # the free-text answer instead
    assert await count(app, "SELECT count(*) FROM referrals") == 0


async def test_progress_and_completions_count_for_the_tutor_and_the_event(
    app: App, console: RecordingConsole
) -> None:
    budi = person(app, console, "11")
    code = await register(budi)
    await report(budi, kk="3325012301200101", persons="3")  # the tutor's own household
    admin = person(app, console, "900")
    await admin.send("/acara_baru Isi Bersama di Pendopo")
    event = EVENT_CODE.search(admin.text)
    assert event, admin.text

    via_tutor = person(app, console, "1")
    await via_tutor._deliver(text=f"Halo Tutor Sensus, saya ingin dipandu mengisi sensus."
                                  f" Kode tutor {code}")  # the wa.me prefilled text
    assert T("ref-thanks-tutor", code=code) in via_tutor.text
    await via_tutor.press(T("menu-start"))
    await report(via_tutor, kk="3325012301200102", persons="4")
    via_event = person(app, console, "2")
    await via_event.send(f"/start acara-{event.group(1)}")
    assert T("ref-thanks-event", event="Isi Bersama di Pendopo") in via_event.text
    await report(via_event, kk="3325012301200103", persons="5")
    nobody = person(app, console, "3")
    await report(nobody, kk="3325012301200104", persons="2")

    rows = await app.store.fetch_all(
        "SELECT persons, tutor_id, event_id, assisted, own_household FROM completions"
        " ORDER BY id")
    assert rows == [(3, 1, None, 0, 1), (4, 1, None, 0, 0), (5, None, 1, 0, 0),
                    (2, None, None, 0, 0)]
    await budi.send("/statistik_saya")
    assert "Sensus keluarga sendiri: sudah" in budi.text
    assert "Warga yang datang lewat kode Anda: 1" in budi.text
    assert "Yang mulai panduan: 1" in budi.text
    assert "Keluarga selesai mengisi: 1 (4 orang)" in budi.text
    assert "Peringkat Anda di Dinas Kesehatan: 1 dari 1 tutor." in budi.text
    await admin.send("/acara_daftar")
    assert "keluarga selesai 1 (5 orang)" in admin.text


# --- assisted filling -----------------------------------------------------------------------
async def test_assisted_completions_follow_the_kk_rules_and_a_daily_cap(
    tmp_path: Path, clock: FakeClock
) -> None:
    settings = make_settings(tmp_path, TUTOR_SENSUS_ASSISTED_PER_DAY=2,
                             TUTOR_SENSUS_MAX_HOUSEHOLDS_PER_ACCOUNT=1)
    app = await build_app(settings, clock=clock)
    console = RecordingConsole()
    app.add_channel(console)
    try:
        budi = person(app, console, "11")
        await register(budi)

        async def assist(kk: str, persons: str = "3") -> None:
            await budi.send("/tutor")
            await budi.press(T("tutor-assist"))
            if T("tutor-assisted-ask-kk").splitlines()[0] not in budi.text:
                return  # capped
            await budi.send(kk)
            await budi.press(T("done-kk-yes"))
            if "Berapa orang" not in budi.text:
                return  # already recorded
            await budi.send(persons)
            await budi.send("Subah")
            await budi.press(T("done-proof-skip"))
            assert T("tutor-assisted-confirm") in budi.text
            await budi.press(T("done-save"))

        await assist("3325012301200201")
        assert T("tutor-assisted-saved") in budi.text
        assert T("tutor-assisted-no-voucher") in budi.text  # the campaign's rule
        await budi.press(T("tutor-assist-next"))  # straight on with the next household
        await budi.send("3325012301200202")
        await budi.press(T("done-kk-yes"))
        await budi.send("2")
        await budi.send("Subah")
        await budi.press(T("done-proof-skip"))
        await budi.press(T("done-save"))
        await assist("3325012301200203")
        assert T("tutor-assisted-capped", n=2, max=2).splitlines()[0] in budi.text
        assert await count(app, "SELECT count(*) FROM completions WHERE assisted = 1") == 2
        # Assisted ones do not use up the account's own allowance (1 household here).
        await report(budi, kk="3325012301200204", persons="4")
        assert T("done-saved") in budi.text
        clock.advance(days=1)
        await assist("3325012301200201")  # the same household again: recorded once
        assert T("done-already-mine") in budi.text
        await assist("3325012301200205")
        assert T("tutor-assisted-saved") in budi.text
        rows = await app.store.fetch_all(
            "SELECT day, assisted, own_household, tutor_id, kecamatan FROM completions"
            " ORDER BY id")
        assert rows == [
            ("2020-03-02", 1, 0, 1, "subah"), ("2020-03-02", 1, 0, 1, "subah"),
            ("2020-03-02", 0, 1, 1, "blado"), ("2020-03-03", 1, 0, 1, "subah"),
        ]
        assert await count(app, "SELECT count(*) FROM vouchers") == 1  # the tutor's own
        person_kecamatan = await app.store.fetch_all(
            "SELECT kecamatan FROM people WHERE user_id = '11'")
        assert person_kecamatan == [("blado",)]  # his own; a helped household's is not his
        # Another account reporting a household the tutor recorded: told, not counted again.
        neighbour = person(app, console, "3")
        await report(neighbour, kk="3325012301200201")
        assert "sudah tercatat" in neighbour.text
        # A resident cannot use the tutor's buttons.
        await neighbour.send("/menu")
        version = neighbour.last[-1].choices[0].id.split("|")[0]
        await neighbour.press_data(f"{version}|tu.assist")
        assert T("tutor-not-registered").split(".")[0] in neighbour.text
    finally:
        await app.close()


async def test_assisted_households_get_a_voucher_when_the_campaign_says_so(
    tmp_path: Path, clock: FakeClock
) -> None:
    source = Path(__file__).resolve().parents[1] / "campaigns" / "sp2020-batang.toml"
    generous = tmp_path / "generous.toml"
    generous.write_text(source.read_text().replace(
        "assisted_gets_voucher = false", "assisted_gets_voucher = true"))
    app = await build_app(make_settings(tmp_path, TUTOR_SENSUS_CAMPAIGN=str(generous)),
                          clock=clock)
    console = RecordingConsole()
    app.add_channel(console)
    try:
        budi = person(app, console, "11")
        await register(budi)
        await budi.send("/tutor")
        await budi.press(T("tutor-assist"))
        await budi.send("3325012301200301")
        await budi.press(T("done-kk-yes"))
        await budi.send("3")
        await budi.send("Tulis")
        await budi.press(T("done-proof-skip"))
        await budi.press(T("done-save"))
        assert T("tutor-assisted-voucher") in budi.text
        assert voucher_code(budi)
    finally:
        await app.close()


# --- sharing ----------------------------------------------------------------------------------
def decode(png: bytes) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


async def test_sharing_gives_an_invitation_links_and_a_printable_poster(
    app: App, console: RecordingConsole
) -> None:
    budi = person(app, console, "11")
    code = await register(budi)
    await budi.press(T("tutor-share"))
    invitation = budi.last[0]
    assert not invitation.choices  # clean to forward
    assert "Salam, Budi Santoso, S.Pd. (Tutor Sensus)" in invitation.text
    telegram = f"{BOT_LINK}?start=tutor-{code}"
    assert telegram in invitation.text
    wa = next(w for w in invitation.text.split() if w.startswith("https://wa.me/"))
    assert urlsplit(wa).path == f"/{WA_NUMBER}"
    prefilled = parse_qs(urlsplit(wa).query)["text"][0]
    assert prefilled == T("ref-wa-prefill-tutor", code=code)
    await budi.press(T("tutor-poster"))
    assert T("ref-poster-which") in budi.text  # two links: which one?
    for channel, link in (("telegram", telegram), ("whatsapp", wa)):
        await budi.press(T(f"ref-poster-{channel}"))
        image = next(r for r in budi.last if r.image)
        document = next(r for r in budi.last if r.document)
        assert document.document is not None and image.image is not None
        assert document.document.mime_type == "image/png"
        assert document.document.file_name == f"poster-tutor-{code}-{channel}.png"
        assert document.document.content == image.image  # the same full-quality PNG
        assert decode(image.image) == [link]
        await budi.press(T("tutor-poster"))


async def test_an_event_has_its_own_code_links_and_poster(
    app: App, console: RecordingConsole
) -> None:
    admin = person(app, console, "900")
    await admin.send("/acara_baru")
    assert T("event-usage").split(".")[0] in admin.text
    await admin.send("/acara_baru Isi Bersama di Pendopo")
    code = EVENT_CODE.search(admin.text)
    assert code, admin.text
    link = f"{BOT_LINK}?start=acara-{code.group(1)}"
    assert link in admin.text
    await admin.press(T("ref-poster-telegram"))
    image = next(r.image for r in admin.last if r.image)
    assert decode(image) == [link]
    assert any(r.document for r in admin.last)
    await admin.send(f"/acara {code.group(1)}")
    assert link in admin.text


# --- figures ----------------------------------------------------------------------------------
async def seed(store: Store) -> None:
    """Four tutors in three OPDs (one typed twice differently), residents, completions."""
    now = CAMPAIGN_OPEN
    async with store.transaction() as tx:
        people = [
            ("198001012005011001", "Ani", "Dinas Kesehatan", None, "11"),
            ("198502022010032002", "Bayu", "Dinas Kesehatan", None, "12"),
            ("199003032015041003", "Citra", "lainnya", "UPT Puskesmas  Limpung", "13"),
            ("199104042016052004", "Dodi", "lainnya", "upt puskesmas limpung", "14"),
            ("199205052017061005", "Eka", "Dinas Sosial", None, "15"),
        ]
        for i, (nip, name, opd, other, user) in enumerate(people, start=1):
            assert await tx.tutors.tutor_add(nip=nip, name=name, opd=opd, opd_other=other,
                                      kecamatan="blado", code=f"CODE{i}", channel="console",
                                      user_id=user, now=now) == i
        await tx.tutors.tutor_revoke(5, "console:900", now)
        kk = iter(range(1000))

        async def done(user: str, persons: int, *, tutor: int | None, own: bool = False,
                       assisted: bool = False, channel: str = "whatsapp") -> None:
            cid = await tx.completions.completion_add(
                kk_hash=f"h{next(kk)}", kk_mask="•••• 0000", in_region=True, persons=persons,
                kecamatan="blado", channel=channel, user_id=user, proof_kind=None,
                proof_file_id=None, day=now.date(), now=now)
            assert cid is not None
            await tx.tutors.completion_credit(cid, tutor_id=tutor, event_id=None,
                                              assisted=assisted, own_household=own)

        residents = {1: ["6281111111101", "6281111111102", "6281111111103"], 2: ["6281111111201"],
                     3: ["6281111111301"], 5: ["6281111111501"]}
        for tutor_id, phones in residents.items():
            for phone in phones:
                assert await tx.tutors.referral_add(
                    "whatsapp", phone, tutor_id=tutor_id, event_id=None, source="link", now=now)
                await tx.add_event("whatsapp", phone, "tutorial_start", now)
        await done("6281111111101", 4, tutor=1)
        await done("6281111111102", 2, tutor=1)
        await done("6281111111201", 5, tutor=2)
        await done("6281111111301", 3, tutor=3)
        await done("6281111111501", 6, tutor=5)  # revoked tutor: not on the boards
        await done("11", 4, tutor=1, own=True, channel="console")
        await done("13", 3, tutor=3, own=True, channel="console")
        await done("13", 2, tutor=3, assisted=True, channel="console")


async def test_leaderboards_on_seeded_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                           ) -> None:
    store = await open_store(make_settings(tmp_path))  # (either backend)
    try:
        await seed(store)
        async with store.transaction() as tx:
            figures = await tx.tutors.tutor_figures()
    finally:
        await store.close()
    opd = leaderboard.opd_rows(figures)
    assert [(r["rank"], r["opd"], r["tutors_registered"], r["tutors_own_census_done"],
             r["residents_reached"], r["residents_started"], r["completed_households"],
             r["completed_persons"], r["assisted_households"]) for r in opd] == [
        (1, "Dinas Kesehatan", 2, 1, 4, 4, 3, 11, 0),
        (2, "UPT Puskesmas Limpung", 2, 1, 1, 1, 2, 5, 1),  # typed twice, one OPD
    ]
    tutors = leaderboard.tutor_rows(figures, CAMPAIGN)
    assert [(r["rank"], r["name"], r["status"], r["completed_households"]) for r in tutors] == [
        (1, "Ani", "active", 2), (2, "Citra", "active", 2), (3, "Bayu", "active", 1),
        (4, "Dodi", "active", 0), ("", "Eka", "revoked", 1),
    ]
    assert leaderboard.rank_in_opd(figures, 2) == (2, 2)
    assert leaderboard.rank_in_opd(figures, 4) == (2, 2)

    settings = make_settings(tmp_path)
    for table in ("opd", "tutors", "events"):
        assert await cli_report(settings, table) == 0
    out, err = capsys.readouterr()
    assert f"database: {settings.database_label}" in err
    assert "rank,opd,tutors_registered" in out and "1,Ani,19800101 200501 1 001" in out
    assert "6281111111" not in out  # residents' phone numbers are never in a report
    target = tmp_path / "reports" / "tutors.csv"
    assert await cli_report(settings, "tutors", target) == 0
    assert target.read_text().count("\n") == 6 and target.stat().st_mode & 0o777 == 0o600
    assert str(target) in capsys.readouterr().out


def test_the_report_refuses_to_create_a_database(tmp_path: Path) -> None:
    from bot.cli import main

    settings_dir = tmp_path / "nothing-here"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("TUTOR_SENSUS_DATA_DIR", str(settings_dir))
        env.delenv("TUTOR_SENSUS_DATABASE_URL", raising=False)  # (no database at all)
        assert main(["tutors", "report", "--format", "csv", "--table", "opd"]) == 2
    assert not settings_dir.exists()


# --- personal data ------------------------------------------------------------------------------
async def test_a_tutor_deleting_their_data_keeps_the_counts(
    app: App, console: RecordingConsole
) -> None:
    budi = person(app, console, "11")
    code = await register(budi)
    await report(budi, kk="3325012301200401")
    resident = person(app, console, "1")
    await resident.send(f"/start tutor-{code}")
    await report(resident, kk="3325012301200402", persons="5")
    await resident.send("/hapus_data")
    await resident.press(T("privacy-delete-yes"))
    await budi.send("/hapus_data")
    await budi.press(T("privacy-delete-yes"))
    assert await app.store.fetch_all("SELECT nip, name, user_id, code FROM tutors") == [
        (None, None, None, code)]
    assert await count(app, "SELECT count(*) FROM tutor_accounts") == 0
    async with app.store.transaction() as tx:
        figures = await tx.tutors.tutor_figures()
    (row,) = leaderboard.opd_rows(figures)
    assert (row["tutors_own_census_done"], row["residents_reached"],
            row["completed_households"], row["completed_persons"]) == (1, 1, 1, 5)
    assert leaderboard.tutor_rows(figures, CAMPAIGN)[0]["status"] == "deleted"
    again = person(app, console, "9")
    await again.send(f"kode tutor {code}")
    assert T("ref-code-inactive", code=code).splitlines()[0] in again.text


# --- settings ---------------------------------------------------------------------------------
def test_settings_check_the_tutor_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_SENSUS_TUTOR_CODE", "abc")
    with pytest.raises(SettingsError, match="TUTOR_SENSUS_TUTOR_CODE"):
        load_settings(_env_file=None)
    monkeypatch.setenv("TUTOR_SENSUS_TUTOR_CODE", "ASN-2020")
    monkeypatch.setenv("TUTOR_SENSUS_ASSISTED_PER_DAY", "-1")
    with pytest.raises(SettingsError, match="TUTOR_SENSUS_ASSISTED_PER_DAY"):
        load_settings(_env_file=None)
    monkeypatch.setenv("TUTOR_SENSUS_ASSISTED_PER_DAY", "25")
    settings = load_settings(_env_file=None)
    assert settings.assisted_per_day == 25
    assert "ASN-2020" not in repr(settings)  # a secret

"""`tutor-sensus campaign check` and `campaign preview`, and every message in every phase.

A broken campaign file (dates out of order, an announcement without its text, a voucher window
that ends before it starts) is refused at start and by `campaign check`, naming the file and
the field."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from test_locales import message_variables

from bot.app import build_app
from bot.cli import main
from bot.settings import Settings
from conversations.core.campaign import CampaignError, load_campaign
from conversations.core.campaign_check import check, days_to_check
from conversations.core.i18n import LANGUAGES, Translator

ROOT = Path(__file__).resolve().parents[1]
SOURCE = (ROOT / "campaigns" / "sp2020-batang.toml").read_text(encoding="utf-8")
CAMPAIGN = load_campaign()


def variant(tmp_path: Path, old: str, new: str) -> Path:
    assert old in SOURCE, old
    path = tmp_path / "variant.toml"
    path.write_text(SOURCE.replace(old, new, 1), encoding="utf-8")
    return path


BROKEN = [
    # a phase that starts before the one it follows
    ("starts = 2020-05-30         # closed", "starts = 2020-03-30         # closed",
     r"timeline\.phases\.\d\.starts"),
    # the final close date disagrees with the phases
    ("closes = 2020-05-29", "closes = 2020-06-05", r"final closes"),
    # announcements out of order
    ("announced = 2020-05-28", "announced = 2020-03-28", r"timeline\.announcements: not in"),
    # a voucher window that ends before it starts
    ("redeem_from = 2020-02-15", "redeem_from = 2020-10-15", r"redeem_until .* before"),
    # vouchers that expire before the last day a completion is taken
    ("redeem_until = 2020-09-30", "redeem_until = 2020-05-01", r"vouchers\.redeem_until"),
]


@pytest.mark.parametrize(("old", "new", "field"), BROKEN, ids=[b[2] for b in BROKEN])
def test_a_broken_calendar_is_refused_naming_file_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, field: str
) -> None:
    path = variant(tmp_path, old, new)
    with pytest.raises(CampaignError, match=field) as refused:
        load_campaign(path)
    assert str(path) in str(refused.value)
    assert main(["campaign", "check", str(path)]) == 1
    err = capsys.readouterr().err
    assert str(path) in err and re.search(field, err)


NEW_NEWS = '''[[timeline.announcements]]
id = "kabar_baru"
announced = 2020-05-29
closes_final = true

'''


def test_an_announcement_without_its_texts_is_refused_at_start_and_by_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = variant(tmp_path, "[target]", NEW_NEWS + "[target]")
    assert main(["campaign", "check", str(path)]) == 1
    err = capsys.readouterr().err
    for lang in LANGUAGES:  # each language that lacks it is named
        assert re.search(rf"timeline\.announcements\.3 \(kabar_baru\): no message "
                         rf"news-kabar_baru in locales/{lang}/", err), err


async def test_the_bot_does_not_start_with_a_text_missing(tmp_path: Path) -> None:
    path = variant(tmp_path, "[target]", NEW_NEWS + "[target]")
    settings = Settings(TUTOR_SENSUS_DATA_DIR=tmp_path / "data", TUTOR_SENSUS_CAMPAIGN=str(path),
                        _env_file=None)
    with pytest.raises(CampaignError, match=r"variant\.toml: .*news-kabar_baru"):
        await build_app(settings)


def test_the_packaged_campaign_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert check(CAMPAIGN) == []
    assert main(["campaign", "check", str(ROOT / "campaigns" / "sp2020-batang.toml")]) == 0
    out = capsys.readouterr().out
    assert "ok" in out and "extended             2020-04-01 – 2020-05-29" in out


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_every_message_renders_in_every_phase(lang: str, caplog: pytest.LogCaptureFixture
                                              ) -> None:
    """Both catalogues, on every day the calendar changes and the days around it."""
    numbers = {"step", "n", "total", "count", "id", "persons", "left", "done", "days", "max"}
    messages = message_variables(lang)
    calendar_variables = {"online", "field", "days_left", "close_sure", "field_sure",
                          "extended", "close_final", "phase"}
    for day in days_to_check(CAMPAIGN):
        t = Translator(lang, CAMPAIGN, day)
        for key, names in messages.items():
            # The code's own arguments get samples; the calendar's come from the day.
            sample = {name: (3 if name in numbers else "none" if name == "start" else "Blado")
                      for name in names if name not in calendar_variables}
            text = t(key, **{k: v for k, v in sample.items() if k not in t._vars})
            assert text and text != key, (day, key)
            assert "{" not in text and "$" not in text, f"{lang}/{key} on {day}: {text}"
            assert not re.search(r"\btinggal 0 hari|\b0 days left", text), (day, key, text)
    errors = [r.getMessage() for r in caplog.records if r.levelname in ("WARNING", "ERROR")]
    assert not errors, errors


PREVIEW = [
    ("2020-02-10", ["phase 'before_open'", "completions: not yet (from 15 Februari 2020)",
                    "belum dibuka", "Ingatkan saat dibuka",
                    "Sensus Penduduk Wawancara (1–31 Juli 2020)"]),
    # completions taken until the close known that day (31 March) and its grace day
    ("2020-03-02", ["phase 'open'", "completions: open (taken until 1 April 2020)",
                    "vouchers: issued", "31 Maret 2020", "Mulai panduan"]),
    ("2020-04-15", ["phase 'extended'", "diperpanjang sampai 29 Mei 2020",
                    "Jadwalnya akan diumumkan BPS"]),
    ("2020-05-29", ["Hari ini hari terakhir (sampai 23.59 WIB)", "Tidak ada perpanjangan lagi",
                    "completions: open"]),
    ("2020-06-15", ["phase 'online_closed'", "completions: closed", "vouchers: not issued",
                    "officer-visit requests: taken", "Lihat panduan (arsip)"]),
    ("2020-09-10", ["phase 'field_stage'", "sedang mendatangi", "officer-visit requests: taken"]),
    ("2020-10-15", ["phase 'after_field_stage'", "sudah mendatangi",
                    "officer-visit requests: not taken", "reminders: not sent"]),
]


@pytest.mark.parametrize(("day", "says"), PREVIEW, ids=[p[0] for p in PREVIEW])
def test_preview_shows_the_day(capsys: pytest.CaptureFixture[str], day: str,
                               says: list[str], tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["campaign", "preview", "--date", day]) == 0
    assert list(tmp_path.iterdir()) == []  # a preview leaves no file behind
    out = capsys.readouterr().out
    for text in says:
        assert text in out, (text, out)
    if date.fromisoformat(day) > date(2020, 5, 30):
        assert "Saya sudah selesai mengisi" not in out

"""Global commands work from anywhere, and bad input gets a kind reply without losing progress."""

from __future__ import annotations

from conftest import CAMPAIGN_OPEN, Chat

from conversations.core.campaign import load_campaign
from conversations.core.i18n import Translator
from conversations.core.roles import Role

T = Translator("id", load_campaign(), CAMPAIGN_OPEN.date())


async def at_step_two(chat: Chat) -> None:
    await chat.send("/start")
    await chat.press("Mulai panduan")
    await chat.press("Lewati")
    await chat.press("Lanjut")
    assert "Langkah 2 dari 9" in chat.text


async def test_menu_from_the_middle_of_a_step_keeps_progress(chat: Chat) -> None:
    await at_step_two(chat)
    await chat.send("/menu")
    assert "Lanjutkan langkah 2" in chat.labels[0]


async def test_cancel_returns_to_menu_and_keeps_progress(chat: Chat) -> None:
    await at_step_two(chat)
    await chat.send("/batal")
    assert T("cancelled") in chat.text
    assert "Lanjutkan langkah 2" in chat.labels[0]


async def test_help_lists_commands_and_help_channels(chat: Chat) -> None:
    await at_step_two(chat)
    await chat.send("/bantuan")
    assert "/menu" in chat.text and "/batal" in chat.text
    assert "+62 812-9905-2020" in chat.text  # WA Center SP2020, from the campaign file
    assert "Lanjutkan langkah 2" in chat.labels[0]


async def test_language_switch_returns_to_the_same_step(chat: Chat) -> None:
    await at_step_two(chat)
    await chat.send("/bahasa")
    await chat.press("English")
    assert "The language is now English" in chat.text
    assert "Step 2 of 9" in chat.text
    assert "Next ›" in chat.labels
    await chat.send("/bahasa")
    await chat.press("Bahasa Indonesia")
    assert "Langkah 2 dari 9" in chat.text


async def test_unknown_command_gets_kind_reply_and_menu(chat: Chat) -> None:
    await chat.send("/terbang")
    assert T("command-unknown") in chat.text
    assert "Mulai panduan" in chat.labels


async def test_commands_with_bot_suffix_work(chat: Chat) -> None:
    await chat.send("/menu@TutorSensusBot")
    assert "Mulai panduan" in chat.labels


async def test_nonsense_gets_kind_reply_and_menu_without_losing_progress(chat: Chat) -> None:
    await at_step_two(chat)
    await chat.send("qwertyuiop zxcv")
    assert T("not-understood") in chat.text
    assert "Lanjutkan langkah 2" in chat.labels[0]


async def test_emoji_empty_and_very_long_text(chat: Chat) -> None:
    await at_step_two(chat)
    await chat.send("🙂🙂")
    assert T("not-understood") in chat.text
    await chat.press("Lanjutkan")
    await chat.send("   ")
    assert T("empty-text") in chat.text
    assert "Langkah 2 dari 9" in chat.text  # stays where it was
    await chat.send("a" * 5000)
    assert T("text-too-long") in chat.text
    assert "Langkah 2 dari 9" in chat.text


async def test_button_with_garbage_data_shows_current_step(chat: Chat) -> None:
    await at_step_two(chat)
    await chat.press_data("not-a-version|next")
    assert "Langkah 2 dari 9" in chat.text
    await chat.press_data("99999|next")
    assert "Langkah 2 dari 9" in chat.text


async def test_menu_button_from_an_old_message_still_works(chat: Chat) -> None:
    await at_step_two(chat)
    old_menu = chat.choice_data("Menu")
    await chat.press("Lanjut")
    await chat.press_data(old_menu)
    assert "Lanjutkan langkah 3" in chat.labels[0]


async def test_admin_only_command_is_unknown_to_residents(chat: Chat, app) -> None:
    async def secret(ctx, args):  # a staff command registered by a later feature
        from conversations.core.flow import Go

        return Go("menu", "main", say=[ctx.reply("cancelled")])

    from conversations.core.feature import Command

    app.engine.commands["rahasia"] = Command(secret, Role.ADMIN)
    await chat.send("/rahasia")
    assert T("command-unknown") in chat.text
    admin = Chat(app, chat.channel, user="900")
    await admin.send("/rahasia")
    assert T("command-unknown") not in admin.text
    staff = Chat(app, chat.channel, user="800")
    await staff.send("/rahasia")
    assert T("command-unknown") in staff.text  # staff is not admin


async def test_admin_only_button_is_refused_to_residents(chat: Chat, app) -> None:
    from conversations.core.feature import Prefix

    app.engine.prefixes.append(Prefix("adm.", Role.STAFF))  # a staff-only button prefix
    await chat.send("/start")
    version = chat.choice_data("Menu" if "Menu" in chat.labels else "Mulai").split("|")[0]
    await chat.press_data(f"{version}|adm.redeem")
    assert "Mulai panduan" in chat.labels  # just the menu, no hint of staff features


async def test_long_lists_page_and_accept_typed_names(chat: Chat) -> None:
    await chat.send("/start")
    await chat.press("Mulai panduan")
    assert len(chat.labels) <= 10
    assert "Lainnya ›" in chat.labels
    assert "Pecalungan" not in chat.labels  # 15 kecamatan do not fit one page
    await chat.press("Lainnya")
    await chat.press("Lainnya")
    assert "Pecalungan" in chat.labels
    await chat.press("Pecalungan")
    assert "Pecalungan tersimpan" in chat.text


async def test_typo_in_a_name_is_accepted(chat: Chat) -> None:
    await chat.send("/start")
    await chat.press("Mulai panduan")
    await chat.send("Pecalunga")
    assert "Pecalungan tersimpan" in chat.text


async def test_unknown_kecamatan_gets_a_hint(chat: Chat) -> None:
    await chat.send("/start")
    await chat.press("Mulai panduan")
    await chat.send("Semarang")
    assert "belum ada di daftar" in chat.text
    assert "Lewati" in chat.labels


async def test_number_out_of_range_says_which_numbers_exist(chat: Chat) -> None:
    await at_step_two(chat)
    await chat.send("7")
    assert "1 sampai 4" in chat.text
    assert "Langkah 2 dari 9" in chat.text


async def test_start_of_a_label_picks_that_choice(chat: Chat) -> None:
    await at_step_two(chat)
    await chat.send("/menu")
    await chat.send("lanjut")  # "Lanjutkan langkah 2"
    assert "Langkah 2 dari 9" in chat.text


async def test_nonsense_in_the_middle_of_a_form_keeps_the_form(chat: Chat) -> None:
    """Typed at the KK confirmation, nonsense (or a weak guess at a topic) opened the FAQ's
    "Mungkin maksud Anda…" screen with only "Menu": the KK typed was gone and the report had
    to start again. "‹ Kembali" now leads back to the screen as it was."""
    await chat.send("/start")
    await chat.press(T("menu-done"))
    await chat.send("3325 0912 3456 0002")
    assert T("done-kk-yes") in chat.labels
    for nonsense in ("qwertyuiop", "\x1b[31m merah"):
        await chat.send(nonsense)
        assert T("nav-back") in chat.labels, nonsense
        await chat.press(T("nav-back"))
        assert "•••• 0002" in chat.text
        assert chat.labels[:2] == [T("done-kk-yes"), T("done-kk-retype")], nonsense
    await chat.send("qwertyuiop")
    await chat.send("kembali")  # typed works too
    await chat.send("ya")
    assert T("done-kk-yes") not in chat.labels  # the KK was taken: the next question
    assert "anggota keluarga" in chat.text

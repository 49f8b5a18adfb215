"""State a feature keeps about a person lives with that feature: the tutorial's position and
the checklist's ticks are their own parts of the state (`ConversationState.features`), and a
household recorded marks the tutorial done through a core hook, not by writing its part. A
state saved before the parts existed still loads, and is saved in the new shape."""

from __future__ import annotations

import json

from conftest import Chat
from test_completions import T, report

from bot.app import App

OLD_STATE = {"version": 3, "flow": "menu", "step": "main", "tutorial_index": 4,
             "tutorial_max": 4, "tutorial_done": False, "kecamatan_asked": True,
             "checklist": ["nik"]}


async def stored_state(app: App, chat: Chat) -> dict[str, object]:
    [(state,)] = await app.store.fetch_all(
        "SELECT state FROM people WHERE channel = 'console' AND user_id = ?", (chat.user,))
    return dict(json.loads(state))


async def test_a_state_saved_before_still_resumes_where_the_person_was(
    chat: Chat, app: App
) -> None:
    async with app.store.transaction() as tx:
        await tx.save_person("console", chat.user, lang="id", kecamatan=None, state=OLD_STATE,
                             now=app.clock.now())
    await chat.send("halo")
    assert chat.labels[0] == T("menu-resume", step=5)
    await chat.press(T("menu-checklist"))
    assert "✓ " + T("checklist-nik-label") in chat.labels  # the ticks came along
    await chat.press(T("menu-resume", step=5))
    # Straight to the step: the kecamatan was asked (and skipped) before, not again.
    assert "Langkah 5 dari 9" in chat.text

    state = await stored_state(app, chat)
    assert not {"tutorial_index", "tutorial_max", "tutorial_done", "kecamatan_asked",
                "checklist"} & set(state)
    parts = state["features"]
    assert isinstance(parts, dict)
    assert parts["tutorial"] == {"index": 4, "furthest": 4, "done": False,
                                 "kecamatan_asked": True}
    assert parts["checklist"] == {"ticked": ["nik"]}


async def test_recording_ones_household_ends_the_tutorial_offer(chat: Chat, app: App) -> None:
    await chat.send("/start")
    await chat.press("Mulai panduan")
    await chat.press("Lewati")
    await chat.press("Lanjut")
    await chat.send("halo")
    assert chat.labels[0] == T("menu-resume", step=2)
    await report(chat)
    assert T("done-saved") in chat.text
    await chat.send("halo")
    assert not any(label.startswith("▶️") for label in chat.labels)
    state = await stored_state(app, chat)
    assert isinstance(state["features"], dict)
    assert state["features"]["tutorial"]["done"] is True

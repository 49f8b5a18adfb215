"""Free-text questions from residents: the matcher's answer, "did this help?", or a person.

Any text that is not an answer to what the bot just asked ends up here (the engine's
fallback). Intents come first (conversations/intents.py): "makasih kak" gets a short
friendly reply; "saya sudah isi sensus" and "tolong datang ke rumah" get the action's button
first ("Lapor selesai", "Minta didatangi petugas"), under the FAQ answer when one fits too;
"voucher saya" shows the voucher (or the souvenir answer and "Lapor selesai" without one);
"mau jadi petugas sensus" says honestly that the bot registers no officers, who announces the
recruitment, and the office's contacts.
An intent may name the topic that answers it ("sensus online itu apa") and a variant of its
answer ("kena denda?" gets the answer that starts with the fine).

Confident match: the topic's answer, then "Apakah ini menjawab pertanyaan Anda?"
(the yes/no is stored as an event). Not confident: "Maaf, saya belum paham", the three
closest topics, the menu, and "Tanya petugas", which hands the question to the staff chat.

The question's text is kept only in the person's state until it is sent to staff; events
store topic ids, never what was typed.
"""

from __future__ import annotations

from typing import Any

from conversations.core.flow import Context, Flow, Go, Step
from conversations.core.models import Choice, Reply, Screen
from conversations.resident import tutorial, visit
from conversations.resident.faq_matcher import FaqMatcher
from conversations.resident.intents import IntentReader
from conversations.resident.menu import MENU

ASK = "ask"
QUESTION_MAX = 600  # what staff see; longer questions are cut with "…"


def matcher_for(ctx: Context) -> FaqMatcher:
    return FaqMatcher.load(ctx.person.lang, ctx.campaign.messages, list(ctx.campaign.faq.topics))


def reader_for(ctx: Context) -> IntentReader:
    return IntentReader.load(ctx.person.lang, ctx.campaign.messages,
                             list(ctx.campaign.faq.topics))


# Intents whose answer is an action's button: intent -> (choice id, label key).
ACTIONS = {"selesai": ("done.start", "menu-done"), "kunjungan": ("visit.start", "menu-visit")}


async def on_free_text(ctx: Context, text: str) -> Go:
    """The engine's fallback: an intent's action, an answer, the closest topics, or a person."""
    understood = reader_for(ctx).understand(text)
    match, intent = understood.match, understood.intent
    question = text[:QUESTION_MAX]
    if intent is not None:
        ctx.emit("intent", intent)
    if intent == "terima_kasih":
        return Go(ASK, "closing")
    if intent == "voucher":  # the households feature's "Voucher saya" (or how to get one)
        return ctx.enter("my_voucher")
    if intent == "jadi_petugas":  # the bot registers no officers: who announces, contacts
        return Go(ASK, "recruitment")
    # An action is offered only while it can be done; otherwise its flow says why at once
    # (not open yet, closed after the grace days, the field stage over), not a button to it.
    if intent == "selesai" and not ctx.calendar.completions_open:
        return ctx.enter("completion")
    if intent == "kunjungan" and not ctx.calendar.visits_open:
        return visit.start(ctx)
    if intent in ACTIONS:
        if match.topic is not None:
            ctx.emit("faq_match", match.topic)
        return Go(ASK, "action", {"intent": intent, "topic": match.topic, "q": question})
    if match.topic is not None:
        ctx.emit("faq_match", match.topic)
        data = {"topic": match.topic, "q": question}
        if understood.answer:
            data["answer"] = understood.answer
        return Go(ASK, "answer", data)
    closest = [topic for topic, _ in match.candidates[:3]]
    ctx.emit("faq_unsure", ",".join(closest) or None)
    unsure: dict[str, Any] = {"q": question, "closest": closest}
    if ctx.state.flow not in (MENU, ASK, tutorial.TUTORIAL):
        # Not understood in the middle of a form (a KK to confirm, a visit request): "‹ Kembali"
        # leads back to that screen as it was, so what was typed so far is not lost.
        unsure["back"] = {"flow": ctx.state.flow, "step": ctx.state.step,
                          "data": dict(ctx.state.data)}
    return Go(ASK, "unsure", unsure)


def _resume_or_menu(ctx: Context) -> list[Choice]:
    nav: list[Choice] = []
    if (step := tutorial.resume_step(ctx)) is not None:
        nav.append(ctx.choice("tut.resume", "menu-resume", step=step))
    nav.append(ctx.choice("menu", "nav-menu"))
    return nav


# --- a confident answer, and whether it helped ---------------------------------------------
async def show_answer(ctx: Context) -> Screen:
    topic = str(ctx.state.data["topic"])
    answer = str(ctx.state.data.get("answer") or f"faq-{topic}-answer")
    return Screen(
        before=[Reply(text=ctx.t(answer))],
        text=ctx.t("ask-helpful"),
        # In the middle of the tutorial, the way back to the step is one tap (or "lanjut") away.
        nav=[ctx.choice("ask.yes", "ask-yes"), ctx.choice("ask.no", "ask-no"),
             *[c for c in _resume_or_menu(ctx) if c.id == "tut.resume"]],
    )


async def on_answer_choice(ctx: Context, choice_id: str) -> Go | None:
    data = dict(ctx.state.data)
    topic = str(data.get("topic"))
    if choice_id == "ask.yes":
        ctx.emit("faq_feedback", f"{topic}:yes")
        return Go(ASK, "thanks")
    if choice_id == "ask.no":
        ctx.emit("faq_feedback", f"{topic}:no")
        others = [t for t in _closest(ctx, data) if t != topic]
        return Go(ASK, "unsure", {"q": data.get("q", ""), "closest": others, "after_no": True})
    return None


def _closest(ctx: Context, data: dict[str, Any]) -> list[str]:
    question = str(data.get("q") or "")
    if not question:
        return []
    return [t for t, _ in matcher_for(ctx).match(question).candidates[:4]]


async def show_thanks(ctx: Context) -> Screen:
    return Screen(text=ctx.t("ask-thanks"), nav=_resume_or_menu(ctx))


# --- intents: a closing word, or an action's button first ------------------------------------
async def show_closing(ctx: Context) -> Screen:
    return Screen(text=ctx.t("intent-closing"), nav=_resume_or_menu(ctx))


async def show_recruitment(ctx: Context) -> Screen:
    office = ctx.campaign.help_channel("kantor_bps")
    channels = help_channels(ctx, leave_out=office.id if office and not office.value else None)
    return Screen(text=ctx.t("intent-jadi_petugas", channels=channels), nav=_resume_or_menu(ctx))


async def show_action(ctx: Context) -> Screen:
    """The FAQ answer when one fits ("bukti sudah isi sensus dimana"), then the action."""
    data = ctx.state.data
    intent = str(data.get("intent"))
    topic = data.get("topic")
    before = [Reply(text=ctx.t(f"faq-{topic}-answer"))] if topic else []
    choice_id, label = ACTIONS[intent]
    text = ctx.t(f"intent-{intent}")
    return Screen(before=before, text=text,
                  nav=[ctx.choice(choice_id, label), *_resume_or_menu(ctx)])


# --- not sure: the closest topics, or a person ----------------------------------------------
async def show_unsure(ctx: Context) -> Screen:
    data = ctx.state.data
    closest = [t for t in data.get("closest", []) if t in ctx.campaign.faq.topics][:3]
    if data.get("after_no"):
        key = "ask-not-helpful" if closest else "ask-not-helpful-none"
    else:
        key = "ask-unsure" if closest else "not-understood"
    items = [ctx.choice(f"q.{topic}", f"faq-{topic}-label") for topic in closest]
    back = [ctx.choice("ask.back", "nav-back")] if data.get("back") else []
    if not ctx.config.handoff_chat:
        # Nobody reads questions in a chat: the numbers to call instead of "Tanya petugas",
        # before the resident writes a question that nobody can receive.
        text = f"{ctx.t(key)}\n{ctx.t('ask-contacts', channels=help_channels(ctx))}"
        return Screen(text=text, items=items, nav=[*back, *_resume_or_menu(ctx)])
    nav = [*back, ctx.choice("ask.staff", "ask-staff"), *_resume_or_menu(ctx)]
    resume = [c for c in nav if c.id == "tut.resume"]  # back to the step first, if any
    nav = resume + [c for c in nav if c.id != "tut.resume"]
    return Screen(text=ctx.t(key), items=items, nav=nav)


def help_channels(ctx: Context, leave_out: str | None = None) -> str:
    """The campaign's contacts, one a line ("• WhatsApp BPS Batang: 0812..."); `leave_out`:
    the id of one the text names already."""
    return "\n".join(
        f"• {h.label}" + (f": {h.value}" if h.value else "")
        for h in ctx.campaign.help_channels if h.id != leave_out
    )


async def on_unsure_choice(ctx: Context, choice_id: str) -> Go | None:
    if choice_id.startswith("q."):
        topic = choice_id.removeprefix("q.")
        if topic in ctx.campaign.faq.topics:
            ctx.emit("faq_topic", topic)
            return Go(ASK, "answer", {"topic": topic, "q": ctx.state.data.get("q", "")})
        return None
    if choice_id == "ask.back" and isinstance(back := ctx.state.data.get("back"), dict):
        return Go(str(back["flow"]), str(back["step"]), dict(back["data"]))
    if choice_id == "ask.staff":
        question = str(ctx.state.data.get("q") or "")
        return Go(ASK, "confirm" if question else "write", {"q": question})
    return None


# --- writing to a person --------------------------------------------------------------------
async def show_write(ctx: Context) -> Screen:
    return Screen(text=ctx.t("ask-write"), nav=[ctx.choice("menu", "ask-cancel")])


async def on_write_text(ctx: Context, text: str) -> Go | None:
    return Go(ASK, "confirm", {"q": text[:QUESTION_MAX]})


async def show_confirm(ctx: Context) -> Screen:
    return Screen(
        text=ctx.t("ask-confirm", question=ctx.state.data.get("q", "")),
        nav=[
            ctx.choice("ask.send", "ask-send"),
            ctx.choice("ask.rewrite", "ask-rewrite"),
            ctx.choice("menu", "ask-cancel"),
        ],
    )


async def on_confirm_choice(ctx: Context, choice_id: str) -> Go | None:
    if choice_id == "ask.rewrite":
        return Go(ASK, "write")
    if choice_id != "ask.send":
        return None
    from conversations.resident import handoff  # the staff side, which owns the queue

    return await handoff.send_question(ctx, str(ctx.state.data.get("q") or ""))


async def show_sent(ctx: Context) -> Screen:
    hours = ctx.config.office_hours
    key = "handoff-sent-open" if hours.is_open(ctx.now) else "handoff-sent-closed"
    text = ctx.t(key, hours=hours.describe(ctx.person.lang, ctx.campaign.timezone_label))
    return Screen(text=text, nav=_resume_or_menu(ctx))


async def offer_for_media(ctx: Context, kind: str) -> Go:
    """A voice note or sticker we cannot read: say so, and offer a person instead."""
    return Go(ASK, "media", {"kind": kind})


async def show_media(ctx: Context) -> Screen:
    text = ctx.t("media-not-understood", kind=ctx.state.data.get("kind", "other"))
    if not ctx.config.handoff_chat:  # no staff chat: the contacts instead of "Tanya petugas"
        offer = ctx.t("ask-contacts", channels=help_channels(ctx))
        return Screen(text=f"{text}\n{offer}", nav=_resume_or_menu(ctx))
    nav = [ctx.choice("ask.staff", "ask-staff"), *_resume_or_menu(ctx)]
    return Screen(text=f"{text}\n{ctx.t('ask-media-offer')}", nav=nav)


FLOW = Flow(
    ASK,
    {
        "answer": Step(show_answer, on_choice=on_answer_choice),
        "thanks": Step(show_thanks),
        "closing": Step(show_closing),
        "action": Step(show_action),
        "recruitment": Step(show_recruitment),
        "unsure": Step(show_unsure, on_choice=on_unsure_choice),
        "write": Step(show_write, on_text=on_write_text),
        "confirm": Step(show_confirm, on_choice=on_confirm_choice, on_text=on_write_text),
        "sent": Step(show_sent),
        "media": Step(show_media, on_choice=on_unsure_choice),
    },
)

"""The staff side of "Tanya petugas": the question queue, claiming, and answering.

A resident's question arrives in the staff chat (`TUTOR_SENSUS_HANDOFF_CHAT`) with a "Jawab
#N" button. A staff member claims it (one conditional UPDATE, so two staff never answer the
same question), writes the answer, and it goes back to the resident on their own channel.
`/antrian` lists what is waiting; `/balas N jawaban` answers in one line, and so does a reply
(Telegram's "Balas") to the bot's message about question #N. Every command and button here
needs the staff role; the engine checks it on every call.
"""

from __future__ import annotations

import re
from datetime import datetime

from conversations.core.flow import Context, Flow, Go, Step
from conversations.core.i18n import DEFAULT_LANGUAGE, Translator
from conversations.core.models import Choice, Reply, Screen, Template

HANDOFF = "handoff"
QUEUE_ROWS = 8
PREVIEW = 80
TEMPLATE_PARAM_MAX = 1024  # WhatsApp: the most a template's body parameter may hold
REFERENCE = re.compile(r"#(\d{1,9})(?!\d)")
LISTED = re.compile(r"^#(\d{1,9})(?!\d)", re.MULTILINE)  # queue rows start with "#N"


def staff_id(ctx: Context) -> str:
    return f"{ctx.person.channel}:{ctx.person.user}"


def _help_channels(ctx: Context) -> str:
    return "\n".join(
        f"• {h.label}" + (f": {h.value}" if h.value else "") for h in ctx.campaign.help_channels
    )


# --- the resident hands a question over ------------------------------------------------------
async def send_question(ctx: Context, question: str) -> Go:
    chat = ctx.config.handoff_chat
    if not chat or not question.strip():
        return Go("menu", "main", say=[ctx.reply("handoff-unavailable",
                                                 channels=_help_channels(ctx))])
    number = await ctx.tx.handoffs.handoff_add(
        ctx.person.channel, ctx.person.user, lang=ctx.person.lang,
        kecamatan=ctx.person.kecamatan, question=question, now=ctx.now,
    )
    ctx.emit("handoff", str(number))
    # The staff chat reads Indonesian.
    staff_t = Translator(DEFAULT_LANGUAGE, ctx.campaign, ctx.today)
    notice = Reply(
        to=chat,
        text=staff_t("handoff-new", id=number, where=_where(ctx, staff_t, ctx.person.channel,
                                                             ctx.person.kecamatan),
                     question=question),
        choices=[Choice(id=f"hq.claim.{number}", label=staff_t("handoff-claim", id=number))],
    )
    return Go("ask", "sent", say=[notice])


def _where(ctx: Context, t: Translator, channel: str, kecamatan: str | None) -> str:
    place = ctx.campaign.region.kecamatan_by_id(kecamatan) if kecamatan else None
    name = t(f"channel-{channel}")
    return f"{name}, {place.name}" if place else name


# --- the queue -------------------------------------------------------------------------------
async def cmd_queue(ctx: Context, args: str) -> Go:
    return Go(HANDOFF, "queue")


async def show_queue(ctx: Context) -> Screen:
    rows, total = await ctx.tx.handoffs.handoffs_waiting(QUEUE_ROWS)
    if not rows:
        return Screen(text=ctx.t("handoff-queue-empty"))
    lines = [ctx.t("handoff-queue", count=total)]
    items = []
    for row in rows:
        status = ctx.t("handoff-status-claimed") if row["status"] == "claimed" else ""
        lines.append(ctx.t(
            "handoff-queue-item", id=row["id"], at=_short_time(row["created_at"]),
            status=status, preview=_preview(row["question"]),
        ))
        items.append(ctx.choice(f"hq.claim.{row['id']}", "handoff-claim", id=row["id"]))
    return Screen(text="\n".join(lines), items=items)


def _short_time(moment: str) -> str:
    return datetime.fromisoformat(moment).strftime("%d/%m %H.%M")


def _preview(question: str) -> str:
    flat = " ".join(question.split())
    return flat if len(flat) <= PREVIEW else flat[: PREVIEW - 1] + "…"


# --- claiming and answering ------------------------------------------------------------------
async def on_staff_choice(ctx: Context, choice_id: str) -> Go | None:
    """Buttons with the `hq.` prefix (the engine lets only staff press them)."""
    if choice_id == "hq.queue":
        return Go(HANDOFF, "queue")
    if not choice_id.startswith("hq.claim."):
        return None
    number = _number(choice_id.removeprefix("hq.claim."))
    if number is None:
        return None
    if await ctx.tx.handoffs.handoff_claim(number, staff_id(ctx), ctx.now):
        return Go(HANDOFF, "answer", {"id": number})
    return Go(HANDOFF, "queue", say=[await _why_not(ctx, number)])


async def _why_not(ctx: Context, number: int) -> Reply:
    row = await ctx.tx.handoffs.handoff_get(number)
    if row is None:
        return ctx.reply("handoff-not-found", id=number)
    if row["status"] == "answered":
        return ctx.reply("handoff-already-answered", id=number)
    return ctx.reply("handoff-taken", id=number)


async def show_answer(ctx: Context) -> Screen:
    row = await ctx.tx.handoffs.handoff_get(int(ctx.state.data["id"]))
    question = row["question"] if row else ""
    return Screen(
        text=ctx.t("handoff-write-answer", id=ctx.state.data["id"], question=question),
        nav=[ctx.choice("hq.queue", "handoff-back-to-queue")],
    )


async def on_answer_text(ctx: Context, text: str) -> Go | None:
    return await deliver(ctx, int(ctx.state.data["id"]), text)


async def cmd_reply(ctx: Context, args: str) -> Go:
    """/balas 12 Silakan coba NIK anggota keluarga yang lain."""
    head, _, answer = args.strip().partition(" ")
    number = _number(head.lstrip("#"))
    if number is None or not answer.strip():
        return Go(ctx.state.flow, ctx.state.step, dict(ctx.state.data),
                  say=[ctx.reply("handoff-usage")])
    return await deliver(ctx, number, answer.strip())


async def deliver(ctx: Context, number: int, answer: str) -> Go:
    if not await ctx.tx.handoffs.handoff_answer(number, staff_id(ctx), answer, ctx.now):
        return Go(HANDOFF, "queue", say=[await _why_not(ctx, number)])
    row = await ctx.tx.handoffs.handoff_get(number)
    assert row is not None  # answered just now, in this transaction
    resident_t = Translator(row["lang"], ctx.campaign, ctx.today)
    text = resident_t("handoff-answer", question=_preview(row["question"]), answer=answer)
    template = None
    if await ctx.tx.whatsapp.needs_template(row["channel"], row["user_id"], ctx.now):
        # WhatsApp after 24 hours: only an approved template reaches them, with the text.
        general = ctx.campaign.whatsapp_template(None)
        if general is not None:
            squashed = " ".join(text.split())[:TEMPLATE_PARAM_MAX]
            template = Template(name=general.name, language=general.language,
                                params=[squashed])
    to_resident = Reply(to=f"{row['channel']}:{row['user_id']}", text=text, template=template)
    ctx.emit("handoff_answered", str(number))
    return Go(HANDOFF, "queue", say=[to_resident, ctx.reply("handoff-answered", id=number)])


def references(bot_text: str | None) -> list[int]:
    """The questions a bot message is about, for a staff reply to it: the first "#N" of a
    notice ("Pertanyaan warga #N") or an answer screen, or every row of a queue listing."""
    if not bot_text:
        return []
    listed = list(dict.fromkeys(int(n) for n in LISTED.findall(bot_text)))
    if listed:
        return listed
    found = REFERENCE.search(bot_text)
    return [int(found.group(1))] if found else []


async def on_reply(ctx: Context, numbers: list[int], answer: str) -> Go:
    """A staff reply to the bot's message about one question is the answer to it; the same
    claiming rules as typing it after "Jawab #N"."""
    if len(numbers) != 1:  # a reply to a queue of several questions: which one?
        return Go(ctx.state.flow, ctx.state.step, dict(ctx.state.data),
                  say=[ctx.reply("handoff-usage")])
    return await deliver(ctx, numbers[0], answer)


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) < 10 else None


FLOW = Flow(
    HANDOFF,
    {
        "queue": Step(show_queue, on_choice=on_staff_choice),
        "answer": Step(show_answer, on_choice=on_staff_choice, on_text=on_answer_text,
                       takes_prose=True),
    },
)

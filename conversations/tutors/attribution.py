"""Who brought a resident in, and whom a completion counts for.

A resident arriving through a tutor's or an event's link (`/start tutor-K7QM4T` on Telegram,
the prefilled "kode tutor K7QM4T" on WhatsApp) or typing the code later is attributed once:
the first code wins, a second one never moves them. Tutors are nobody's referral (their own
code is not a referral; another tutor's code does not count for a tutor either).

A completion is credited when it is recorded (`credit_completion`, called by
conversations/households/completion.py): an assisted one and a tutor's own one to the tutor, a
resident's to the tutor or event that brought them in. The credit is copied into the
completion row, so it never changes afterwards.
"""

from __future__ import annotations

from typing import Any

from conversations.core.flow import Context, Go
from conversations.core.models import Reply
from conversations.tutors import referral
from conversations.tutors.referral import CodeProblem

TUTOR = "tutor"  # the tutor flow (conversations/tutors/tutor.py)
PROBLEM_KEYS = {
    CodeProblem.EMPTY: "ref-code-empty",
    CodeProblem.TOO_LONG: "ref-link-too-long",
    CodeProblem.BAD_CHARACTERS: "ref-link-broken",
    CodeProblem.LOOK_ALIKE: "ref-code-look-alike",
    CodeProblem.SHAPE: "ref-code-shape",
}


async def active_tutor(ctx: Context) -> dict[str, Any] | None:
    tutor = await ctx.tx.tutors.tutor_of_account(ctx.person.channel, ctx.person.user)
    return tutor if tutor and tutor["active"] else None


# --- attribution ------------------------------------------------------------------------------
async def on_start_payload(ctx: Context, payload: str) -> list[Reply]:
    """`/start <payload>`: what to say before the welcome menu (nothing for a payload that is
    not ours, e.g. a bare "/start")."""
    code = referral.parse_payload(payload)
    return await attribute(ctx, code, source="link")


async def on_typed(ctx: Context, text: str) -> Go | None:
    """The engine's referral hook: "kode tutor K7QM4T" typed (or sent from a wa.me link)."""
    found = referral.find_typed(text)
    if found is None:
        return None
    code = found.code if found.code is not None else found.problem
    assert code is not None
    say = await attribute(ctx, code, source="typed")
    if ctx.person.is_new:  # the first message of a new person (a wa.me link): welcome them
        return Go("menu", "main", {"greeting": "welcome"}, say=say)
    return Go(ctx.state.flow, ctx.state.step, dict(ctx.state.data), say=say)


async def attribute(ctx: Context, code: str | CodeProblem, *, source: str) -> list[Reply]:
    if isinstance(code, CodeProblem):
        ctx.emit("referral_refused", code.value)
        return [ctx.reply(PROBLEM_KEYS[code])]
    tutor = await ctx.tx.tutors.tutor_by_code(code)
    event = None if tutor else await ctx.tx.tutors.event_by_code(code)
    if tutor is None and event is None:
        ctx.emit("referral_refused", "unknown")
        return [ctx.reply("ref-code-unknown", code=code)]
    if tutor is not None and not tutor["active"]:
        ctx.emit("referral_refused", "inactive")
        return [ctx.reply("ref-code-inactive", code=code)]
    me = await active_tutor(ctx)
    if me is not None:
        if tutor is not None and tutor["id"] == me["id"]:
            ctx.emit("referral_refused", "self")
            return [ctx.reply("ref-self")]
        ctx.emit("referral_refused", "tutor")
        return [ctx.reply("ref-tutor-not-counted")]
    earlier = await ctx.tx.tutors.referral_of(ctx.person.channel, ctx.person.user)
    if earlier is None and await ctx.tx.tutors.referral_add(
        ctx.person.channel, ctx.person.user,
        tutor_id=tutor["id"] if tutor else None, event_id=event["id"] if event else None,
        source=source, now=ctx.now,
    ):
        ctx.emit("referral", f"{'tutor' if tutor else 'event'}:{code}")
        if event is not None:
            return [ctx.reply("ref-thanks-event", event=event["name"])]
        return [ctx.reply("ref-thanks-tutor", code=code)]
    earlier = earlier or await ctx.tx.tutors.referral_of(ctx.person.channel, ctx.person.user)
    same = earlier is not None and (
        (tutor is not None and earlier["tutor_id"] == tutor["id"])
        or (event is not None and earlier["event_id"] == event["id"])
    )
    ctx.emit("referral_refused", "same" if same else "taken")
    return [ctx.reply("ref-already-same" if same else "ref-already-other")]


# --- completions ------------------------------------------------------------------------------
async def credit_completion(ctx: Context, completion_id: int, data: dict[str, Any]) -> None:
    """Whom a just-recorded completion counts for (see the module docstring)."""
    tutor = await active_tutor(ctx)
    if data.get("assisted") and tutor is not None:
        await ctx.tx.tutors.completion_credit(completion_id, tutor_id=tutor["id"], event_id=None,
                                       assisted=True, own_household=False)
        ctx.emit("completion_assisted", str(tutor["id"]))
        return
    if tutor is not None:
        own = not await ctx.tx.tutors.tutor_has_own_household(tutor["id"])
        await ctx.tx.tutors.completion_credit(completion_id, tutor_id=tutor["id"], event_id=None,
                                       assisted=False, own_household=own)
        return
    earlier = await ctx.tx.tutors.referral_of(ctx.person.channel, ctx.person.user)
    if earlier is not None:
        await ctx.tx.tutors.completion_credit(
            completion_id, tutor_id=earlier["tutor_id"], event_id=earlier["event_id"],
            assisted=False, own_household=False,
        )


async def assisted_check(ctx: Context) -> Go | None:
    """Before an assisted completion goes on: still an active tutor, and under the daily cap.
    None when it may go on; otherwise where to go instead."""
    tutor = await active_tutor(ctx)
    if tutor is None:
        return Go(TUTOR, "not_tutor")
    done = await ctx.tx.tutors.assisted_on(tutor["id"], ctx.today)
    if done >= ctx.config.assisted_per_day:
        ctx.emit("assisted_capped", str(done))
        return Go(TUTOR, "assisted_capped", {"n": done})
    return None

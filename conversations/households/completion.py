""""Saya sudah selesai mengisi": a household reports that it finished, and gets a voucher.

One question per screen: the KK number, how many persons, the kecamatan, the proof, then a
confirmation. The KK digits never reach this module: the runtime replaces every 16-digit run
with a keyed hash before the update is stored, and the engine hands the hash, the mask
("•••• 8901") and the region code to `ctx.redactions` (see conversations/core/redaction.py).

One completion per household (UNIQUE hash); a repeat from the same account shows its voucher
again, from another account says when it was recorded, without the code. An account reports
at most a few households (setting), so made-up numbers cannot drain the souvenir stock.

A tutor's "Saya membantu warga" runs this same flow with `assisted` in the step data: a
household without a phone, the same KK rules, capped per tutor per day instead of per
account, marked assisted; a voucher only if the campaign says so. Whom a completion counts
for (a tutor, an event) is decided by the tutors feature (its `completion_credits` hook)
when it is recorded.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from conversations.core.flow import Context, Flow, Go, Step
from conversations.core.i18n import format_day
from conversations.core.models import Choice, Media, Reply, Screen
from conversations.core.personal_numbers import LENGTH, NumberProblem, Redacted, number_problem
from conversations.households import vouchers

DONE = "done"
PERSONS_MAX = 30
PROOF_MAX_BYTES = 10 * 1024 * 1024
PROOF_TYPES = ("image/", "application/pdf")


def start(ctx: Context, *, assisted: bool = False) -> Go:
    calendar = ctx.calendar
    if not calendar.completions_open:  # the timeline: before the opening, or after the grace
        ctx.emit("completion_refused", calendar.phase.id)
        return Go(DONE, "not_open" if calendar.online == "before" else "closed")
    ctx.emit("completion_start", "assisted" if assisted else None)
    return Go(DONE, "kk", {"assisted": True} if assisted else {})


async def show_not_open(ctx: Context) -> Screen:
    """Before the opening: when it opens, and a reminder for that day."""
    # "rm.opening": the resident feature's reminder on the opening day (a choice id is data;
    # features do not import one another).
    return Screen(text=ctx.t("done-not-open"),
                  nav=[ctx.choice("rm.opening", "remind-opening-button"),
                       ctx.choice("menu", "nav-menu")])


async def show_closed(ctx: Context) -> Screen:
    """After the close and its grace days: thanks, no voucher, and why."""
    return Screen(text=ctx.t("done-closed"), nav=[ctx.choice("menu", "nav-menu")])
async def _assisted_check(ctx: Context) -> Go | None:
    """A tutor's assisted completion may stop (no longer a tutor, the day's cap): the checks
    come from the feature that owns tutors, through the core's hooks."""
    for check in ctx.hooks.assisted_checks:
        if (stop := await check(ctx)) is not None:
            return stop
    return None


def _flags(ctx: Context) -> dict[str, Any]:
    """What the whole flow carries from step to step (a tutor's assisted filling)."""
    return {"assisted": True} if ctx.state.data.get("assisted") else {}


def _cancel(ctx: Context) -> Choice:
    return ctx.choice("menu", "done-cancel")


# --- the KK number ----------------------------------------------------------------------------
async def show_kk(ctx: Context) -> Screen:
    key = "tutor-assisted-ask-kk" if ctx.state.data.get("assisted") else "done-ask-kk"
    return Screen(text=ctx.t(key), nav=[_cancel(ctx)])


async def on_kk_text(ctx: Context, text: str) -> Go | None:
    if ctx.redactions and (wrong := mistyped(ctx, ctx.redactions[-1])) is not None:
        return Go(DONE, "kk", _flags(ctx), say=[wrong])
    if ctx.redactions:
        number = ctx.redactions[-1]
        return Go(DONE, "kk_check", {
            "kk": number.digest, "mask": number.mask, "region": number.region,
            "nik": number.looks_like_nik, **_flags(ctx),
        })
    problem = number_problem(text)
    kind = problem.kind if problem else NumberProblem.NOT_DIGITS
    key = {
        NumberProblem.TOO_SHORT: "done-kk-too-short",
        NumberProblem.TOO_LONG: "done-kk-too-long",
        NumberProblem.SEVERAL: "done-kk-several",
    }.get(kind, "done-kk-not-digits")
    count = problem.digit_count if problem else 0
    return Go(DONE, "kk", _flags(ctx), say=[ctx.reply(key, count=count)])


def mistyped(ctx: Context, number: Redacted) -> Reply | None:
    """A number hidden because it looked like a KK with a digit too few or too many (15 or
    17): the person hears how many digits they typed, as for any other wrong length."""
    if number.digits == LENGTH:
        return None
    key = "done-kk-too-short" if number.digits < LENGTH else "done-kk-too-long"
    return ctx.reply(key, count=number.digits)


async def show_kk_check(ctx: Context) -> Screen:
    data = ctx.state.data
    lines = [ctx.t("done-kk-check", mask=data["mask"])]
    if data.get("nik"):
        lines.append(ctx.t("done-kk-looks-like-nik"))
    return Screen(
        text="\n\n".join(lines),
        nav=[ctx.choice("done.kk_ok", "done-kk-yes"),
             ctx.choice("done.kk_again", "done-kk-retype"), _cancel(ctx)],
    )


async def on_kk_check_choice(ctx: Context, choice_id: str) -> Go | None:
    if choice_id == "done.kk_again":
        return Go(DONE, "kk", _flags(ctx))
    if choice_id != "done.kk_ok":
        return None
    data = dict(ctx.state.data)
    if (repeat := await _already_recorded(ctx, data)) is not None:
        return repeat
    if data.get("assisted"):
        if (stop := await _assisted_check(ctx)) is not None:
            return stop
    elif (reported := await ctx.tx.completions.completions_of(
        ctx.person.channel, ctx.person.user,
    )) >= ctx.config.max_households:
        ctx.emit("completion_capped")
        return Go(DONE, "capped", {"n": reported})
    data["in_region"] = data.get("region") == ctx.campaign.region.code
    return Go(DONE, "persons", data)


async def _already_recorded(ctx: Context, data: dict[str, Any]) -> Go | None:
    existing = await ctx.tx.completions.completion_by_hash(data["kk"])
    if existing is None:
        return None
    mine = (existing["channel"], existing["user_id"]) == (ctx.person.channel, ctx.person.user)
    ctx.emit("completion_repeat", "same_account" if mine else "other_account")
    if mine:
        return Go(DONE, "mine", {"kk": data["kk"]})
    return Go(DONE, "recorded", {"day": existing["day"]})


# --- persons, kecamatan, proof ----------------------------------------------------------------
async def show_persons(ctx: Context) -> Screen:
    return Screen(text=ctx.t("done-ask-persons", max=PERSONS_MAX), nav=[_cancel(ctx)])


async def on_persons_text(ctx: Context, text: str) -> Go | None:
    digits = "".join(ch for ch in text if ch.isdigit())
    words = text.replace(digits, "").strip(" .,-").casefold() if digits else text
    if not digits or (words and words not in ("orang", "org", "jiwa", "anggota")):
        return Go(DONE, "persons", dict(ctx.state.data),
                  say=[ctx.reply("done-persons-not-number", max=PERSONS_MAX)])
    persons = int(digits)
    if not 1 <= persons <= PERSONS_MAX:
        return Go(DONE, "persons", dict(ctx.state.data),
                  say=[ctx.reply("done-persons-range", max=PERSONS_MAX)])
    data = {**ctx.state.data, "persons": persons}
    if not data.get("in_region"):
        return Go(DONE, "proof", data)  # a KK from elsewhere: no kecamatan of ours to pick
    return Go(DONE, "kecamatan", data)


async def show_kecamatan(ctx: Context) -> Screen:
    region = ctx.campaign.region
    items = [Choice(id=f"kec.{k.id}", label=k.name) for k in region.kecamatan]
    known = region.kecamatan_by_id(ctx.person.kecamatan or "")
    if known is not None:  # the one they told us before comes first
        items.sort(key=lambda c: c.id != f"kec.{known.id}")
    key = "tutor-assisted-ask-kecamatan" if ctx.state.data.get("assisted") else (
        "done-ask-kecamatan")
    return Screen(text=ctx.t(key), items=items, nav=[_cancel(ctx)])


async def on_kecamatan_choice(ctx: Context, choice_id: str) -> Go | None:
    kecamatan = ctx.campaign.region.kecamatan_by_id(choice_id.removeprefix("kec."))
    if not choice_id.startswith("kec.") or kecamatan is None:
        return None
    if ctx.person.kecamatan is None and not ctx.state.data.get("assisted"):
        ctx.person.kecamatan = kecamatan.id
    return Go(DONE, "proof", {**ctx.state.data, "kecamatan": kecamatan.id})


async def on_kecamatan_text(ctx: Context, text: str) -> Go | None:
    return Go(DONE, "kecamatan", dict(ctx.state.data), say=[ctx.reply("done-kecamatan-pick")])


async def show_proof(ctx: Context) -> Screen:
    return Screen(
        text=ctx.t("done-ask-proof"),
        nav=[ctx.choice("done.skip_proof", "done-proof-skip"), _cancel(ctx)],
    )


async def on_proof_media(ctx: Context, media: Media) -> Go | None:
    data = dict(ctx.state.data)
    is_file = media.kind == "photo" or (
        media.kind == "document" and (media.mime_type or "").startswith(PROOF_TYPES)
    )
    if not is_file:
        return Go(DONE, "proof", data, say=[ctx.reply("done-proof-wrong-kind")])
    if media.size is not None and media.size > PROOF_MAX_BYTES:
        return Go(DONE, "proof", data, say=[ctx.reply("done-proof-too-big", mb=10)])
    data.update(proof_kind=media.kind, proof_file=media.file_id)
    return Go(DONE, "confirm", data, say=[ctx.reply("done-proof-received")])


async def on_proof_choice(ctx: Context, choice_id: str) -> Go | None:
    if choice_id != "done.skip_proof":
        return None
    data = {**ctx.state.data, "proof_kind": None, "proof_file": None}
    return Go(DONE, "confirm", data, say=[ctx.reply("done-proof-skipped")])


async def on_proof_text(ctx: Context, text: str) -> Go | None:
    return Go(DONE, "proof", dict(ctx.state.data), say=[ctx.reply("done-proof-wrong-kind")])


# --- confirm and save -------------------------------------------------------------------------
async def show_confirm(ctx: Context) -> Screen:
    data = ctx.state.data
    kecamatan = ctx.campaign.region.kecamatan_by_id(data.get("kecamatan") or "")
    where = kecamatan.name if kecamatan else ctx.t("done-outside-region")
    text = ctx.t(
        "done-confirm", mask=data["mask"], persons=data["persons"], kecamatan=where,
        proof=ctx.t("done-proof-yes" if data.get("proof_kind") else "done-proof-no"),
    )
    if data.get("assisted"):
        text = f"{ctx.t('tutor-assisted-confirm')}\n{text}"
    return Screen(
        text=text,
        nav=[ctx.choice("done.save", "done-save"), ctx.choice("done.restart", "done-restart"),
             _cancel(ctx)],
    )


async def on_confirm_choice(ctx: Context, choice_id: str) -> Go | None:
    if choice_id == "done.restart":
        return Go(DONE, "kk", _flags(ctx))
    if choice_id != "done.save":
        return None
    data = dict(ctx.state.data)
    assisted = bool(data.get("assisted"))
    if not ctx.calendar.completions_open:  # begun in time, saved after the grace days
        return Go(DONE, "closed")
    if assisted and (stop := await _assisted_check(ctx)) is not None:
        return stop  # the day's cap was reached meanwhile (another account of the tutor)
    completion_id = await ctx.tx.completions.completion_add(
        kk_hash=data["kk"], kk_mask=data["mask"], in_region=bool(data.get("in_region")),
        persons=int(data["persons"]), kecamatan=data.get("kecamatan"),
        channel=ctx.person.channel, user_id=ctx.person.user,
        proof_kind=data.get("proof_kind"), proof_file_id=data.get("proof_file"),
        day=ctx.today, now=ctx.now,
    )
    if completion_id is None:  # recorded a moment ago (another account, or a double tap)
        return await _already_recorded(ctx, data) or Go(DONE, "kk")
    ctx.emit("completion", data.get("kecamatan"))
    for credit in ctx.hooks.completion_credits:  # whom it counts for (the tutors feature)
        await credit(ctx, completion_id, data)
    if assisted and not ctx.campaign.tutors.assisted_gets_voucher:
        return Go(DONE, "saved", {"kk": data["kk"], "outcome": "assisted", **_flags(ctx)})
    if not assisted:
        for hook in ctx.hooks.own_completion:  # (the tutorial counts as done)
            hook(ctx)
    outcome = await vouchers.issue(ctx, completion_id, in_region=bool(data.get("in_region")))
    return Go(DONE, "saved", {"kk": data["kk"], "outcome": outcome, **_flags(ctx)})


async def show_saved(ctx: Context) -> Screen:
    outcome = ctx.state.data.get("outcome")
    assisted = bool(ctx.state.data.get("assisted"))
    before: list[Reply] = [ctx.reply("tutor-assisted-saved" if assisted else "done-saved")]
    if outcome == "assisted":
        before.append(ctx.reply("tutor-assisted-no-voucher"))
    elif outcome == "outside_region":
        before.append(ctx.reply("done-no-voucher-outside"))
    elif outcome == "out_of_stock":
        before.append(ctx.reply("done-no-voucher-stock"))
    elif outcome == "window_over":
        before.append(ctx.reply("done-no-voucher-window"))
    else:
        existing = await ctx.tx.completions.completion_by_hash(ctx.state.data["kk"])
        if existing and existing["voucher_code"]:
            if assisted:
                before.append(ctx.reply("tutor-assisted-voucher"))
            before.append(vouchers.voucher_reply(ctx, existing))
    if assisted:  # the tutor may go on with the next household
        nav = [ctx.choice("tu.assist", "tutor-assist-next"),
               ctx.choice("tu.home", "tutor-home-button")]
        return Screen(before=before, text=ctx.t("done-after"), nav=nav)
    return Screen(before=before, text=ctx.t("done-after"), nav=[ctx.choice("menu", "nav-menu")])


# --- repeats and limits -----------------------------------------------------------------------
async def show_mine(ctx: Context) -> Screen:
    existing = await ctx.tx.completions.completion_by_hash(ctx.state.data["kk"])
    before: list[Reply] = [ctx.reply("done-already-mine")]
    if existing and existing["voucher_code"]:
        before.append(vouchers.voucher_reply(ctx, existing))
    else:
        before.append(ctx.reply("done-already-mine-no-voucher"))
    return Screen(before=before, text=ctx.t("done-after"), nav=[ctx.choice("menu", "nav-menu")])


async def show_recorded(ctx: Context) -> Screen:
    day = format_day(date.fromisoformat(ctx.state.data["day"]), ctx.person.lang)
    # Reported from another account: usually someone of the family. If not, whom to tell
    # (the contacts); "belum lapor selesai" broadcasts leave this person out (bot/store/bulk.py).
    contacts = "\n".join(f"• {h.label}" + (f": {h.value}" if h.value else "")
                         for h in ctx.campaign.help_channels)
    text = "\n".join([ctx.t("done-already-other", day=day),
                      ctx.t("done-already-other-next", channels=contacts)])
    return Screen(text=text, nav=[ctx.choice("menu", "nav-menu")])


async def show_capped(ctx: Context) -> Screen:
    return Screen(
        text=ctx.t("done-capped", n=ctx.state.data.get("n", 0)),
        nav=[ctx.choice("menu", "nav-menu")],
    )


FLOW = Flow(
    DONE,
    {
        "kk": Step(show_kk, on_text=on_kk_text, text_first=True),
        "kk_check": Step(show_kk_check, on_choice=on_kk_check_choice),
        "persons": Step(show_persons, on_text=on_persons_text, text_first=True,
                        takes_number=lambda n: True),  # "1" is one person, not "1. Batal"
        "kecamatan": Step(show_kecamatan, on_choice=on_kecamatan_choice,
                          on_text=on_kecamatan_text),
        "proof": Step(show_proof, on_choice=on_proof_choice, on_text=on_proof_text,
                      on_media=on_proof_media),
        "confirm": Step(show_confirm, on_choice=on_confirm_choice),
        "saved": Step(show_saved),
        "mine": Step(show_mine),
        "recorded": Step(show_recorded),
        "capped": Step(show_capped),
        "not_open": Step(show_not_open),
        "closed": Step(show_closed),
    },
)

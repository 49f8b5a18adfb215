"""The statistics' counters (migration 0020) agree with a recount from the raw rows after a
realistic mixed workload: residents going through the tutorial in the chat, changing their
kecamatan, completions (own, assisted and credited to a tutor), vouchers redeemed, referrals
(one undone by the resident becoming a tutor), opt-outs, a blocked bot, a visit request and
/hapus_data. Runs on both stores (`--backend postgres`: the trigger functions' twin).
`tutor-sensus stats --recount` finds a counter that went wrong and rebuilds it."""

from __future__ import annotations

import io

import seed
from conftest import Chat, RecordingConsole

from bot.admin_cli import recount
from bot.app import App
from bot.settings import Settings
from conversations.core.campaign import load_campaign
from conversations.reporting import stats

CAMPAIGN = load_campaign()


async def workload(app: App, console: RecordingConsole) -> None:
    now = app.clock.now()
    # Residents in the chat: one skips the kecamatan and goes two steps, one names Blado
    # and goes on, one restarts from the beginning.
    ani = Chat(app, console, user="ani")
    await ani.send("/start")
    await ani.press("Mulai panduan")
    await ani.press("Lewati")
    await ani.press("Lanjut")
    budi = Chat(app, console, user="budi")
    await budi.send("/start")
    await budi.press("Mulai panduan")
    await budi.send("blado")
    for _ in range(3):
        await budi.press("Lanjut")
    await budi.send("/menu")
    await budi.press("Ulangi panduan")
    # Seeded people (as the flows write them), in several kecamatan and channels.
    await seed.person(app, "c", kecamatan="batang", step=4, done=True)
    await seed.person(app, "d", step=8, channel="telegram")
    await seed.person(app, "e", kecamatan="blado", step=1, channel="whatsapp")
    await seed.person(app, "f")  # wrote, never started
    tutor_id = await seed.tutor(app, "t1", nip="198001012005011001", name="Siti Aminah")
    async with app.store.transaction() as tx:
        # a kecamatan chosen again (the last one counts), another given in a completion
        await tx.add_event("console", "c", "kecamatan", now, "bandar")
        await tx.save_person("console", "f", lang="id", kecamatan="reban", state={}, now=now)
        await tx.add_event("console", "f", "tutorial_start", now)
        # referrals: e by the tutor; "g" referred before ever starting, then linked as one
        # of the tutor's own accounts (the referral goes); "t2" referred, then a tutor
        for user, channel in (("e", "whatsapp"), ("g", "console"), ("t2", "console")):
            await tx.tutors.referral_add(channel, user, tutor_id=tutor_id, event_id=None,
                                         source="link", now=now)
        event_id = await tx.tutors.event_add("Car free day", "CFD2020", now)
        await tx.tutors.referral_add("telegram", "d", tutor_id=None, event_id=event_id,
                                     source="typed", now=now)
        await tx.add_event("console", "t2", "tutorial_start", now)
    t2 = await seed.tutor(app, "t2", nip="198001012005011002", name="Budi", code="X7QM4T")
    assert t2
    async with app.store.transaction() as tx:
        assert await tx.tutors.tutor_link(tutor_id, "console", "g", now)
    # completions: own ones (one credited to the event), an assisted one credited later
    c_id = await seed.completion(app, "c", kecamatan="bandar", persons=4, voucher="AAAA-BBBB-1")
    await seed.completion(app, "d", channel="telegram", kecamatan=None, persons=2,
                          day="2020-03-01")
    assisted = await seed.completion(app, "t1", kecamatan="blado", persons=3)
    await seed.completion(app, "z", kecamatan=None, persons=6, in_region=False,
                          voucher="AAAA-BBBB-2")
    async with app.store.transaction() as tx:
        await tx.tutors.completion_credit(assisted, tutor_id=tutor_id, event_id=None,
                                          assisted=True, own_household=False)
        await tx.tutors.completion_credit(c_id, tutor_id=None, event_id=event_id,
                                          assisted=False, own_household=False)
        assert await tx.completions.voucher_redeem("AAAA-BBBB-1", "staff", now)
        await tx.completions.visit_add("console", "f", kecamatan="reban", desa="Kalisari",
                                       rt_rw="1/2", contact="0812", now=now)
        await tx.bulk.opt_out("whatsapp", "e", now)
        await tx.bulk.opt_out("console", "ani", now)
        await tx.bulk.opt_in("console", "ani")
    await app.store.mark_blocked("telegram", "d", now)
    # /hapus_data for someone who started, chose a kecamatan, completed and was referred
    await seed.person(app, "h", kecamatan="tersono", step=2)
    await seed.completion(app, "h", kecamatan="tersono", persons=5)
    async with app.store.transaction() as tx:
        await tx.tutors.referral_add("console", "h", tutor_id=tutor_id, event_id=None,
                                     source="typed", now=now)
    async with app.store.transaction() as tx:
        await tx.personal.forget_person("console", "h")


async def test_the_counters_agree_with_a_recount_after_a_mixed_workload(
    app: App, console: RecordingConsole
) -> None:
    await workload(app, console)
    async with app.store.transaction() as tx:
        kept = await stats.gather(tx, CAMPAIGN, app.clock.today())
        tutors = await tx.tutors.tutor_figures()
        events = await tx.tutors.event_figures()
    compact = getattr(app.store, "compact_tallies", None)
    if compact is not None:  # PostgreSQL: append-only tallies, folded every minute
        assert await compact() > 0
        async with app.store.transaction() as tx:
            assert await stats.gather(tx, CAMPAIGN, app.clock.today()) == kept
        assert await compact() == 0  # one row per key already
    async with app.store.transaction() as tx:
        assert await tx.stats.recount() == []
    async with app.store.transaction() as tx:
        recounted = await stats.gather(tx, CAMPAIGN, app.clock.today())
        assert await tx.tutors.tutor_figures() == tutors
        assert await tx.tutors.event_figures() == events
    assert recounted == kept
    # ...and the counters say what happened.
    funnel = kept.funnel
    assert funnel["started"] == 8  # ani, budi, c, d, e, f, t2, h (pseudonymous now)
    assert funnel["tutorial_done"] == 1  # c
    by_name = {r.name: r for r in kept.kecamatan}
    assert by_name["Blado"].started == 2  # budi (typed), e
    assert by_name["Bandar"].started == 1  # c chose Bandar after Batang
    assert by_name["Batang"].started == 0
    assert by_name["Reban"].started == 1  # f: the profile's kecamatan
    assert by_name["Tersono"].started == 1  # h's events stay, under a pseudonym
    assert kept.unknown.started == 3  # ani (skipped), d, t2
    assert by_name["Bandar"].households == 1 and by_name["Blado"].assisted == 1
    assert kept.outside.households == 1 and kept.outside.persons == 6
    assert kept.vouchers == {"issued": 2, "redeemed": 1}
    assert kept.visits == 1
    assert kept.channels["whatsapp"]["opted_out"] == 1
    assert kept.channels["console"].get("opted_out", 0) == 0  # ani opted back in
    assert kept.channels["telegram"]["blocked"] == 1
    assert kept.channels["console"]["people"] == 4  # ani, budi, c, f (h's row deleted)
    siti = next(t for t in tutors if t["name"] == "Siti Aminah")
    assert (siti["reached"], siti["started"], siti["assisted"], siti["assisted_persons"]) == (
        3, 3, 1, 3)  # e, t2 and h's pseudonym (g is her own account now), all started
    assert events[0]["reached"] == 1 and events[0]["households"] == 1


async def test_stats_recount_finds_a_wrong_counter_and_rebuilds_it(
    app: App, console: RecordingConsole, settings: Settings
) -> None:
    await workload(app, console)
    out = io.StringIO()
    assert await recount(settings, stdout=out) == 0
    assert "agreed" in out.getvalue()
    async with app.store.transaction() as tx:  # a counter gone wrong (a bug, a hand edit)
        await tx._write("UPDATE tally_totals SET n = n + 5 WHERE name = 'visits'")
        await tx._write("DELETE FROM tally_funnel WHERE done = 1")
    out = io.StringIO()
    assert await recount(settings, stdout=out) == 1
    said = out.getvalue()
    assert "tally_totals ('visits', '')" in said and "kept (6,), recounted (1,)" in said
    assert "tally_funnel" in said and "differed" in said
    out = io.StringIO()
    assert await recount(settings, stdout=out) == 0  # rebuilt
    async with app.store.transaction() as tx:
        figures = await stats.gather(tx, CAMPAIGN, app.clock.today())
    assert figures.visits == 1 and figures.funnel["tutorial_done"] == 1

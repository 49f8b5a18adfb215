"""Bursts of identical log lines become one summary line (bot/logs.py)."""

from __future__ import annotations

import io
import logging

from bot.logs import BurstFilter


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def logger_with_burst_filter() -> tuple[logging.Logger, io.StringIO, Clock, BurstFilter]:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    clock = Clock()
    burst = BurstFilter(handler, window=60, allow=3, clock=clock)
    handler.addFilter(burst)
    log = logging.getLogger(f"test-burst-{id(out)}")
    log.propagate = False
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)
    return log, out, clock, burst


def test_a_burst_of_identical_warnings_is_summarised_after_its_minute() -> None:
    log, out, clock, _ = logger_with_burst_filter()
    for n in range(1000):
        clock.now = n * 0.05
        log.warning("update telegram/%s rejected: %s", n, "not JSON")
    log.error("something else")  # another kind passes at once
    lines = out.getvalue().splitlines()
    assert lines[:3] == [f"WARNING update telegram/{n} rejected: not JSON" for n in range(3)]
    assert lines[3] == "ERROR something else"
    assert len(lines) == 4
    clock.now = 61.0
    log.info("tick")  # any record (or `tick()`) writes the summary of a burst that is over
    lines = out.getvalue().splitlines()
    assert lines[4] == ("WARNING update telegram/999 rejected: not JSON … and 997 more like it"
                        " in the last minute")
    assert lines[5] == "INFO tick"


def test_info_passes_and_flush_reports_what_is_held() -> None:
    log, out, _, burst = logger_with_burst_filter()
    for _ in range(10):
        log.info("handled")
        log.warning("slow client dropped")
    burst.flush()
    lines = out.getvalue().splitlines()
    assert lines.count("INFO handled") == 10
    assert lines.count("WARNING slow client dropped") == 3
    assert lines[-1] == "WARNING slow client dropped … and 7 more like it in the last 0 s"

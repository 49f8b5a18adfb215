"""Admins: statistics, exports and the audit log (reports), broadcasts, and the link to the
web dashboard (/dasbor, also for staff)."""

from __future__ import annotations

from conversations.admin import broadcast, dashboard, reports
from conversations.core.feature import Command, Feature, Prefix
from conversations.core.roles import Role

FEATURE = Feature(
    name="admin",
    stores=frozenset({"bulk", "personal", "stats", "tutors", "web"}),
    flows=(reports.FLOW, broadcast.FLOW),
    commands={
        "statistik": Command(reports.cmd_stats, Role.ADMIN),
        "ekspor": Command(reports.cmd_export, Role.ADMIN),
        "audit": Command(reports.cmd_audit, Role.ADMIN),
        "siaran": Command(broadcast.cmd_broadcast, Role.ADMIN),
        # a one-time link to the web dashboard (bot/web/); staff get their pages there too
        "dasbor": Command(dashboard.cmd_dashboard, Role.STAFF),
        "dashboard": Command(dashboard.cmd_dashboard, Role.STAFF),
    },
    prefixes=(
        Prefix("ad.", Role.ADMIN),
        # bc.: a broadcast's progress message (pause, cancel), not a screen of this person
        Prefix("bc.", Role.ADMIN, broadcast.on_control, versioned=False),
    ),
    reports=reports.REPORTS,
)

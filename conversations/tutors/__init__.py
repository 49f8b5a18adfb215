"""ASN tutors: registration, their referral links and posters, the assisted completions they
record, their statistics, and the admins' tutor and event commands."""

from __future__ import annotations

from conversations.core.feature import Command, Feature, Prefix
from conversations.core.roles import Role
from conversations.tutors import attribution, registration, tutor, tutor_admin

FEATURE = Feature(
    name="tutors",
    stores=frozenset({"tutors"}),
    flows=(tutor.FLOW, tutor_admin.FLOW),
    commands={
        "tutor": Command(tutor.cmd_tutor),
        "statistik_saya": Command(tutor.cmd_stats),
        "tutor_daftar": Command(tutor_admin.cmd_list, Role.ADMIN),
        "tutor_cabut": Command(tutor_admin.cmd_revoke, Role.ADMIN, keeps_nip=True),
        "tutor_kode": Command(tutor_admin.cmd_code, Role.ADMIN),
        "acara_baru": Command(tutor_admin.cmd_event_new, Role.ADMIN),
        "acara": Command(tutor_admin.cmd_event, Role.ADMIN),
        "acara_daftar": Command(tutor_admin.cmd_event_list, Role.ADMIN),
    },
    choices=dict.fromkeys(tutor.GLOBAL_CHOICES, tutor.on_global_choice),
    prefixes=(Prefix("ta.", Role.ADMIN),),
    start_hooks=(attribution.on_start_payload,),
    referral_hooks=(attribution.on_typed, registration.on_typed_code),
    assisted_checks=(attribution.assisted_check,),
    completion_credits=(attribution.credit_completion,),
)

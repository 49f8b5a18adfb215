"""Every real WhatsApp webhook sample (pywa's, copied to tests/data/whatsapp) read as `Incoming`.

The samples are whole webhook bodies as Meta sends them. Each is split the way `accept` splits
it, and each message is parsed the way the processor parses an inbox row.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.channels.whatsapp import WhatsAppChannel, normalise_wa_id, split_webhook

# Real webhook bodies from pywa's test data (MIT, see tests/data/whatsapp/LICENSE-pywa).
FIXTURES = Path(__file__).resolve().parent / "data" / "whatsapp"
USER = "972987654321"

# (file, case) -> what the bot reads: None (nothing to answer), or the Incoming's fields.
EXPECTED: dict[tuple[str, str], dict[str, Any] | None] = {
    ("message", "text"): {"text": "Body Text"},
    ("message", "image"): {"media": ("photo", "65463453")},
    ("message", "media_with_url"): {"media": ("photo", "65463453")},
    ("message", "video"): {"text": "caption", "media": ("video", "765756756")},
    ("message", "document"): {
        "text": "caption", "media": ("document", "1234567890987654321"),
        "file_name": "filename.pdf", "mime_type": "application/pdf",
    },
    ("message", "audio"): {"media": ("audio", "1234567890987654321")},
    ("message", "voice"): {"media": ("voice", "1234567890987654321")},
    ("message", "static_sticker"): {"media": ("sticker", "1234567890987654321")},
    ("message", "animated_sticker"): {"media": ("sticker", "1234567890987654321")},
    ("message", "reaction"): {"media": ("other", None)},
    ("message", "unreaction_empty"): None,  # a reaction taken back
    ("message", "unreaction_no_emoji"): None,
    ("message", "current_location"): {"media": ("location", None)},
    ("message", "chosen_location"): {"media": ("location", None)},
    ("message", "contacts"): {"media": ("other", None)},
    ("message", "order"): {"media": ("other", None)},
    ("message", "unsupported"): {"media": ("other", None)},
    ("message", "unsupported_with_type"): {"media": ("other", None)},
    ("message", "reply"): {"text": "replied text"},
    ("message", "forwarded"): {"text": "forwarded text"},
    ("message", "forwarded_many_times"): {"text": "text forwarded many times"},
    ("message", "interactive_message_with_err"): {"media": ("other", None)},
    ("message", "referral"): {"text": "BODY", "referral": "ADID"},
    ("callback_button", "button"): {"choice": "callback_data"},
    ("callback_button", "quick_reply"): {"choice": "callback_data"},
    ("callback_button", "quick_reply_without_context"): {"choice": "callback_data"},
    ("callback_selection", "callback"): {"choice": "callback_data"},
    ("callback_selection", "description"): {"choice": "callback_data"},
    ("system", "phone_number_change"): None,
    ("system", "identity_change"): None,
    ("edited_message", "image"): None,  # an edit of an earlier message
    ("deleted_message", "revoke"): None,
}
STATUSES = {
    "sent": ("sent", None), "delivered": ("delivered", None), "read": ("read", None),
    "played": ("played", None), "failed": ("failed", 130472), "with_tracker": ("sent", None),
    "group": ("read", None),
}
NOT_MESSAGES = {  # no message and no status: ignored by this issue (templates, broadcasts)
    ("template_status_update", "approved"), ("template_status_update", "rejected"),
    ("user_marketing_preferences", "resume"), ("user_marketing_preferences", "signup"),
}


def fixture(name: str) -> dict[str, Any]:
    return dict(json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def channel() -> WhatsAppChannel:
    # Parsing makes no Graph API call: the address is never used here.
    return WhatsAppChannel("token", "1122334455667", app_secret="app-secret",
                           verify_token="verify", api_base_url="http://127.0.0.1:9/v26.0")


def test_every_sample_is_covered() -> None:
    names = {p.stem for p in FIXTURES.glob("*.json")}
    assert names, f"the WhatsApp samples are missing ({FIXTURES})"
    cases = {(name, case) for name in names for case in fixture(name)}
    known = set(EXPECTED) | {("message_status", c) for c in STATUSES} | NOT_MESSAGES
    assert cases == known


@pytest.mark.parametrize(("name", "case"), sorted(EXPECTED))
def test_message_sample(channel: WhatsAppChannel, name: str, case: str) -> None:
    body = fixture(name)[case]
    batch = split_webhook(body, None)  # the samples use several phone number ids
    assert len(batch.updates) == 1 and not batch.statuses
    update_id, one = batch.updates[0]
    message = body["entry"][0]["changes"][0]["value"]["messages"][0]
    assert update_id == message["id"]  # the inbox key: the wamid
    incoming = channel.parse(json.loads(json.dumps(one)))  # as stored in the inbox
    expected = EXPECTED[(name, case)]
    if expected is None:
        assert incoming is None
        return
    assert incoming is not None
    assert incoming.channel == "whatsapp"
    assert incoming.user == normalise_wa_id(message["from"]) == USER
    assert incoming.update_id == message["id"]
    assert incoming.chat_type == "private"
    assert incoming.text == expected.get("text")
    assert incoming.choice == expected.get("choice")
    assert incoming.referral == expected.get("referral")
    assert incoming.received_at is not None
    profile = one["entry"][0]["changes"][0]["value"].get("contacts", [{}])[0].get("profile", {})
    assert incoming.sender_name == profile.get("name")  # for staff by name (the audit log)
    if "media" in expected:
        kind, file_id = expected["media"]
        assert incoming.media is not None
        assert (incoming.media.kind, incoming.media.file_id) == (kind, file_id)
        if "file_name" in expected:
            assert incoming.media.file_name == expected["file_name"]
            assert incoming.media.mime_type == expected["mime_type"]
    else:
        assert incoming.media is None
    assert USER in batch.senders or name == "system"  # the 24-hour window starts again


@pytest.mark.parametrize("case", sorted(STATUSES))
def test_status_sample(channel: WhatsAppChannel, case: str) -> None:
    body = fixture("message_status")[case]
    batch = split_webhook(body, None)
    assert batch.updates == [] and batch.senders == set()  # statuses never reach the engine
    [status] = batch.statuses
    item = body["entry"][0]["changes"][0]["value"]["statuses"][0]
    assert (status.status, status.error_code) == STATUSES[case]
    assert status.wamid == item["id"]
    assert status.recipient == normalise_wa_id(item["recipient_id"])


@pytest.mark.parametrize(("name", "case"), sorted(NOT_MESSAGES))
def test_other_webhooks_are_not_messages(name: str, case: str) -> None:
    batch = split_webhook(fixture(name)[case], None)
    assert (batch.updates, batch.statuses) == ([], [])
    assert batch.ignored


def test_a_batched_body_becomes_one_update_per_message(channel: WhatsAppChannel) -> None:
    first = fixture("message")["text"]
    body = json.loads(json.dumps(first))
    value = body["entry"][0]["changes"][0]["value"]
    value["contacts"].append({"profile": {"name": "Budi"}, "wa_id": "6281234567890",
                              "user_id": "ID.55"})
    value["messages"].append({"from": "6281234567890", "id": "wamid.second",
                              "timestamp": "1697043300", "type": "text",
                              "text": {"body": "halo"}})
    value["statuses"] = [{"id": "wamid.out", "status": "read", "timestamp": "1697043300",
                          "recipient_id": "6281234567890"}]
    batch = split_webhook(body, "1122334455667")
    assert [update_id for update_id, _ in batch.updates] == ["wamid.xyzxyz", "wamid.second"]
    people = [channel.parse(one) for _, one in batch.updates]
    assert [(p.user, p.text) for p in people if p] == [(USER, "Body Text"),
                                                      ("6281234567890", "halo")]
    assert batch.senders == {USER, "6281234567890"}
    assert [s.status for s in batch.statuses] == ["read"]
    assert split_webhook(body, "999").updates == []  # another number of the same app


def test_lean_status_contacts_are_read() -> None:
    """The status of an undeliverable message names only a wa_id (pywa 4.5 raises there)."""
    body = fixture("message_status")["failed"]
    value = json.loads(json.dumps(body))["entry"][0]["changes"][0]["value"]
    value["contacts"] = [{"wa_id": USER}]
    value["statuses"][0]["errors"][0]["code"] = 131026
    batch = split_webhook({"entry": [{"id": "1", "changes": [
        {"field": "messages", "value": value}]}]}, None)
    assert [(s.status, s.error_code, s.recipient) for s in batch.statuses] == [
        ("failed", 131026, USER)
    ]


def test_a_message_pywa_cannot_read_is_answered_as_unsupported(
    channel: WhatsAppChannel,
) -> None:
    body = json.loads(json.dumps(fixture("message")["text"]))
    value = body["entry"][0]["changes"][0]["value"]
    value["contacts"] = [{"wa_id": USER}]  # no user_id: pywa's User needs one
    [(_, one)] = split_webhook(body, None).updates
    incoming = channel.parse(one)
    assert incoming is not None and incoming.user == USER
    assert incoming.media is not None and incoming.media.kind == "other"


def test_welcome_request_and_calls(channel: WhatsAppChannel) -> None:
    body = json.loads(json.dumps(fixture("message")["text"]))
    message = body["entry"][0]["changes"][0]["value"]["messages"][0]
    message.pop("text")
    message["type"] = "request_welcome"  # the person opened the chat for the first time
    [(_, one)] = split_webhook(body, None).updates
    incoming = channel.parse(one)
    assert incoming is not None and incoming.text == "/start"

    call = {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{
        "field": "calls", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "6281120002020",
                         "phone_number_id": "1122334455667"},
            "contacts": [{"profile": {"name": "Siti"}, "wa_id": USER, "user_id": "ID.1"}],
            "calls": [{"id": "wacid.ABGG1", "from": USER, "to": "6281120002020",
                       "event": "connect", "direction": "USER_INITIATED",
                       "timestamp": "1697043300"}],
        }}]}]}
    batch = split_webhook(call, "1122334455667")
    [(update_id, one)] = batch.updates
    incoming = channel.parse(one)
    assert update_id == "wacid.ABGG1" and batch.senders == {USER}
    assert incoming is not None and incoming.media is not None
    assert incoming.media.kind == "other"  # "I cannot take calls here: please type"


def test_ids_are_normalised() -> None:
    assert normalise_wa_id("+62 812-3456-7890") == "6281234567890"
    assert normalise_wa_id("6281234567890") == "6281234567890"
    assert normalise_wa_id("ID.13491208655302741918") == "ID.13491208655302741918"

"""WhatsApp's webhook bodies read without trusting them: `split_webhook` cuts a body into one
update per message (and per call), the senders whose 24-hour window starts again and the
delivery statuses; what has the wrong shape is listed, never raised. Used by
`WhatsAppChannel.accept` (bot/channels/whatsapp.py), like `_media_of` by its `parse`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pywa_async.types import Message, MessageType

from bot.store.whatsapp import DeliveryStatus
from conversations.core.models import Media, MediaKind

# Webhook message types that need no answer: an edit or deletion of an earlier message, a
# system notice (number changed).
IGNORED_TYPES = frozenset({"edit", "revoke", "system"})


PHONE = re.compile(r"^\+?[\d\s().-]+$")


def normalise_wa_id(value: str) -> str:
    """'+62 812-3456-7890' -> '6281234567890' (E.164 digits, no "+").

    Anything else (a BSUID such as 'ID.123…' where a person hides their number, a group id)
    is kept as it is.
    """
    value = value.strip()
    return re.sub(r"\D", "", value) if PHONE.match(value) else value


def _when(timestamp: object) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(str(timestamp)), UTC)
    except (TypeError, ValueError, OverflowError, OSError):  # OSError: a year out of range
        return None


# --- incoming: split a webhook body ------------------------------------------------------------
@dataclass
class WebhookBatch:
    """What one webhook body holds, for `accept`."""

    updates: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (id, one-item body)
    senders: set[str] = field(default_factory=set)  # whose 24-hour window starts again
    statuses: list[DeliveryStatus] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # webhook fields not handled (logged)
    rejected: list[str] = field(default_factory=list)  # parts of the wrong shape (recorded)


def _sender(item: Mapping[str, Any], contacts: list[Mapping[str, Any]]) -> str | None:
    """The person's id: the phone number (digits), or the BSUID where the number is hidden."""
    if item.get("from"):
        return normalise_wa_id(str(item["from"]))
    for contact in contacts:
        if contact.get("wa_id"):
            return normalise_wa_id(str(contact["wa_id"]))
    bsuid = item.get("from_user_id") or next(
        (c.get("user_id") for c in contacts if c.get("user_id")), None
    )
    return str(bsuid) if bsuid else None


def _profile_name(contacts: list[Mapping[str, Any]]) -> str | None:
    """The name the person set in WhatsApp (the contact's profile), if the body carries it:
    kept for staff and admins only (the audit log says who by name)."""
    for contact in contacts:
        name = (contact.get("profile") or {}).get("name")
        if name:
            return str(name)
    return None


def _contact_for(item: Mapping[str, Any], contacts: list[Mapping[str, Any]]) -> list[Any]:
    """The contact entry that belongs to this message (a body may batch several people)."""
    sender = item.get("from")
    for contact in contacts:
        if sender and sender in (contact.get("wa_id"), contact.get("user_id")):
            return [contact]
    return contacts[:1]


def _one_item_body(
    body: Mapping[str, Any], entry: Mapping[str, Any], field_name: str,
    value: Mapping[str, Any], key: str, item: Mapping[str, Any],
) -> dict[str, Any]:
    """A webhook body as Meta would send it for this one message (what pywa's types read)."""
    one: dict[str, Any] = {k: v for k, v in value.items() if k not in ("messages", "statuses",
                                                                      "calls", "contacts")}
    one["contacts"] = _contact_for(item, list(value.get("contacts") or []))
    one[key] = [item]
    return {
        "object": body.get("object", "whatsapp_business_account"),
        "entry": [{"id": entry.get("id"), "changes": [{"field": field_name, "value": one}]}],
    }


def _status(item: Mapping[str, Any]) -> DeliveryStatus | None:
    # Read from the documented fields, not pywa's MessageStatus: the contact on the status of
    # an undeliverable message carries only a wa_id, where pywa 4.5 expects a user_id too
    # (KeyError; david-lev/pywa#227).
    at = _when(item.get("timestamp"))
    if not item.get("id") or not item.get("status") or at is None:
        return None
    errors = item.get("errors") or [{}]
    code = errors[0].get("code")
    return DeliveryStatus(
        wamid=str(item["id"]),
        status=str(item["status"]),
        recipient=normalise_wa_id(str(item.get("recipient_id", ""))),
        at=at,
        error_code=int(code) if code is not None else None,
        error_title=str(title)[:200] if (title := errors[0].get("title")) is not None else None,
    )


def split_webhook(body: Mapping[str, Any], phone_number_id: str | None) -> WebhookBatch:
    """One inbox update per message (and per call), statuses and senders apart.

    Meta may batch several entries, changes and messages in one body; pywa's update types
    read only the first of each, so every message gets a body of its own. Changes for another
    phone number of the same app are left out. A part of the wrong shape (an entry that is
    not an object, a status without a valid error code...) is listed in `rejected` and the
    rest of the body is still taken.
    """
    batch = WebhookBatch()
    for entry in _items(body, "entry", batch):
        for change in _items(entry, "changes", batch):
            _read_change(body, entry, change, phone_number_id, batch)
    return batch


_READ_ERRORS = (AttributeError, KeyError, TypeError, ValueError, IndexError, OverflowError)


def _items(parent: Any, key: str, batch: WebhookBatch) -> list[Any]:
    """parent[key] when it is a list of objects; what is not, is listed as rejected."""
    value = parent.get(key) if isinstance(parent, Mapping) else None
    if value is None:
        return []
    if not isinstance(value, list):
        batch.rejected.append(f"{key} is not a list")
        return []
    good = [item for item in value if isinstance(item, Mapping)]
    if len(good) != len(value):
        batch.rejected.append(f"{key}: {len(value) - len(good)} item(s) not an object")
    return good


def _read_change(
    body: Mapping[str, Any], entry: Mapping[str, Any], change: Mapping[str, Any],
    phone_number_id: str | None, batch: WebhookBatch,
) -> None:
    field_name = change.get("field")
    value = change.get("value") or {}
    if not isinstance(value, Mapping):
        batch.rejected.append(f"{field_name}: value is not an object")
        return
    metadata = value.get("metadata")
    number = metadata.get("phone_number_id") if isinstance(metadata, Mapping) else None
    if phone_number_id and number and str(number) != phone_number_id:
        batch.ignored.append(f"{field_name} for phone number id {number}")
        return
    contacts = _items(value, "contacts", batch)
    if field_name == "messages":
        for message in _items(value, "messages", batch):
            try:
                if not message.get("id") or not isinstance(message["id"], str | int):
                    continue
                one = _one_item_body(body, entry, field_name, value, "messages", message)
                who = _sender(message, contacts)
            except _READ_ERRORS as exc:
                batch.rejected.append(f"message: {type(exc).__name__}")
                continue
            batch.updates.append((str(message["id"]), one))
            if who and message.get("type") != "system":
                batch.senders.add(who)
        for item in _items(value, "statuses", batch):
            try:
                status = _status(item)
            except _READ_ERRORS as exc:
                batch.rejected.append(f"status: {type(exc).__name__}")
                continue
            if status is not None:
                batch.statuses.append(status)
    elif field_name == "calls":
        for call in _items(value, "calls", batch):
            if call.get("event") == "connect" and call.get("direction") in (
                None, "USER_INITIATED"
            ) and isinstance(call.get("id"), str | int) and call.get("id"):
                try:
                    one = _one_item_body(body, entry, field_name, value, "calls", call)
                    who = _sender(call, contacts)
                except _READ_ERRORS as exc:
                    batch.rejected.append(f"call: {type(exc).__name__}")
                    continue
                batch.updates.append((str(call["id"]), one))
                if who:
                    batch.senders.add(who)
    else:
        # Template reviews, account updates, marketing preferences: later issues.
        batch.ignored.append(str(field_name)[:60])

def _media_of(msg: Message) -> Media:
    kinds: dict[str, MediaKind] = {
        MessageType.IMAGE: "photo", MessageType.DOCUMENT: "document",
        MessageType.VIDEO: "video", MessageType.STICKER: "sticker",
        MessageType.LOCATION: "location",
    }
    kind: MediaKind = kinds.get(msg.type, "other")
    if msg.type == MessageType.AUDIO:
        kind = "voice" if msg.audio is not None and msg.audio.voice else "audio"
    item = msg.media
    if item is None:
        return Media(kind=kind)
    return Media(
        kind=kind,
        file_id=str(item.id),
        mime_type=getattr(item, "mime_type", None),
        file_name=getattr(item, "filename", None),
        size=getattr(item, "file_size", None),
    )

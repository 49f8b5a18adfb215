"""Random and malformed webhook bodies, as an attacker with the right secret (or a buggy client)
would send them: for tests/test_fuzz.py and bench/fuzz_logs.py.

Each generator returns (raw bytes, content type). Nothing here is meant to be readable: the bot
must answer every one cleanly (200 or 4xx, never 5xx) and go on serving real people.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from typing import Any

Body = tuple[bytes, str]
JSON_TYPE = "application/json"

NIK_FORMS = [
    "3325/0141/0790/0001", "3325  0141  0790  0001", "3325_0141_0790_0001",
    "3325,0141,0790,0001", "3325\n0141\t0790 0001", "3325\u200b0141\u200b0790\u200b0001",
    "3325\u202f0141\u202f0790\u202f0001", "3325\u20020141\u20020790\u20020001",
    "3325\u22120141\u22120790\u22120001", "3325\u00ad0141\u00ad0790\u00ad0001",
    "332501410790001", "33250141079000012",
]


def _atom(rng: random.Random) -> Any:
    return rng.choice([
        None, True, False, 0, -1, 2**70, 1.5, float("1e300"), "", "x" * rng.randint(0, 300),
        "\ud800", "\udfff abc", "\x00", rng.choice(NIK_FORMS), "⟦nr:" + "a" * 64 + ":1:2:3⟧",
        "🙂" * 5, "/start", "/start " + "A" * 100,
    ])


def random_json(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth > 4 or roll < 0.4:
        return _atom(rng)
    if roll < 0.7:
        return [random_json(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    keys = ["update_id", "message", "callback_query", "from", "chat", "text", "id", "data",
            "entry", "changes", "value", "messages", "statuses", "contacts", "type", "x"]
    return {rng.choice(keys): random_json(rng, depth + 1) for _ in range(rng.randint(0, 5))}


def telegram_message(update_id: int, user: int, text: Any) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id % 100000, "date": 1583118000, "text": text,
            "chat": {"id": user, "type": "private", "first_name": "F"},
            "from": {"id": user, "is_bot": False, "first_name": "F"},
        },
    }


def _mutate(rng: random.Random, value: Any) -> Any:
    """A valid-looking update with one value somewhere replaced by something of another kind."""
    if isinstance(value, dict) and value:
        key = rng.choice(list(value))
        copy = dict(value)
        if rng.random() < 0.25:
            del copy[key]
        elif rng.random() < 0.5:
            copy[key] = _mutate(rng, copy[key])
        else:
            copy[key] = random_json(rng, 3)
        return copy
    if isinstance(value, list) and value:
        return [_mutate(rng, v) for v in value]
    return random_json(rng, 3)


def telegram_bodies(rng: random.Random, first_id: int) -> list[Callable[[int], Body]]:
    """Generators of malformed Telegram updates (argument: a fresh update id)."""
    user = lambda: rng.randint(10**8, 10**9)  # noqa: E731

    def as_json(value: Any) -> Body:
        return json.dumps(value, allow_nan=True).encode(), JSON_TYPE

    return [
        lambda n: (bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 200))), JSON_TYPE),
        lambda n: (b'{"update_id": %d, "message": {"text": "\xff\xfe"}}' % n, JSON_TYPE),
        lambda n: (json.dumps(telegram_message(n, user(), "halo")).encode(),
                   "application/json; charset=klingon"),
        lambda n: (b'{"update_id": 1e400}', JSON_TYPE),
        lambda n: (b'{"update_id": NaN}', JSON_TYPE),
        lambda n: (b'{"update_id": ' + b"9" * 5000 + b"}", JSON_TYPE),
        lambda n: (b"[" * 5000 + b"]" * 5000, JSON_TYPE),
        lambda n: ((f'{{"update_id": {n}, "message": ' + '{"a":' * 200 + "1" + "}" * 201)
                   .encode(), JSON_TYPE),
        lambda n: as_json({"update_id": n, "callback_query": {"from": {"id": user()},
                                                              "data": "menu"}}),
        lambda n: as_json({"update_id": n, "callback_query": {"id": str(n), "data": "x"}}),
        lambda n: as_json({"update_id": n, "callback_query": "oops"}),
        lambda n: as_json(telegram_message(n, user(), "\ud800 halo")),
        lambda n: as_json(telegram_message(n, user(), 12345)),
        lambda n: as_json(telegram_message(n, user(), rng.choice(NIK_FORMS))),
        lambda n: as_json({"update_id": str(n), "message": {}}),
        lambda n: as_json({"update_id": n, "message": {"chat": None, "from": "me"}}),
        lambda n: as_json({"update_id": -n}),
        lambda n: as_json({"update_id": True}),
        lambda n: as_json(random_json(rng)),
        lambda n: as_json(_mutate(rng, telegram_message(n, user(), "halo"))),
        lambda n: as_json(_mutate(rng, _mutate(rng, telegram_message(n, user(), "halo")))),
        lambda n: as_json({"update_id": n, "message": {**telegram_message(n, user(), "a")
                                                        ["message"], "date": "kemarin"}}),
        lambda n: as_json({"update_id": n, "message": {**telegram_message(n, user(), "a")
                                                        ["message"], "entities": [{"x": 1}]}}),
        lambda n: (b"", JSON_TYPE),
        lambda n: (b"null", JSON_TYPE),
    ]


def whatsapp_envelope(value: Any, phone_number_id: str) -> dict[str, Any]:
    return {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [
        {"field": "messages", "value": value}]}]}


def whatsapp_bodies(rng: random.Random, phone_number_id: str) -> list[Callable[[int], Body]]:
    """Generators of malformed WhatsApp webhook bodies (signed by the caller)."""

    def as_json(value: Any) -> Body:
        return json.dumps(value, allow_nan=True).encode(), JSON_TYPE

    def message(n: int, **extra: Any) -> dict[str, Any]:
        wa_id = f"62812{rng.randint(10**7, 10**8 - 1)}"
        base = {"from": wa_id, "id": f"wamid.FZ{n}", "timestamp": "1583118000",
                "type": "text", "text": {"body": "halo"}}
        base.update(extra)
        return {"messaging_product": "whatsapp",
                "metadata": {"phone_number_id": phone_number_id},
                "contacts": [{"profile": {"name": "W"}, "wa_id": wa_id}],
                "messages": [base]}

    return [
        lambda n: (bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 200))), JSON_TYPE),
        lambda n: as_json({"entry": "abc"}),
        lambda n: as_json({"entry": [{"changes": 5}]}),
        lambda n: as_json({"entry": [{"changes": [{"field": "messages", "value": [1]}]}]}),
        lambda n: as_json(whatsapp_envelope({"statuses": [{"id": "x", "status": "sent",
                                                           "timestamp": "1e99"}]},
                                            phone_number_id)),
        lambda n: as_json(whatsapp_envelope({"statuses": [{"id": "x", "status": "failed",
                                                           "timestamp": "1583118000",
                                                           "errors": [{"code": "abc"}]}]},
                                            phone_number_id)),
        lambda n: as_json(whatsapp_envelope({"statuses": [{"id": {"a": 1}, "status": [1],
                                                           "timestamp": "1583118000",
                                                           "errors": {"x": 1}}]},
                                            phone_number_id)),
        lambda n: as_json(whatsapp_envelope(message(n, text={"body": "\ud800"}),
                                            phone_number_id)),
        lambda n: as_json(whatsapp_envelope(message(n, text={"body": rng.choice(NIK_FORMS)}),
                                            phone_number_id)),
        lambda n: as_json(whatsapp_envelope(message(n, type="interactive", interactive=5),
                                            phone_number_id)),
        lambda n: as_json(whatsapp_envelope(message(n, type="image", image="x"),
                                            phone_number_id)),
        lambda n: as_json(whatsapp_envelope(message(n, id=["x"]), phone_number_id)),
        lambda n: as_json(whatsapp_envelope(message(n, timestamp=10**30), phone_number_id)),
        lambda n: as_json(whatsapp_envelope(_mutate(rng, message(n)), phone_number_id)),
        lambda n: as_json(_mutate(rng, whatsapp_envelope(message(n), phone_number_id))),
        lambda n: as_json(random_json(rng)),
        lambda n: (b"[" * 5000 + b"]" * 5000, JSON_TYPE),
    ]

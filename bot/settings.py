"""Settings from the environment or a `.env` file. The variable names are part of the interface."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from conversations.core.office_hours import OfficeHours
from conversations.core.quiet_hours import QuietHours
from conversations.core.roles import Roles, parse_ids, parse_names


def _env(name: str) -> AliasChoices:
    return AliasChoices(name, name.lower())


class SettingsError(Exception):
    """A setting is missing or wrong; the message names it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    data_dir: Path = Field(
        Path("tutor-sensus-data"), validation_alias=_env("TUTOR_SENSUS_DATA_DIR")
    )
    # Empty: the SQLite file in the data folder. postgresql://user:pass@host:port/db: PostgreSQL,
    # where several `tutor-sensus run` workers may share one database (bot/store/postgres.py).
    database_url: SecretStr | None = Field(
        None, validation_alias=_env("TUTOR_SENSUS_DATABASE_URL")
    )
    campaign: str | None = Field(None, validation_alias=_env("TUTOR_SENSUS_CAMPAIGN"))
    today: date | None = Field(None, validation_alias=_env("TUTOR_SENSUS_TODAY"))
    http_host: str = Field("0.0.0.0", validation_alias=_env("TUTOR_SENSUS_HTTP_HOST"))
    http_port: int = Field(8080, ge=0, le=65535, validation_alias=_env("TUTOR_SENSUS_HTTP_PORT"))
    # Limits that keep the server answering while slow clients hold connections
    # (bot/channels/http_limits.py): seconds for a new connection's request head, for a body,
    # for a kept-alive connection to start its next request; open connections at most.
    http_header_timeout: float = Field(
        5.0, gt=0, le=300, validation_alias=_env("TUTOR_SENSUS_HTTP_HEADER_TIMEOUT")
    )
    http_body_timeout: float = Field(
        10.0, gt=0, le=300, validation_alias=_env("TUTOR_SENSUS_HTTP_BODY_TIMEOUT")
    )
    http_keepalive: float = Field(
        15.0, gt=0, le=3600, validation_alias=_env("TUTOR_SENSUS_HTTP_KEEPALIVE")
    )
    http_max_connections: int = Field(
        512, ge=8, le=100_000, validation_alias=_env("TUTOR_SENSUS_HTTP_MAX_CONNECTIONS")
    )
    # GET /metrics: with a token, "Authorization: Bearer <token>"; without, local requests only.
    metrics_token: SecretStr | None = Field(
        None, validation_alias=_env("TUTOR_SENSUS_METRICS_TOKEN")
    )
    # The web dashboard (/admin/): the address people open, the base of /dasbor links (a
    # proxy's https address in production); empty: http://127.0.0.1:<port>. A session ends
    # after this many idle minutes.
    public_url: str | None = Field(None, validation_alias=_env("TUTOR_SENSUS_PUBLIC_URL"))
    web_idle_minutes: int = Field(
        30, ge=1, le=24 * 60, validation_alias=_env("TUTOR_SENSUS_WEB_IDLE_MINUTES")
    )
    admins: str = Field("", validation_alias=_env("TUTOR_SENSUS_ADMINS"))
    staff: str = Field("", validation_alias=_env("TUTOR_SENSUS_STAFF"))
    secret_key: SecretStr | None = Field(None, validation_alias=_env("TUTOR_SENSUS_SECRET_KEY"))
    log_level: str = Field("INFO", validation_alias=_env("TUTOR_SENSUS_LOG_LEVEL"))
    # Where "Tanya petugas" questions go: a staff chat, e.g. a Telegram group (telegram:-100…).
    handoff_chat: str | None = Field(None, validation_alias=_env("TUTOR_SENSUS_HANDOFF_CHAT"))
    # Display names of staff and admins for the audit log: "telegram:7001=Budi Santoso,...".
    staff_names: str = Field("", validation_alias=_env("TUTOR_SENSUS_STAFF_NAMES"))
    # Households one account may report as finished (made-up KK numbers cannot drain stock).
    max_households: int = Field(
        3, ge=1, le=50, validation_alias=_env("TUTOR_SENSUS_MAX_HOUSEHOLDS_PER_ACCOUNT")
    )
    office_hours: str = Field(
        "mon-fri 08:00-16:00", validation_alias=_env("TUTOR_SENSUS_OFFICE_HOURS")
    )
    # The code admins give ASN so that only they register as tutors (/tutor). An admin can
    # replace it in the chat (/tutor_kode), which overrides this setting. Unset: registration
    # is closed until an admin sets a code.
    tutor_code: SecretStr | None = Field(None, validation_alias=_env("TUTOR_SENSUS_TUTOR_CODE"))
    # Households without a phone one tutor may record as helped per day ("Saya membantu warga").
    assisted_per_day: int = Field(
        10, ge=0, le=200, validation_alias=_env("TUTOR_SENSUS_ASSISTED_PER_DAY")
    )

    # Bulk messages (broadcasts, reminders) wait during these hours, in the campaign's time
    # zone ("21:00-06:00" spans midnight); empty: no quiet hours.
    quiet_hours: str = Field("21:00-06:00", validation_alias=_env("TUTOR_SENSUS_QUIET_HOURS"))
    # WhatsApp's limit of business-initiated conversations (templates outside the 24-hour
    # window): unique people per moving 24 hours, 250 for a new business portfolio.
    whatsapp_daily_limit: int = Field(
        250, ge=0, validation_alias=_env("TUTOR_SENSUS_WHATSAPP_DAILY_LIMIT")
    )

    # Retention (bot/store/retention.py): handled updates, sent messages, delivery statuses,
    # finished broadcasts' recipients and handled reminders are deleted after this many days
    # (what a person typed or was sent is emptied at once). At least 8: WhatsApp retries a
    # webhook for up to 7 days, and the inbox rows are what drops such a retry.
    retention_days: int = Field(
        14, ge=8, le=3650, validation_alias=_env("TUTOR_SENSUS_RETENTION_DAYS")
    )

    # The platforms' allowances for the whole bot (all workers together): Telegram about 30
    # messages a second (paid broadcasts up to 1,000), WhatsApp 80 (higher throughput tiers).
    telegram_messages_per_second: float = Field(
        30.0, gt=0, validation_alias=_env("TELEGRAM_MESSAGES_PER_SECOND")
    )
    whatsapp_messages_per_second: float = Field(
        80.0, gt=0, validation_alias=_env("WHATSAPP_MESSAGES_PER_SECOND")
    )

    telegram_bot_token: SecretStr | None = Field(None, validation_alias=_env("TELEGRAM_BOT_TOKEN"))
    telegram_api_base_url: str = Field(
        "https://api.telegram.org/bot", validation_alias=_env("TELEGRAM_API_BASE_URL")
    )
    telegram_webhook_url: str | None = Field(None, validation_alias=_env("TELEGRAM_WEBHOOK_URL"))
    telegram_webhook_secret: SecretStr | None = Field(
        None, validation_alias=_env("TELEGRAM_WEBHOOK_SECRET")
    )

    # WhatsApp Cloud API: enabled by WHATSAPP_TOKEN; the phone number id, the app secret (the
    # webhook signature) and the verify token (the handshake) are then required.
    whatsapp_token: SecretStr | None = Field(None, validation_alias=_env("WHATSAPP_TOKEN"))
    whatsapp_phone_number_id: str | None = Field(
        None, validation_alias=_env("WHATSAPP_PHONE_NUMBER_ID")
    )
    whatsapp_app_secret: SecretStr | None = Field(
        None, validation_alias=_env("WHATSAPP_APP_SECRET")
    )
    whatsapp_verify_token: SecretStr | None = Field(
        None, validation_alias=_env("WHATSAPP_VERIFY_TOKEN")
    )
    # The business number people write to (wa.me links), stored as E.164 digits without "+".
    whatsapp_number: str | None = Field(None, validation_alias=_env("WHATSAPP_NUMBER"))
    whatsapp_api_base_url: str = Field(
        "https://graph.facebook.com/v26.0", validation_alias=_env("WHATSAPP_API_BASE_URL")
    )

    @field_validator("whatsapp_token", "whatsapp_phone_number_id", "whatsapp_app_secret",
                     "whatsapp_verify_token", "whatsapp_number", mode="before")
    @classmethod
    def _whatsapp_empty_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("whatsapp_phone_number_id")
    @classmethod
    def _whatsapp_id(cls, value: str | None) -> str | None:
        if value is not None and not value.strip().isdigit():
            raise ValueError("expected the numeric Phone number ID from the WhatsApp API Setup")
        return value.strip() if value is not None else None

    @field_validator("whatsapp_number")
    @classmethod
    def _whatsapp_number(cls, value: str | None) -> str | None:
        if value is None:
            return None
        digits = "".join(ch for ch in value if ch.isdigit())
        if value.strip().startswith("0") or not 8 <= len(digits) <= 15:
            raise ValueError("expected the number in international form, e.g. +62 811 2345 6789")
        return digits

    @model_validator(mode="after")
    def _whatsapp_needs_secrets(self) -> Settings:
        if self.whatsapp_token is None:
            return self
        needed = {
            "WHATSAPP_PHONE_NUMBER_ID": self.whatsapp_phone_number_id,
            "WHATSAPP_APP_SECRET": self.whatsapp_app_secret,
            "WHATSAPP_VERIFY_TOKEN": self.whatsapp_verify_token,
        }
        missing = [name for name, value in needed.items() if value is None]
        if missing:
            raise ValueError(
                f"WHATSAPP_TOKEN is set, so WhatsApp is enabled, but {', '.join(missing)}"
                f" {'is' if len(missing) == 1 else 'are'} missing (the app secret checks that"
                " webhook posts come from Meta; the verify token answers Meta's handshake)"
            )
        return self

    @field_validator("tutor_code")
    @classmethod
    def _tutor_code(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not 4 <= len(value.get_secret_value().strip()) <= 64:
            raise ValueError("expected a code of 4 to 64 characters")
        return value

    @field_validator("handoff_chat")
    @classmethod
    def _chat(cls, value: str | None) -> str | None:
        if value is None:
            return None
        chats = parse_ids(value)
        if len(chats) != 1:
            raise ValueError("expected one channel:chat id, e.g. telegram:-1001234567890")
        return next(iter(chats))

    @field_validator("quiet_hours")
    @classmethod
    def _quiet(cls, value: str) -> str:
        QuietHours.parse(value)  # raises with what is wrong
        return value

    @field_validator("office_hours")
    @classmethod
    def _hours(cls, value: str) -> str:
        OfficeHours.parse(value)  # raises with what is wrong
        return value

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.startswith(("http://", "https://")) or "://" == value.strip()[-3:]:
            raise ValueError("expected an address like https://bot.example.org")
        return value.strip().rstrip("/")

    @field_validator("campaign", "telegram_webhook_url", "handoff_chat", "public_url",
                     mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("today", "telegram_bot_token", "telegram_webhook_secret", "secret_key",
                     "tutor_code", "metrics_token", mode="before")
    @classmethod
    def _empty_secret_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("admins", "staff")
    @classmethod
    def _ids(cls, value: str) -> str:
        parse_ids(value)  # raises with the malformed pair
        return value

    @field_validator("staff_names")
    @classmethod
    def _names(cls, value: str) -> str:
        parse_names(value)  # raises with the malformed pair
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.telegram_webhook_url and not self.telegram_webhook_secret:
            raise ValueError(
                "TELEGRAM_WEBHOOK_SECRET is required when TELEGRAM_WEBHOOK_URL is set"
                " (Telegram sends it back with every update so forged posts can be refused)"
            )
        return self

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: SecretStr | None) -> SecretStr | None:
        text = value.get_secret_value().strip() if value else ""
        if not text:
            return None
        if not text.startswith(("postgresql://", "postgres://")):
            raise ValueError("expected empty (SQLite) or postgresql://user:pass@host:port/db")
        return SecretStr(text)

    @property
    def postgres_url(self) -> str | None:
        """The PostgreSQL URL, or None for the SQLite file."""
        return self.database_url.get_secret_value() if self.database_url else None

    @property
    def database_label(self) -> str:
        """Where the data is, for "database: ..." lines (a URL without its password)."""
        url = self.postgres_url
        if not url:
            return str(self.database_path)
        from bot.store.postgres import redact_url

        return redact_url(url)

    @property
    def database_path(self) -> Path:
        return self.data_dir / "tutor-sensus.sqlite3"

    @property
    def roles(self) -> Roles:
        """Admins also have staff rights (see conversations.core.roles)."""
        return Roles(admins=parse_ids(self.admins), staff=parse_ids(self.staff))

    @property
    def dashboard_url(self) -> str:
        """The base address of the web dashboard's links."""
        return self.public_url or f"http://127.0.0.1:{self.http_port}"

    @property
    def telegram_enabled(self) -> bool:
        return self.telegram_bot_token is not None

    @property
    def whatsapp_enabled(self) -> bool:
        return self.whatsapp_token is not None


def load_settings(**overrides: object) -> Settings:
    """Read settings; a wrong value becomes a `SettingsError` naming the variable."""
    from pydantic import ValidationError

    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"])
            name = _variable_name(field)
            problems.append(f"{name}: {err['msg']}" if name else err["msg"])
        raise SettingsError("; ".join(problems)) from exc


def _variable_name(field: str) -> str:
    info = Settings.model_fields.get(field)
    if info is None or info.validation_alias is None:
        return field
    alias = info.validation_alias
    return alias.choices[0] if isinstance(alias, AliasChoices) else str(alias)  # type: ignore[return-value]

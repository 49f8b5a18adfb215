"""Settings from the environment or a `.env` file. The variable names are part of the interface."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from conversations.office_hours import OfficeHours
from conversations.roles import Roles, parse_ids


def _env(name: str) -> AliasChoices:
    return AliasChoices(name, name.lower())


class SettingsError(Exception):
    """A setting is missing or wrong; the message names it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    data_dir: Path = Field(
        Path("tutor-sensus-data"), validation_alias=_env("TUTOR_SENSUS_DATA_DIR")
    )
    campaign: str | None = Field(None, validation_alias=_env("TUTOR_SENSUS_CAMPAIGN"))
    today: date | None = Field(None, validation_alias=_env("TUTOR_SENSUS_TODAY"))
    http_host: str = Field("0.0.0.0", validation_alias=_env("TUTOR_SENSUS_HTTP_HOST"))
    http_port: int = Field(8080, ge=0, le=65535, validation_alias=_env("TUTOR_SENSUS_HTTP_PORT"))
    admins: str = Field("", validation_alias=_env("TUTOR_SENSUS_ADMINS"))
    staff: str = Field("", validation_alias=_env("TUTOR_SENSUS_STAFF"))
    secret_key: SecretStr | None = Field(None, validation_alias=_env("TUTOR_SENSUS_SECRET_KEY"))
    log_level: str = Field("INFO", validation_alias=_env("TUTOR_SENSUS_LOG_LEVEL"))
    # Where "Tanya petugas" questions go: a staff chat, e.g. a Telegram group (telegram:-100…).
    handoff_chat: str | None = Field(None, validation_alias=_env("TUTOR_SENSUS_HANDOFF_CHAT"))
    office_hours: str = Field(
        "mon-fri 08:00-16:00", validation_alias=_env("TUTOR_SENSUS_OFFICE_HOURS")
    )

    telegram_bot_token: SecretStr | None = Field(None, validation_alias=_env("TELEGRAM_BOT_TOKEN"))
    telegram_api_base_url: str = Field(
        "https://api.telegram.org/bot", validation_alias=_env("TELEGRAM_API_BASE_URL")
    )
    telegram_webhook_url: str | None = Field(None, validation_alias=_env("TELEGRAM_WEBHOOK_URL"))
    telegram_webhook_secret: SecretStr | None = Field(
        None, validation_alias=_env("TELEGRAM_WEBHOOK_SECRET")
    )

    @field_validator("handoff_chat")
    @classmethod
    def _chat(cls, value: str | None) -> str | None:
        if value is None:
            return None
        chats = parse_ids(value)
        if len(chats) != 1:
            raise ValueError("expected one channel:chat id, e.g. telegram:-1001234567890")
        return next(iter(chats))

    @field_validator("office_hours")
    @classmethod
    def _hours(cls, value: str) -> str:
        OfficeHours.parse(value)  # raises with what is wrong
        return value

    @field_validator("campaign", "telegram_webhook_url", "handoff_chat", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("today", "telegram_bot_token", "telegram_webhook_secret", "secret_key",
                     mode="before")
    @classmethod
    def _empty_secret_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("admins", "staff")
    @classmethod
    def _ids(cls, value: str) -> str:
        parse_ids(value)  # raises with the malformed pair
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.telegram_webhook_url and not self.telegram_webhook_secret:
            raise ValueError(
                "TELEGRAM_WEBHOOK_SECRET is required when TELEGRAM_WEBHOOK_URL is set"
                " (Telegram sends it back with every update so forged posts can be refused)"
            )
        return self

    @property
    def database_path(self) -> Path:
        return self.data_dir / "tutor-sensus.sqlite3"

    @property
    def roles(self) -> Roles:
        """Admins also have staff rights (see conversations.roles)."""
        return Roles(admins=parse_ids(self.admins), staff=parse_ids(self.staff))

    @property
    def telegram_enabled(self) -> bool:
        return self.telegram_bot_token is not None


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

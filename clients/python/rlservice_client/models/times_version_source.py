from enum import StrEnum


class TimesVersionSource(StrEnum):
    API = "api"
    MIWAVES_EMA = "miwaves_ema"
    REGISTRATION = "registration"

    def __str__(self) -> str:
        return str(self.value)

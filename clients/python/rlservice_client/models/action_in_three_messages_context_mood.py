from enum import StrEnum


class ActionInThreeMessagesContextMood(StrEnum):
    HIGH = "high"
    LOW = "low"
    MID = "mid"

    def __str__(self) -> str:
        return str(self.value)

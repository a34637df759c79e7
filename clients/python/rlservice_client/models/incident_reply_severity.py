from enum import StrEnum


class IncidentReplySeverity(StrEnum):
    RED = "red"
    YELLOW = "yellow"

    def __str__(self) -> str:
        return str(self.value)

from enum import StrEnum


class StudyHealthStatus(StrEnum):
    GREEN = "green"
    RED = "red"
    UNKNOWN = "unknown"
    YELLOW = "yellow"

    def __str__(self) -> str:
        return str(self.value)

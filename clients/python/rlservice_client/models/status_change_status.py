from enum import StrEnum


class StatusChangeStatus(StrEnum):
    ENDED = "ENDED"
    WITHDRAWN = "WITHDRAWN"

    def __str__(self) -> str:
        return str(self.value)

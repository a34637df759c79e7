from enum import StrEnum


class StatusChangeEntryFromStatusType0(StrEnum):
    COMPLETED_AWAITING_REVIEW = "COMPLETED_AWAITING_REVIEW"
    ENDED = "ENDED"
    REGISTERED = "REGISTERED"
    STARTED = "STARTED"
    WITHDRAWN = "WITHDRAWN"

    def __str__(self) -> str:
        return str(self.value)

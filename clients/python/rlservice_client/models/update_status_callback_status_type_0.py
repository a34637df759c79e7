from enum import StrEnum


class UpdateStatusCallbackStatusType0(StrEnum):
    DELIVERED = "delivered"
    FAILED = "failed"

    def __str__(self) -> str:
        return str(self.value)

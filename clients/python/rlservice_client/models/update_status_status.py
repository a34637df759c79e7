from enum import StrEnum


class UpdateStatusStatus(StrEnum):
    FAILED = "failed"
    PROCESSING = "processing"
    SUCCEEDED = "succeeded"

    def __str__(self) -> str:
        return str(self.value)

from enum import StrEnum


class WindowEventClosedBy(StrEnum):
    BACKEND = "backend"
    SWEEP = "sweep"

    def __str__(self) -> str:
        return str(self.value)

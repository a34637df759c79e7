from enum import StrEnum


class ControlChangedChange(StrEnum):
    FREEZE = "freeze"
    PIN = "pin"
    RESET = "reset"
    UNFREEZE = "unfreeze"
    UNPIN = "unpin"

    def __str__(self) -> str:
        return str(self.value)

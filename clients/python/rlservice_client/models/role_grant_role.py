from enum import StrEnum


class RoleGrantRole(StrEnum):
    ANALYST = "analyst"
    BACKEND = "backend"
    OPERATOR = "operator"

    def __str__(self) -> str:
        return str(self.value)

from enum import StrEnum


class StudySummaryRolesItem(StrEnum):
    ANALYST = "analyst"
    BACKEND = "backend"
    OPERATOR = "operator"

    def __str__(self) -> str:
        return str(self.value)

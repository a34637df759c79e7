"""`python -m decision`: run the decision service until SIGTERM."""

from __future__ import annotations

from decision.service import build


def main() -> None:
    build().run()


if __name__ == "__main__":
    main()

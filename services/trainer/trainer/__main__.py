"""`python -m trainer`: run the trainer service until SIGTERM."""

from __future__ import annotations

from trainer.service import build


def main() -> None:
    build().run()


if __name__ == "__main__":
    main()

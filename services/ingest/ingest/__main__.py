"""`python -m ingest`: run the ingest service until SIGTERM."""

from __future__ import annotations

from ingest.service import build


def main() -> None:
    build().run()


if __name__ == "__main__":
    main()

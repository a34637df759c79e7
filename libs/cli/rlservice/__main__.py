"""`python -m rlservice`: the same as the `rlservice` command."""

from rlservice.main import app

app()

"""`rlservice replay`: read a study's decisions from the Kafka log and PostgreSQL, re-derive each
one, re-fit each policy version, and report every difference (the arithmetic is rlaudit.replay's;
this package feeds it and reports)."""

"""The `rlservice` commands, one module per topic, each with a `register(app)` that main calls.

Heavy imports (the audit tools, matplotlib, Kafka clients) happen inside the commands that need
them, so `rlservice --help` and the stack commands start quickly."""

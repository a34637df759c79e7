"""`rlservice simulate`: a whole study against the real services, as a mobile backend runs it.

It starts a deployment of its own (the four services and the mock backend on the running Kafka,
Redis and PostgreSQL, in a fresh namespace and database, so simulated participants never mix
with real ones) on an accelerated clock, then plays the backend: registers synthetic
participants (rlaudit.simulation.World, known treatment effects), asks for an action in each of
their decision windows, answers the EMA through the mock backend, closes each window; the
trainer updates on the study's schedule. The same run proves the system end to end: it ends with
a replay of every decision it made.

run: the whole run; sandbox: its deployment; clock: its accelerated time; driver and backend:
the backend's moves window by window, miwaves_messages the bodies it sends, resilient_http the
HTTP it sends them over; settling: the wait for the last decisions to be recorded; progress: the
bar meanwhile; results, effects, plots and report: what the run showed.
"""

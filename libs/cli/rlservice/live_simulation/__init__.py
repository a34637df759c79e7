"""`rlservice simulate`: a whole study against the real services, as a mobile backend runs it.

It starts a deployment of its own (the four services and the mock backend on the running Kafka,
Redis and PostgreSQL, in a fresh namespace and database, so simulated participants never mix
with real ones) on a stepped clock, then plays the backend: registers synthetic
participants, asks for an action in each of their decision windows, hands over each window's
outcome; the trainer updates on the study's schedule. The same run proves the system end to
end: it ends with a replay of every decision it made.

run: the whole run; game: what differs by study, either miwaves_game (its own world with a known
effect per MiWaves state, the MiWaves routes, EMA answered through the mock backend: driver,
backend, miwaves_messages) or declared_game (the world a study file declares, the native routes,
outcomes uploaded: native_backend); sandbox: the deployment; clock: its stepped time;
resilient_http: the HTTP the backend sends over; settling: the wait for the last decisions and
records to be stored; progress: the bar meanwhile; results, effects, plots, declared_results,
declared_plots and report: what the run showed; sessions and session_stores: the sessions kept
afterwards (`simulate list`, `simulate delete`, and the pruning to SIMULATIONS_KEPT).
"""

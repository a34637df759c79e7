"""The consumer runtime: every Kafka subscription of every service goes through it.

Nothing stops, nothing is lost. A handler gets the raw message, decoded and validated into its
event inside the guard, and each failure is one of two kinds:

- A dependency is away (failures.is_infrastructure): PostgreSQL or Redis unreachable or
  restarting (SQLAlchemy OperationalError/InterfaceError of a lost or refused connection, a
  serialization failure or deadlock), a Redis ConnectionError/TimeoutError, a Kafka connection
  or time-out error (or any error aiokafka calls retriable), an httpx transport error, a
  ConnectionError or other OSError (but not one about local files). The message is fine and
  coming back fixes it, so it is retried with capped exponential backoff without limit and the
  partition waits: dead-lettering during an outage would turn good messages into dead letters.
  Each retry is logged and counted (rls_consumer_dependency_retries_total).
- Anything else, foreseen or not: the message or the code is wrong (a value out of range, a
  constraint, a bug). It is retried a few times with backoff (RetryPolicy), then the message goes
  to the dead-letter topic and table with its topic, partition, offset, the reason (exception
  type and message, no payload values) and the payload (the decoded JSON, or the raw text), and
  the partition moves on. A message that is not its topic's event (not JSON, a field missing or
  null) is dead-lettered at once: no retry can parse it.

A batch that keeps failing is handled again message by message, so only the poison message is
dead-lettered and the rest are handled; handlers are idempotent, which makes handling a message
twice harmless. The offset is committed only after the handler finished or the message was
dead-lettered (writing a dead letter is itself retried until it succeeds). A dead letter can be
re-driven to its topic once its cause is fixed (rlkernel.deadletter.redrive).
"""

from rlkernel.consuming.consumer import Consumer
from rlkernel.consuming.guard import DeadLetters
from rlkernel.consuming.retrying import RetryPolicy

__all__ = ["Consumer", "DeadLetters", "RetryPolicy"]

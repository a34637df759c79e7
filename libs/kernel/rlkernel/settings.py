"""Settings shared by every service, read once from the environment or the git-ignored .env."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, Self

from pydantic import Field, IPvAnyNetwork, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from rlkernel.clock import Clock
from rlkernel.webhooks import is_webhook_secret

PROJECT_ROOT = Path(__file__).resolve().parents[3]
_PLACEHOLDER = "change-me"


class Settings(BaseSettings):
    """One object, built at start and passed down; never read from os.environ elsewhere."""

    model_config = SettingsConfigDict(
        env_file=PROJECT_ROOT / ".env",
        env_file_encoding="utf-8",
        extra="ignore",
        # A refusal names the setting, never echoes the input: it holds every password.
        hide_input_in_errors=True,
    )

    rls_env: Literal["development", "test", "production"] = "development"
    # Prefixes every topic, consumer group and Redis key: one Kafka and one Redis can hold many
    # isolated deployments (the tests run each on its own namespace).
    rls_namespace: str = Field(default="rls", pattern=r"^[a-z][a-z0-9-]{0,40}$")
    instance_id: str = Field(default="", description="Distinguishes replicas; set by the launcher")

    kafka_bootstrap_servers: str = "127.0.0.1:19092"
    # Copies of every partition of the topics we create, and how many of them must have a
    # write before it is acknowledged (acks=all): 1 and 1 on the one local broker; 3 and 2 on
    # a cluster, so one broker can be lost without losing or refusing a write
    # (docs/production.md, "Kafka replication"). `rlservice topics` corrects existing topics.
    kafka_replication_factor: int = Field(default=1, ge=1, le=7)
    kafka_min_insync_replicas: int = Field(default=1, ge=1, le=7)
    # How every Kafka client connects (rlkernel.kafka_connection; docs/production.md, "Kafka:
    # authentication"): PLAINTEXT for the local broker; SASL_SSL with SCRAM on a real cluster.
    # No SASL setting without a SASL protocol, none missing with one (_kafka_login_complete).
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = None
    kafka_sasl_username: str | None = None
    # Optional, unlike the secrets below: a deployment without SASL has none to give.
    kafka_sasl_password: SecretStr | None = None
    # The CA that signed the brokers' certificates (unset: the system's); a client certificate
    # and its key for brokers that want mutual TLS (ssl.client.auth=required). PEM files.
    kafka_ssl_cafile: Path | None = None
    kafka_ssl_certfile: Path | None = None
    kafka_ssl_keyfile: Path | None = None
    redis_url: SecretStr = SecretStr("redis://127.0.0.1:16379/0")
    database_url: SecretStr = SecretStr("postgresql+psycopg2://rlservice@127.0.0.1:15432/rlservice")

    # Creates the first admin once (POST /v1/bootstrap), then nothing: it is not a credential.
    admin_token: SecretStr = SecretStr(_PLACEHOLDER)
    # The admin the command-line tools (rlservice, the tests, the benchmarks) create with
    # ADMIN_TOKEN and then log in as; no service reads these two.
    admin_username: str = "admin"
    admin_password: SecretStr = SecretStr(_PLACEHOLDER)
    jwt_secret: SecretStr = SecretStr(_PLACEHOLDER)
    seed_secret: SecretStr = SecretStr(_PLACEHOLDER)
    # Signs update callbacks (Standard Webhooks, see rlkernel.webhooks): whsec_<base64>.
    callback_signing_secret: SecretStr = SecretStr(_PLACEHOLDER)
    # Callbacks go to public addresses only (rlkernel.callback_targets) unless this is set:
    # development and the tests turn it on for their receivers on 127.0.0.1.
    callback_allow_private_networks: bool = False

    gateway_host: str = "127.0.0.1"
    gateway_port: int = 8000
    # Gateway processes sharing the port: one Python process tops out at one core, and the
    # gateway's HTTP work is most of a decision's CPU (README, "Where a decision's CPU goes").
    gateway_workers: int = Field(default=1, ge=1, le=16)
    metrics_port: int = Field(default=0, description="0: the service's default port")
    # Where /metrics listens: loopback here; 0.0.0.0 where Prometheus scrapes from another
    # host or container (compose, Kubernetes).
    metrics_host: str = "127.0.0.1"
    # How often each service's consumers measure their lag (rlkernel.consuming.lag).
    consumer_lag_every_seconds: float = Field(default=15.0, gt=0)
    log_level: str = "INFO"
    heartbeat_seconds: float = 2.0

    studies_dir: Path = PROJECT_ROOT / "examples" / "studies"
    # The generated API clients the gateway offers for download at /clients (`make clients`).
    clients_dir: Path = PROJECT_ROOT / "clients"
    miwaves_study: str = Field(default="miwaves", description="Study the MiWaves routes serve")
    justin_study: str = Field(default="justin", description="Study the JustIn routes serve")

    jwt_ttl_seconds: int = Field(default=3600, ge=60)
    # The largest request body the gateway reads (a 413 above it); every route's is small JSON.
    gateway_max_body_bytes: int = Field(default=64 * 1024, ge=1)
    # Logins (POST /auth/login, /v1/tokens): after this many FAILED ones for a username, or
    # from an address, within a window, a 429 until the window ends (gateway.login_limits).
    login_window_seconds: int = Field(default=900, ge=10, le=86_400)
    login_failures_per_username: int = Field(default=10, ge=1, le=1000)
    login_failures_per_address: int = Field(default=50, ge=1, le=100_000)
    # Password checks (argon2, one core each) one gateway process runs at once; more queue.
    login_concurrent_checks: int = Field(default=2, ge=1, le=32)
    # The proxies in front of the gateway (addresses or CIDR ranges, comma-separated): from a
    # peer among them, a login's address is read from X-Forwarded-For (gateway.forwarded).
    # Empty: no header is believed, the peer is the address.
    trusted_proxies: Annotated[tuple[IPvAnyNetwork, ...], NoDecode] = ()
    # How long the gateway waits for the decision service before using the study's fallback.
    decision_timeout_seconds: float = Field(default=1.5, gt=0)
    # A stored decision or observation not confirmed published after this long is published
    # again by its sweeper.
    unlogged_after_seconds: float = Field(default=10.0, gt=0)
    sweep_every_seconds: float = Field(default=5.0, gt=0)

    # Pulling a window's EMA data from the study backend: attempts and the longest backoff.
    ema_pull_attempts: int = Field(default=4, ge=1)
    ema_retry_wait_max: float = Field(default=5.0, gt=0)
    # How often ingest looks for decided windows no call closed, past their study's grace
    # (`windows.sweep_after_minutes`), and pulls them (ingest.sweep). 0: never (a simulation's
    # backend closes every window itself, and at its speed an hour's grace is a blink).
    window_sweep_every_seconds: float = Field(default=600.0, ge=0)

    trainer_schedule_check_seconds: float = Field(default=30.0, gt=0)
    # How often, by the service clock, the trainer evaluates each study's health checks
    # (rldomain.monitoring); 0: never. Checked on the trainer's housekeeping rounds above.
    monitoring_every_seconds: float = Field(default=300.0, ge=0)
    # Folders whose disk the deployment-wide `disk_used` check watches (PostgreSQL's data dir,
    # Kafka's log dir), comma-separated, where the trainer can read them; empty: not watched.
    monitoring_disk_paths: str = ""

    # Backups the trainer takes (rladapters.record.backup; `rlservice backup` takes one on
    # demand): into BACKUP_DIR (unset: none), every BACKUP_EVERY_HOURS (0: never) and, if
    # BACKUP_BEFORE_UPDATE, before each policy update, as the JustIn template does; only the
    # newest BACKUP_KEPT stay. Secrets go in only sealed with the passphrase in the file named.
    backup_dir: Path | None = None
    backup_every_hours: float = Field(default=0.0, ge=0)
    backup_before_update: bool = False
    backup_kept: int = Field(default=7, ge=1, le=1000)
    backup_passphrase_file: Path | None = None

    # `rlservice simulate` (the CLI only): where its sessions are kept, and how many; after each
    # run the oldest beyond this number are deleted, database and topics too.
    simulations_dir: Path = PROJECT_ROOT / ".rlservice" / "simulations"
    simulations_kept: int = Field(default=3, ge=1, le=1000)

    # The service clock (rlkernel.clock): unset means real time.
    clock_virtual_anchor: float | None = None
    clock_real_anchor: float | None = None
    clock_speed: float = Field(default=1.0, gt=0)
    clock_file: Path | None = None  # a stepped clock, set by `rlservice simulate`

    def clock(self) -> Clock:
        return Clock(
            self.clock_virtual_anchor, self.clock_real_anchor, self.clock_speed, self.clock_file
        )

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        # TRUSTED_PROXIES=10.0.0.0/8,192.0.2.7 rather than a JSON list
        if isinstance(value, str):
            return tuple(item.strip() for item in value.split(",") if item.strip())
        return value

    @model_validator(mode="after")
    def _insync_within_replicas(self) -> Self:
        # More in-sync replicas than copies: Kafka would refuse every write.
        if self.kafka_min_insync_replicas > self.kafka_replication_factor:
            raise ValueError("KAFKA_MIN_INSYNC_REPLICAS exceeds KAFKA_REPLICATION_FACTOR")
        return self

    @model_validator(mode="after")
    def _kafka_login_complete(self) -> Self:
        # A setting the protocol would ignore is a mistake (most likely the protocol is wrong):
        # the clients would connect without the login or the certificate the operator gave.
        sasl = self.kafka_security_protocol.startswith("SASL_")
        password = self.kafka_sasl_password
        login = {
            "KAFKA_SASL_MECHANISM": self.kafka_sasl_mechanism,
            "KAFKA_SASL_USERNAME": self.kafka_sasl_username,
            "KAFKA_SASL_PASSWORD": password.get_secret_value() if password else None,
        }
        missing = [name for name, value in login.items() if not value]
        if sasl and missing:
            protocol = self.kafka_security_protocol
            raise ValueError(f"KAFKA_SECURITY_PROTOCOL={protocol} needs {', '.join(missing)}")
        if not sasl and len(missing) < len(login):
            raise ValueError("KAFKA_SASL_* are set: KAFKA_SECURITY_PROTOCOL must be SASL_*")
        files = (self.kafka_ssl_cafile, self.kafka_ssl_certfile, self.kafka_ssl_keyfile)
        if not self.kafka_security_protocol.endswith("SSL") and files != (None, None, None):
            raise ValueError("KAFKA_SSL_* are set: KAFKA_SECURITY_PROTOCOL must be SSL or SASL_SSL")
        if self.kafka_ssl_keyfile and not self.kafka_ssl_certfile:
            raise ValueError("KAFKA_SSL_KEYFILE is the key of KAFKA_SSL_CERTFILE: set both")
        # PLAIN sends the password itself: in production only inside TLS. (SCRAM never sends
        # it, so SASL_PLAINTEXT with SCRAM stays possible on a network that is private.)
        if (
            self.rls_env == "production"
            and self.kafka_security_protocol == "SASL_PLAINTEXT"
            and self.kafka_sasl_mechanism == "PLAIN"
        ):
            raise ValueError("KAFKA_SASL_MECHANISM=PLAIN needs SASL_SSL in production")
        return self

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> Self:
        if self.rls_env != "development":
            for name in ("admin_token", "jwt_secret", "seed_secret", "callback_signing_secret"):
                value: SecretStr = getattr(self, name)
                if (
                    value.get_secret_value() in ("", _PLACEHOLDER)
                    or len(value.get_secret_value()) < 32  # HS256 wants 32 bytes (RFC 7518 3.2)
                ):
                    raise ValueError(
                        f"{name.upper()} must be set to a real secret outside development"
                    )
            if not is_webhook_secret(self.callback_signing_secret.get_secret_value()):
                raise ValueError(
                    "CALLBACK_SIGNING_SECRET must be whsec_ and at least 24 bytes in base64"
                )
        return self

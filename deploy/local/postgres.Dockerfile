# PostgreSQL 15 for deploy/compose.local.yml, where postgres:15 cannot be pulled: Debian's
# package, with the official image's contract that docker-compose.yml relies on
# (postgres-entrypoint.sh: POSTGRES_USER/PASSWORD/DB on first start, PGDATA, `postgres` command).
ARG BASE=rl-service/base:local
FROM ${BASE}
# No default cluster from the package: the entrypoint creates the one in PGDATA.
RUN mkdir -p /etc/postgresql-common/createcluster.d \
 && echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/no-main.conf \
 && apt-get update \
 && apt-get install -y --no-install-recommends postgresql-15 \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/postgresql/data /var/run/postgresql \
 && chown postgres: /var/lib/postgresql/data /var/run/postgresql \
 && chmod 700 /var/lib/postgresql/data
ENV PATH=/usr/lib/postgresql/15/bin:$PATH \
    PGDATA=/var/lib/postgresql/data
COPY local/postgres-entrypoint.sh /usr/local/bin/postgres-entrypoint
USER postgres
ENTRYPOINT ["postgres-entrypoint"]
CMD ["postgres"]

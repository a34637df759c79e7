# Redis 7 for deploy/compose.local.yml, where redis:7 cannot be pulled: Debian's package, run
# like the official image (as the redis user, data in /data, docker-compose.yml's command).
ARG BASE=rl-service/base:local
FROM ${BASE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends redis-server \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data && chown redis: /data
WORKDIR /data
USER redis
# The official image's default: reachable from other containers when no password is set (the
# testcontainers path); docker-compose.yml's command sets one.
CMD ["redis-server", "--protected-mode", "no"]

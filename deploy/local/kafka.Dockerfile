# Apache Kafka for deploy/compose.local.yml, where apache/kafka cannot be pulled: the jars that
# deploy/bootstrap.sh resolved (copied here by deploy/local_base.sh) on Debian's Java 17,
# configured from the same KAFKA_* variables as the official image (kafka-entrypoint.sh).
ARG BASE=rl-service/base:local
FROM ${BASE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10002 --home-dir /opt/kafka --no-create-home --shell /usr/sbin/nologin kafka \
 && mkdir -p /opt/kafka/config /var/lib/kafka/data \
 && chown kafka: /opt/kafka/config /var/lib/kafka/data
COPY local/kafka-libs/*.jar /opt/kafka/libs/
COPY kafka/log4j2.yaml /opt/kafka/config/
COPY local/kafka-entrypoint.sh /usr/local/bin/kafka-entrypoint
USER kafka
CMD ["kafka-entrypoint"]

#!/bin/sh
# The apache/kafka image's contract, enough for docker-compose.yml: every KAFKA_* variable is a
# broker property (KAFKA_LOG_DIRS -> log.dirs; ___ -> -, __ -> _), CLUSTER_ID formats the storage
# on first start.
set -eu
# The classpath's * is Java's, not the shell's.
set -f
conf=/opt/kafka/config/server.properties
env | grep '^KAFKA_' | while IFS== read -r name value; do
  prop=$(printf '%s' "${name#KAFKA_}" | tr 'A-Z' 'a-z' \
    | sed -e 's/___/-/g' -e 's/__/#/g' -e 's/_/./g' -e 's/#/_/g')
  printf '%s=%s\n' "$prop" "$value"
done > "$conf"
java="java -Xms256m -Xmx1g -Dlog4j2.configurationFile=/opt/kafka/config/log4j2.yaml -cp /opt/kafka/libs/*"
if [ ! -f "${KAFKA_LOG_DIRS:?}/meta.properties" ]; then
  $java kafka.tools.StorageTool format -c "$conf" -t "${CLUSTER_ID:?}"
fi
exec $java kafka.Kafka "$conf"

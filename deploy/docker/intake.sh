#!/bin/sh
# The image's `intake` command: the jar on the image's JRE, with the options ./intake gives it.
# INTAKE_JAVA_OPTS holds options for this JVM, such as -Xmx1g; parser processes get their own
# heap, INTAKE_PARSER_HEAP_MB.
set -eu
jar=/opt/intake/intake.jar
case "${1:-}" in
  serve|worker|reindex) modules=--add-modules=jdk.incubator.vector ;;
  *) modules= ;;
esac
# shellcheck disable=SC2086 # INTAKE_JAVA_OPTS is a list of options
exec java ${INTAKE_JAVA_OPTS:-} $modules --enable-native-access=ALL-UNNAMED -jar "$jar" "$@"

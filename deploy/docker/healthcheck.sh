#!/bin/sh
# The image's HEALTHCHECK, for either role.
# A worker process is healthy while GET /health/live answers 200 on INTAKE_WORKER_PORT.
# An API node is healthy while GET /api/v1/health answers at all on INTAKE_PORT: 503 means its
# database is unreachable, which a restart would not mend (the node answers 503 at once and
# search goes on from its index).
worker_port=${INTAKE_WORKER_PORT:-8081}
api_port=${INTAKE_PORT:-8080}
if curl -fsS -o /dev/null --max-time 3 "http://127.0.0.1:$worker_port/health/live" 2>/dev/null; then
  exit 0
fi
code=$(curl -s -o /dev/null --max-time 3 -w '%{http_code}' "http://127.0.0.1:$api_port/api/v1/health" 2>/dev/null)
[ "$code" = 200 ] || [ "$code" = 503 ]

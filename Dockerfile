# Worker image for the scale-out setup (docker-compose.yml). glibc-based: Temporal's native core does not run on musl.
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# The worker needs no Temporal CLI binary, so the install step that fetches it is skipped.
RUN npm ci --omit=dev --ignore-scripts
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
COPY bin ./bin
COPY scripts ./scripts
# Workers load this prebuilt bundle instead of running webpack at start (faster start, ~100 MB less memory).
RUN npx tsx scripts/bundle-workflows.ts /app/dist/workflow-bundle.js
ENV NODE_ENV=production CHORUS_DATA_DIR=/data CHORUS_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js
VOLUME ["/data"]
USER node
CMD ["npx", "tsx", "src/temporal/worker-main.ts"]

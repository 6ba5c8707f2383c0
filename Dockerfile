# syntax=docker/dockerfile:1
# One image recipe for the Roster services; pick one with the build target:
#   docker build --target ingress -t roster-ingress .
#   docker build --target worker  -t roster-worker  .
#   docker build --target admin   -t roster-admin   .
# There is no build step: TypeScript runs from source with tsx.

ARG NODE_IMAGE=node:20-bookworm-slim

# --- manifests: only the package.json files, so that the npm ci layer below is cached
#     until a dependency changes (COPY --from compares file contents).
FROM ${NODE_IMAGE} AS manifests
WORKDIR /app
COPY . .
RUN find . -type f ! -name package.json ! -name package-lock.json ! -path './services/*/bin/*' -delete \
 && find . -type d -empty -delete

# --- deps: npm ci (tsx is a devDependency and is needed at run time, so dev deps stay)
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY --from=manifests /app/ ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund

# --- runtime: sources on top of the installed dependencies
FROM deps AS runtime
ENV NODE_ENV=production
COPY . .
USER node

FROM runtime AS worker
# Prometheus /metrics on every interface inside the container (the default is loopback only).
ENV METRICS_HOST=0.0.0.0
EXPOSE 9465
CMD ["node", "--import", "tsx", "services/worker/src/main.ts"]

FROM runtime AS admin
# Console (/console), admin API (/api/v1), queue dashboard (/queues) and /metrics on one port.
ENV ADMIN_PORT=8081 ADMIN_HOST=0.0.0.0
EXPOSE 8081
CMD ["node", "--import", "tsx", "services/admin/src/main.ts"]

# The last stage is the default target.
FROM runtime AS ingress
# Listen on every interface inside the container (the default is loopback only).
ENV PORT=8080 HOST=0.0.0.0
# 9464: Prometheus /metrics (METRICS_PORT), bound like HOST; keep it off the public load balancer.
EXPOSE 8080 9464
CMD ["node", "--import", "tsx", "services/ingress/src/main.ts"]

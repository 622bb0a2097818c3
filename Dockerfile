# syntax=docker/dockerfile:1
# One image for all four services: they share one lockfile, one platform package and one build, so a
# single image is smaller in total (shared layers) and faster to build than four. The Deployment picks
# the service with its args: `services/<name>/dist/main.js`.
#
# Stages: deps (npm ci) → build (tsc) → dev (Tilt live_update target) ; prod-deps (npm ci --omit=dev)
# → runtime (distroless, non-root, no npm, no compiler, no dev dependencies). Multi-arch: every base
# image is published for amd64 and arm64 and the dependencies are pure JavaScript.
# tests/deploy/dockerfile-steps.test.ts runs these stages' COPY/RUN steps as a script (no Docker).

ARG NODE_IMAGE=node:22.14.0-bookworm-slim
ARG RUNTIME_IMAGE=gcr.io/distroless/nodejs22-debian12:nonroot

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/contracts/package.json packages/contracts/
COPY packages/platform/package.json packages/platform/
COPY packages/launcher/package.json packages/launcher/
COPY services/gateway/package.json services/gateway/
COPY services/users/package.json services/users/
COPY services/orders/package.json services/orders/
COPY services/payments/package.json services/payments/
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY tsconfig.base.json tsconfig.json ./
COPY packages/contracts packages/contracts
COPY packages/platform packages/platform
COPY services services
RUN npx tsc -b services/gateway services/users services/orders services/payments

# Development image for Tilt: full toolchain, sources synced by live_update, `node --watch` restarts.
FROM build AS dev
ENV NODE_ENV=development
RUN chown -R 65532:65532 packages services
USER 65532:65532
CMD ["node", "--watch", "services/gateway/dist/main.js"]

FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/contracts/package.json packages/contracts/
COPY packages/platform/package.json packages/platform/
COPY packages/launcher/package.json packages/launcher/
COPY services/gateway/package.json services/gateway/
COPY services/users/package.json services/users/
COPY services/orders/package.json services/orders/
COPY services/payments/package.json services/payments/
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${RUNTIME_IMAGE} AS runtime
ENV NODE_ENV=production
# glibc: big buffers (scrypt's 16 MiB per password hash) always come from mmap and go back to the OS
# when freed, instead of staying in the heap — users' RSS stays ~130 MiB instead of growing past 200
ENV MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
COPY --from=prod-deps /app ./
COPY --from=build /app/packages/contracts/dist packages/contracts/dist
COPY --from=build /app/packages/platform/dist packages/platform/dist
COPY --from=build /app/services/gateway/dist services/gateway/dist
COPY --from=build /app/services/users/dist services/users/dist
COPY --from=build /app/services/orders/dist services/orders/dist
COPY --from=build /app/services/payments/dist services/payments/dist
USER 65532:65532
# The distroless entrypoint is node; the Deployment's args choose the service.
CMD ["services/gateway/dist/main.js"]

# Meshpane's image: Next's standalone server (`output: 'standalone'` in next.config.js) on Node 24
# LTS, run as an unprivileged user from a read-only root filesystem.
#   docker build -t registry.example.com/meshpane:0.1.0 .
# Writable at run time only through volumes: /tmp, /app/.next/cache and the audit store's folder
# (deploy/base/deployment.yaml mounts them; `docker run --read-only` needs the same).

ARG NODE_IMAGE=node:24-bookworm-slim

# 1. Every dependency, dev ones included: the build needs TypeScript, Tailwind and Next's compiler.
FROM ${NODE_IMAGE} AS deps
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# 2. The production build. The standalone output carries only the files the server loads (traced
#    from its imports), so no dev dependency reaches .next/standalone/node_modules.
FROM ${NODE_IMAGE} AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /src/node_modules ./node_modules
COPY . .
RUN npm run build

# 3. What runs: the standalone server and its static assets, owned by root and so read-only to the
#    user it runs as; npm and corepack removed (nothing is installed at run time).
FROM ${NODE_IMAGE} AS runtime
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
      /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack \
  && groupadd --system --gid 10001 meshpane \
  && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin meshpane
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOSTNAME=0.0.0.0 \
    PORT=3000 \
    MESHPANE_LISTEN_HOST=0.0.0.0
COPY --from=build /src/.next/standalone ./
COPY --from=build /src/.next/static ./.next/static
USER 10001:10001
EXPOSE 3000
# node itself as PID 1 (no npm, no shell), so SIGTERM reaches the server's graceful shutdown.
CMD ["node", "server.js"]

# The WMS sample app. Built and run by docker-compose.yml (`docker compose up --build app`).

# --- build: install everything, compile TypeScript with swc, keep only runtime dependencies ------
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# `install` honouring the lockfile rather than `ci`: the lockfile is written on linux-x64 and may
# lack another platform's optional swc binary (an arm64 host), which `npm ci` refuses to fetch.
RUN npm install --no-save --no-audit --no-fund
COPY .swcrc tsconfig.json ./
COPY libs ./libs
COPY apps ./apps
# `npm run build` compiles the benchmarks too.
COPY bench ./bench
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# --- run: compiled code and production dependencies only, as an unprivileged user --------------
FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
# Node handles SIGTERM itself (Nest shutdown hooks): the relay, projectors and job workers stop
# gracefully. Migrations run at startup.
CMD ["node", "--enable-source-maps", "dist/apps/wms/src/main.js"]

# One image for the API and the projector; docker-compose.yml picks the entry point.

# The full image carries python3, make and g++, in case better-sqlite3 has no prebuilt binary to fetch.
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
# Only the sources: a host's node_modules or dist must never overwrite what npm ci produced here.
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY scripts ./scripts
COPY apps ./apps
COPY libs ./libs
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json /app/package-lock.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/scripts ./scripts
COPY --from=build --chown=node:node /app/dist ./dist
# The dashboard's browser files are not compiled: they are served as committed, beside the compiled controller.
COPY --from=build --chown=node:node /app/apps/api/src/dashboard/assets ./dist/apps/api/src/dashboard/assets
USER node
EXPOSE 3000
CMD ["node", "--max-semi-space-size=32", "-r", "./scripts/register-aliases.js", "dist/apps/api/src/main.js"]

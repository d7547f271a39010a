# The app image used by docker-compose.yml: builds the web app and the API bundle, then runs
# the one Node process that serves both.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN npm install -g pnpm@12.4.2
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PORT=3000 DATA_DIR=/data
COPY --from=build /app /app
EXPOSE 3000
RUN mkdir -p /data && chown node:node /data
USER node
CMD ["node", "apps/api/dist/server.js"]

// Well-built Dockerfiles in the shape of Docker's own language guides (docs.docker.com/guides:
// Node.js, Go, Python, Java) and common production setups: Stevedore's rules must say nothing
// about them. Shared by the SD rule specs (and the BuildKit ones) as must-not-flag cases.

export const NODE_MULTI_STAGE = `# syntax=docker/dockerfile:1
ARG NODE_VERSION=22.11.0
FROM node:\${NODE_VERSION}-alpine AS base
WORKDIR /usr/src/app
EXPOSE 3000

FROM base AS deps
RUN --mount=type=bind,source=package.json,target=package.json \\
    --mount=type=bind,source=package-lock.json,target=package-lock.json \\
    --mount=type=cache,target=/root/.npm \\
    npm ci --omit=dev

FROM deps AS build
RUN --mount=type=bind,source=package.json,target=package.json \\
    --mount=type=bind,source=package-lock.json,target=package-lock.json \\
    --mount=type=cache,target=/root/.npm \\
    npm ci
COPY . .
RUN npm run build

FROM base AS final
ENV NODE_ENV=production
USER node
COPY package.json .
COPY --from=deps /usr/src/app/node_modules ./node_modules
COPY --from=build /usr/src/app/dist ./dist
CMD ["node", "dist/index.js"]
`;

export const GO_MULTI_STAGE = `# syntax=docker/dockerfile:1
FROM --platform=$BUILDPLATFORM golang:1.23 AS build
ARG TARGETOS
ARG TARGETARCH
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \\
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/server ./cmd/server

FROM gcr.io/distroless/static-debian12 AS final
COPY --from=build /out/server /server
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/server"]
`;

export const PYTHON_SLIM = `# syntax=docker/dockerfile:1
ARG PYTHON_VERSION=3.12
FROM python:\${PYTHON_VERSION}-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1
ENV PYTHONUNBUFFERED=1
WORKDIR /app
ARG UID=10001
RUN adduser --disabled-password --gecos "" --home "/nonexistent" --shell "/sbin/nologin" --no-create-home --uid "\${UID}" appuser
RUN --mount=type=cache,target=/root/.cache/pip \\
    --mount=type=bind,source=requirements.txt,target=requirements.txt \\
    python -m pip install -r requirements.txt
USER appuser
COPY . .
EXPOSE 8000
CMD ["gunicorn", "app:app", "--bind=0.0.0.0:8000"]
`;

export const PYTHON_APT = `FROM python:3.12-slim
RUN apt-get update \\
    && apt-get install -y --no-install-recommends libpq5 \\
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["python", "-m", "app"]
`;

export const JAVA_MAVEN = `# syntax=docker/dockerfile:1
FROM eclipse-temurin:21-jdk-jammy AS deps
WORKDIR /build
COPY --chmod=0755 mvnw mvnw
COPY .mvn/ .mvn/
RUN --mount=type=bind,source=pom.xml,target=pom.xml \\
    --mount=type=cache,target=/root/.m2 ./mvnw dependency:go-offline -DskipTests

FROM deps AS package
WORKDIR /build
COPY ./src src/
RUN --mount=type=bind,source=pom.xml,target=pom.xml \\
    --mount=type=cache,target=/root/.m2 \\
    ./mvnw package -DskipTests && mv target/app.jar target/app-final.jar

FROM eclipse-temurin:21-jre-jammy AS final
ARG UID=10001
RUN adduser --disabled-password --gecos "" --home "/nonexistent" --shell "/sbin/nologin" --no-create-home --uid "\${UID}" appuser
USER appuser
COPY --from=package /build/target/app-final.jar app.jar
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "app.jar"]
`;

export const STATIC_SITE = `FROM node:22 AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM nginx:1.27-alpine
COPY --from=build /app/dist /usr/share/nginx/html
EXPOSE 80
`;

export const WELL_BUILT: string[] = [NODE_MULTI_STAGE, GO_MULTI_STAGE, PYTHON_SLIM, PYTHON_APT, JAVA_MAVEN, STATIC_SITE];
/** With a .dockerignore that excludes what it should. */
export const GOOD_DOCKERIGNORE = '.git\nnode_modules\ndist\ntarget\n__pycache__\n*.log\n';

/** The well-built Dockerfiles as must-not-flag spec cases, with a good .dockerignore. */
export const wellBuiltCases = WELL_BUILT.map((dockerfile) => ({ dockerfile, dockerignore: GOOD_DOCKERIGNORE }));

# syntax=docker/dockerfile:1
# igbot: the Telegram bot. Dependencies come from uv.lock only (runtime set, no dev tools).
ARG PYTHON_VERSION=3.13

FROM python:${PYTHON_VERSION}-slim AS build
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/venv
RUN pip install --no-cache-dir "uv==0.13.9"
WORKDIR /src
# The dependencies alone first: this layer is rebuilt only when the lock changes.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
# Then the project itself, installed (not editable) into the same environment.
COPY README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY repository ./repository
COPY locales ./locales
RUN uv sync --frozen --no-dev --no-editable

FROM python:${PYTHON_VERSION}-slim
# DATA_DIR: the embedded PostgreSQL (used when DATABASE_URL is unset) lives in the volume.
# XDG_RUNTIME_DIR: the embedded server's lock file, writable by the non-root user.
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/venv/bin:$PATH \
    DATA_DIR=/data XDG_RUNTIME_DIR=/tmp \
    WEBHOOK_HOST=0.0.0.0 WEBHOOK_PORT=8080 METRICS_HOST=0.0.0.0 METRICS_PORT=9100
RUN useradd --create-home --uid 10001 igbot && mkdir -p /data && chown igbot /data
COPY --from=build /venv /venv
USER igbot
WORKDIR /home/igbot
VOLUME ["/data"]
# 8080: the webhook (WEBHOOK_BASE_URL set) with /healthz, /readyz, /metrics;
# 9100: /healthz, /readyz, /metrics in polling mode.
EXPOSE 8080 9100
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
    CMD ["python", "-m", "bot.healthcheck"]
CMD ["python", "-m", "bot"]

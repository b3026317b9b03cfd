FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DATA_DIR=/data
WORKDIR /app

COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY repository ./repository
COPY locales ./locales
RUN pip install --no-cache-dir . \
    && useradd --create-home --uid 10001 igbot \
    && mkdir -p /data && chown igbot /data

USER igbot
VOLUME ["/data"]
ENV IGBOT_LOCALES_DIR=/app/locales
CMD ["python", "-m", "bot"]

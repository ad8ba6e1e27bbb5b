# losses serve in a container. Not needed to run the project; see docs/deploy.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /src
COPY pyproject.toml README.md ./
COPY pipeline ./pipeline
COPY migrations ./migrations
COPY config ./config
RUN pip install '.[postgres]' && rm -rf /src

RUN useradd --system --home /data --create-home losses
USER losses
WORKDIR /data
VOLUME ["/data"]

# SQLite in the volume by default; set LOSSES_DATABASE_URL for PostgreSQL, and mount a
# config file and set LOSSES_CONFIG to change the sources or schedules.
ENV LOSSES_DATABASE_URL=sqlite:////data/losses.db

ENTRYPOINT ["losses"]
CMD ["serve", "--log-format", "json"]

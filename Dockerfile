# Tutor Sensus: production image.
#
#   docker build -t tutor-sensus .
#   docker run -d -p 8080:8080 -v tutor-sensus-data:/data -e TELEGRAM_BOT_TOKEN=... tutor-sensus
#
# Two stages: the first builds the project's wheel from its own files (pyproject.toml), the second
# installs the dependencies (one cached layer, rebuilt only when pyproject.toml changes) and then
# the wheel, with no source tree, build tools or test extras left behind.

ARG PYTHON_IMAGE=python:3.11-slim

# ---------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    PYTHONDONTWRITEBYTECODE=1

WORKDIR /src

# The build backend named in [build-system] (cached until pyproject.toml changes).
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['build-system']['requires']))" > /tmp/build-requirements.txt \
 && pip install -r /tmp/build-requirements.txt

COPY . .
RUN pip wheel --no-deps --no-build-isolation --wheel-dir /wheels .

# ---------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE}

LABEL org.opencontainers.image.title="Tutor Sensus" \
      org.opencontainers.image.description="A chatbot that walks residents through the online population census, in Indonesian." \
      org.opencontainers.image.licenses="MIT"

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    TUTOR_SENSUS_DATA_DIR=/data \
    TUTOR_SENSUS_HTTP_HOST=0.0.0.0 \
    TUTOR_SENSUS_HTTP_PORT=8080

# An unprivileged user; /data belongs to it before VOLUME, so a new named volume does too.
RUN groupadd --system --gid 10001 tutor \
 && useradd --system --uid 10001 --gid tutor --home-dir /app --no-create-home --shell /usr/sbin/nologin tutor \
 && mkdir -p /app /data \
 && chown tutor:tutor /data

# Runtime dependencies only (no [test] extra), from [project].dependencies: a layer that stays
# cached while only the code changes.
COPY pyproject.toml /tmp/pyproject.toml
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('/tmp/pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
 && pip install -r /tmp/requirements.txt \
 && rm /tmp/requirements.txt /tmp/pyproject.toml

# The project itself (code, locales/*/*.ftl + *.toml, campaigns/*.toml, store migrations).
COPY --from=build /wheels/ /tmp/wheels/
RUN pip install --no-deps /tmp/wheels/*.whl \
 && rm -rf /tmp/wheels

# Matplotlib (the reports' charts) keeps its font cache in a folder of its own: built here once,
# writable by tutor (the default, under the home folder /app, is not: every start built it
# again in a temporary folder and said so in the log).
ENV MPLCONFIGDIR=/var/cache/matplotlib
RUN mkdir -p "$MPLCONFIGDIR" \
 && python -c "import matplotlib.font_manager" \
 && chown -R tutor:tutor "$MPLCONFIGDIR"

USER tutor
WORKDIR /app
VOLUME ["/data"]
EXPOSE 8080

HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('TUTOR_SENSUS_HTTP_PORT', '8080'), timeout=4)"]

CMD ["tutor-sensus", "run"]

FROM python:3.11-slim-bookworm
# WeasyPrint's libraries (the customer card PDF) and fonts with Polish, French and Italian letters.
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir . \
    && python -m babel.messages.frontend compile -d locale -D django \
    && SECRET_KEY=build DATABASE_URL=postgres://build@localhost/build \
       python manage.py collectstatic --noinput
USER nobody
EXPOSE 8000

"""Create the database named in DATABASE_URL if it does not exist yet."""

import os
import sys

import environ
import psycopg2
from psycopg2 import sql

url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/strategy_portal")
config = environ.Env.db_url_config(url)
name = config["NAME"]
params = {
    "dbname": "postgres",
    "user": config.get("USER") or None,
    "password": config.get("PASSWORD") or None,
    "host": config.get("HOST") or None,
    "port": config.get("PORT") or None,
    "connect_timeout": 5,
}
try:
    conn = psycopg2.connect(**{k: v for k, v in params.items() if v is not None})
except psycopg2.OperationalError as exc:
    sys.exit(f"Cannot reach PostgreSQL at {config.get('HOST')}:{config.get('PORT')}: {exc}")
conn.autocommit = True
with conn.cursor() as cur:
    cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    if cur.fetchone() is None:
        cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        print(f"Created database {name}.")
conn.close()

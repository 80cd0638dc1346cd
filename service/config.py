"""Configuration classes; the environment picks the database and the queue."""

import os
from datetime import timedelta


def _database_url(instance_path):
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{os.path.join(instance_path, 'pactum.sqlite3')}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


class Config:
    """Production and demo settings, read from the environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-change-me")
    SQLALCHEMY_DATABASE_URI = None  # set by create_app from DATABASE_URL or the instance folder
    REDIS_URL = os.environ.get("REDIS_URL")  # unset: in-process queue
    API_TOKEN_TTL = timedelta(hours=int(os.environ.get("API_TOKEN_TTL_HOURS", "12")))
    DEFAULT_CURRENCY = "CNY"
    BPMN_DIR = os.environ.get("BPMN_DIR") or os.path.join(os.path.dirname(os.path.dirname(__file__)), "bpmn")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "0") == "1"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=int(os.environ.get("SESSION_HOURS", "8")))
    PASSWORD_HASH_METHOD = "scrypt"

    @classmethod
    def database_url(cls, instance_path):
        return cls.SQLALCHEMY_DATABASE_URI or _database_url(instance_path)


class TestConfig(Config):
    """Tests: a throw-away SQLite file unless DATABASE_URL points at PostgreSQL."""

    TESTING = True
    SECRET_KEY = "test"
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"  # still scrypt, cheap enough for hundreds of test users

"""Configuration classes; the environment picks the database and the queue."""

import os
import tempfile
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
    COMPANY_LAW = os.environ.get("COMPANY_LAW", "CN")  # the company's governing law; any other needs legal review
    BPMN_DIR = os.environ.get("BPMN_DIR") or os.path.join(os.path.dirname(os.path.dirname(__file__)), "bpmn")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "0") == "1"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=int(os.environ.get("SESSION_HOURS", "8")))
    PASSWORD_HASH_METHOD = "scrypt"
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = os.environ.get("TIMEZONE", "UTC")  # how the web UI shows times, e.g. Asia/Shanghai
    WTF_CSRF_TIME_LIMIT = None  # a form's token lives as long as the session, so an inbox left open still works
    NODE_MODULES = os.environ.get("NODE_MODULES") or os.path.join(os.path.dirname(os.path.dirname(__file__)),
                                                                  "node_modules")

    # Jobs, timers and notifications (service/jobs, service/timers, service/notifications).
    EMBEDDED_WORKER = os.environ.get("EMBEDDED_WORKER", "0") == "1"  # run jobs in this process (no REDIS_URL)
    SWEEP_INTERVAL = float(os.environ.get("SWEEP_INTERVAL", "3"))  # seconds between sweeps for lost jobs
    JOB_STALE_AFTER = float(os.environ.get("JOB_STALE_AFTER", "60"))  # a started job older than this was lost
    REMINDER_TIMEZONE = os.environ.get("REMINDER_TIMEZONE", "UTC")  # key dates are days in this time zone
    REMINDER_HOUR = int(os.environ.get("REMINDER_HOUR", "0"))  # reminders fall due at this hour of their day
    RENEWAL_NOTICE_DAYS = int(os.environ.get("RENEWAL_NOTICE_DAYS", "60"))  # renewal decision before expiry
    DIGEST_HOUR = int(os.environ.get("DIGEST_HOUR", "7"))  # daily digest e-mails, in REMINDER_TIMEZONE
    MAIL_SERVER = os.environ.get("MAIL_SERVER")  # unset: no e-mail, in-app notifications only
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "0") == "1"  # STARTTLS
    MAIL_USE_SSL = os.environ.get("MAIL_USE_SSL", "0") == "1"  # SMTP over TLS (port 465)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Pactum <pactum@localhost>")
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "10"))

    # Audit trail (service/audit): a keyed hash chain, with signed checkpoints kept outside the database.
    AUDIT_KEY = os.environ.get("AUDIT_KEY")  # the chain's HMAC key; unset: generated once into AUDIT_KEY_FILE
    AUDIT_KEY_FILE = os.environ.get("AUDIT_KEY_FILE")  # unset: instance/audit.key (mode 0600)
    AUDIT_CHECKPOINTS = os.environ.get("AUDIT_CHECKPOINTS")  # append-only file; unset: instance/audit-checkpoints.log
    AUDIT_CHECKPOINT_EVERY = int(os.environ.get("AUDIT_CHECKPOINT_EVERY", "100"))  # events between checkpoints
    AUDIT_CHECKPOINT_SECONDS = float(os.environ.get("AUDIT_CHECKPOINT_SECONDS", "60"))  # or seconds, if sooner

    @classmethod
    def database_url(cls, instance_path):
        return cls.SQLALCHEMY_DATABASE_URI or _database_url(instance_path)


class TestConfig(Config):
    """Tests: a throw-away SQLite file unless DATABASE_URL points at PostgreSQL."""

    TESTING = True
    SECRET_KEY = "test"
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"  # still scrypt, cheap enough for hundreds of test users
    WTF_CSRF_ENABLED = True  # the web UI is tested with CSRF on; tests post the token like a browser
    REDIS_URL = None  # jobs go to an in-process fakeredis unless a test sets REDIS_URL itself
    MAIL_SERVER = None
    EMBEDDED_WORKER = False
    AUDIT_KEY = "test-audit-key-not-secret"
    # Tests give each app a file of its own (tests/conftest.py); an app built without one writes here.
    AUDIT_CHECKPOINTS = os.path.join(tempfile.gettempdir(), f"pactum-tests-{os.getpid()}", "audit-checkpoints.log")

"""Send one e-mail over SMTP with the standard library, configured by MAIL_* settings."""

import smtplib
from email.message import EmailMessage
from email.utils import formatdate, parseaddr


def enabled(config):
    """True when a mail server is configured."""
    return bool(config.get("MAIL_SERVER"))


def send(config, *, to, subject, body, message_id):
    """Deliver a plain-text UTF-8 message; raise OSError or smtplib.SMTPException when it did not go."""
    message = EmailMessage()
    sender = config["MAIL_DEFAULT_SENDER"]
    domain = parseaddr(sender)[1].partition("@")[2] or "pactum.local"
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    # The same notification always has the same Message-ID, so a resend after a crash can be recognised.
    message["Message-ID"] = f"<{message_id}@{domain}>"
    message.set_content(body)
    client = smtplib.SMTP_SSL if config.get("MAIL_USE_SSL") else smtplib.SMTP
    with client(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config.get("MAIL_TIMEOUT", 10)) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)

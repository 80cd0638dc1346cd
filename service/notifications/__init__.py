"""Notifications: in-app, by e-mail over SMTP and in a daily digest, in the recipient's language."""

"""Key dates of contracts (effective, payment, milestone, review, expiry) and their reminders."""

"""Durable timers: process instance timers, key-date reminders, and timer health."""

"""Mail servers that misbehave, for the email tests: Django's in-memory backend (mail.outbox)
with a refusal or a death added. They stand in for an SMTP server, not for our own code."""

import smtplib

from django.core.mail.backends import locmem


class RefusingServer(locmem.EmailBackend):
    """Refuses every address that starts with "refused"; accepts the others."""

    def send_messages(self, messages):
        for message in messages:
            if any(address.startswith("refused") for address in message.to):
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"No such user")})
        return super().send_messages(messages)


class WorkerKilled(BaseException):
    """Not an Exception: like a SIGKILL, nothing in the job runner gets to handle it."""


class DyingServer(locmem.EmailBackend):
    """Sends `survives` messages in all, then the worker dies as the next one goes out."""

    survives = 1
    sent = 0

    def send_messages(self, messages):
        if DyingServer.sent >= DyingServer.survives:
            raise WorkerKilled
        DyingServer.sent += len(messages)
        return super().send_messages(messages)


class BreakingServer(locmem.EmailBackend):
    """Accepts the messages, then fails to hang up: an error after the batch was sent."""

    def close(self):
        raise OSError("Connection reset by peer")

import logging
import re

# Signed link tokens and email addresses must never reach the logs.
_TOKEN = re.compile(r"(/link/|/two-factor/enrol/)[^/\s\"?]+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def redact(text):
    return _EMAIL.sub("[email]", _TOKEN.sub(r"\1[redacted]", text))


class RedactSecretsFilter(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True

import logging
import re

# Email link tokens and email addresses must never reach the logs. Tokens travel in
# /link/?t=...; the old signed kind was in the path, /link/<token>/.
_TOKEN = re.compile(r"(/link/|/two-factor/enrol/)[^/\s\"?]+")
_TOKEN_PARAM = re.compile(r"([?&]t=)[^&\s\"#]+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def redact(text):
    text = _TOKEN_PARAM.sub(r"\1[redacted]", _TOKEN.sub(r"\1[redacted]", text))
    return _EMAIL.sub("[email]", text)


class RedactSecretsFilter(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True

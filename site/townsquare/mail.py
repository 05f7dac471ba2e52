"""E-mail addresses and headers, the same for every app that sends mail or counts by address.

``normalise_email`` says which mailbox an address reaches (comments' rate limits and history,
event sign-ups); ``header_safe`` keeps text written by visitors on one line of a header.
"""

import re
import smtplib

# What a mail server that is down, unreachable or refusing raises.
MAIL_ERRORS = (smtplib.SMTPException, OSError)

# Characters that end a line or a header somewhere (CR, LF, the other C0 and C1 controls with
# NEL, Unicode line and paragraph separators) and the bidi controls that reorder what follows.
HEADER_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

# Providers whose addresses ignore dots in the local part, and their other names.
# Gmail: "a.b.c@gmail.com" and "abc@gmail.com" are one mailbox, and googlemail.com is the
# same service (https://support.google.com/mail/answer/7436150).
DOTLESS_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def normalise_email(email):
    """The mailbox an e-mail address reaches, for rate limits and a commenter's history.

    - spaces around it and capitals are ignored ("A@Example.org" is "a@example.org");
    - a ``+tag`` is dropped from the local part ("a+1@x.org" is "a@x.org"): subaddressing, which
      Gmail, Outlook.com, iCloud, Fastmail, Proton and most mail servers deliver to the same mailbox;
    - Gmail ignores dots in the local part and googlemail.com is gmail.com
      ("a.b@googlemail.com" is "ab@gmail.com");
    - a trailing dot of the domain is dropped.

    "" for no address; a value without "@" is only trimmed and lowered. The address shown to
    moderators and used to send mail is never changed: this is a key for counting, not an address.
    """
    value = (email or "").strip().lower()
    local, at, domain = value.rpartition("@")
    if not at or not local:
        return value
    domain = domain.rstrip(".")
    local = local.split("+", 1)[0] or local
    if domain in DOTLESS_DOMAINS:
        domain = DOTLESS_DOMAINS[domain]
        local = local.replace(".", "") or local
    return f"{local}@{domain}"


def header_safe(text):
    """``text`` on one line: header-unsafe characters become spaces, runs of spaces one space."""
    return " ".join(HEADER_UNSAFE.sub(" ", str(text or "")).split())

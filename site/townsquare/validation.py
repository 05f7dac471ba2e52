"""Reading numbers that come from URLs and forms, safely for every database.

Django's ``<int:...>`` converter and ``str.isdigit()`` accept numbers no database column
can hold (SQLite raises ``OverflowError`` past 2**63 - 1) and digits such as "²" that
``int()`` refuses; both used to end in a 500. These helpers turn them into "no such thing".
"""

MAX_ID = 2**63 - 1  # the largest value of a 64-bit signed integer column


def is_id(value):
    """True for an int that can be a primary key: 1 to ``MAX_ID``."""
    return type(value) is int and 0 < value <= MAX_ID


def parse_number(text, maximum=MAX_ID):
    """A positive whole number written in ASCII digits and at most ``maximum``, or None."""
    text = str(text)
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(maximum)):
        return None
    number = int(text)
    return number if 0 < number <= maximum else None

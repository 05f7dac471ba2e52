"""Filters for plain-text e-mails: what a visitor wrote stays on one line of the message."""

from django import template

from townsquare.mail import header_safe

register = template.Library()


@register.filter
def one_line(value):
    """``value`` on one line (``townsquare.mail.header_safe``): a visitor's name or text cannot
    start a line of its own, such as a forged link, in a message."""
    return header_safe(value)

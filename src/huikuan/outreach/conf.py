"""Outreach settings, read from Django settings with environment defaults.

HUIKUAN_SMS_URL            the SMS gateway's JSON endpoint (generic HTTP JSON adapter)
HUIKUAN_SMS_TOKEN          bearer token we send to the gateway
HUIKUAN_SMS_CALLBACK_URL   absolute URL of our delivery-report endpoint, given to the gateway
HUIKUAN_SMS_CALLBACK_TOKEN bearer token the gateway must present when posting delivery reports
HUIKUAN_SMS_ADAPTER        dotted path of the SMS adapter class (default: the HTTP JSON adapter)
"""

from __future__ import annotations

import os

from django.conf import settings


def setting(name: str, default: str = "") -> str:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, default)
    return str(value or "")


def sms_url() -> str:
    return setting("HUIKUAN_SMS_URL")


def sms_token() -> str:
    return setting("HUIKUAN_SMS_TOKEN")


def sms_callback_url() -> str:
    return setting("HUIKUAN_SMS_CALLBACK_URL")


def sms_callback_token() -> str:
    return setting("HUIKUAN_SMS_CALLBACK_TOKEN")


def sms_adapter_path() -> str:
    return setting("HUIKUAN_SMS_ADAPTER", "huikuan.outreach.channels.HttpJsonSmsAdapter")

"""Pages are in Chinese unless the person chose English.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a visitor with an English
browser would land on English pages; the product's default is zh-Hans, and the language menu (a
cookie) is the one switch. API clients keep Accept-Language, which they set deliberately.
"""

from django.conf import settings


class DefaultLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/") and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)

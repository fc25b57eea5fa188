from django.conf import settings


def navigation(request):
    return {"LANGUAGES_AVAILABLE": settings.LANGUAGES}

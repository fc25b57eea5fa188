from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from huikuan.web.views import healthz

from .api import api

admin.site.site_header = "Huikuan 回款"
admin.site.site_title = "Huikuan"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/log/", include("huikuan.evidence.log_api_urls")),
    path("api/v1/", api.urls),
    path("log/", include("huikuan.evidence.log_urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("huikuan.accounts.urls")),
    path("cases/", include("huikuan.cases.urls")),
    path("evidence/", include("huikuan.evidence.urls")),
    path("ledger/", include("huikuan.ledger.urls")),
    path("documents/", include("huikuan.documents.urls")),
    path("outreach/", include("huikuan.outreach.urls")),
    path("assistant/", include("huikuan.assistant.urls")),
    path("", include("huikuan.web.urls")),
]

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from huikuan.cases.choices import STATUS_COLOURS, CaseStatus
from huikuan.cases.selectors import case_counts, case_list
from huikuan.ledger.selectors import alert_list


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:  # any database failure is reported, not raised
        database = "error"
    status = 200 if database == "ok" else 503
    return JsonResponse({"status": "ok" if status == 200 else "degraded", "database": database}, status=status)


def home(request):
    if request.user.is_authenticated:
        return redirect("web:dashboard")
    return redirect("accounts:login")


@login_required
def dashboard(request):
    counts = case_counts(actor=request.user)
    by_status = [
        {
            "status": s,
            "label": s.label,
            "count": counts["by_status"].get(s.value, 0),
            "colour": STATUS_COLOURS[s],
        }
        for s in CaseStatus
    ]
    recent = case_list(actor=request.user)[:8]
    alerts = alert_list(actor=request.user)[:6]
    return render(
        request, "web/dashboard.html", {"counts": counts, "by_status": by_status, "recent": recent, "alerts": alerts}
    )

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from huikuan.cases.selectors import case_list


@login_required
def case_panel(request, case_id: int):
    """The case page's evidence vault panel, loaded by htmx."""
    case = get_object_or_404(case_list(actor=request.user), pk=case_id)
    return render(request, "evidence/_case_panel.html", {"case": case})

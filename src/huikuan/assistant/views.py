from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from huikuan.cases.selectors import case_list

from .answers import CANNED_QUESTIONS, action_labels, answer
from .forms import AskForm

MAX_CASES_IN_MENU = 200


def _cases(request):
    return case_list(actor=request.user)[:MAX_CASES_IN_MENU]


def _case(request, case_id):
    if case_id in (None, ""):
        return None
    return get_object_or_404(case_list(actor=request.user), pk=case_id)


@login_required
def chat(request):
    """The chat page; `?q=…&case=…` answers at once (links from answers and the case panel use it)."""
    form = AskForm(request.GET or None, cases=_cases(request))
    result = None
    if request.GET.get("q") and form.is_valid():
        result = answer(question=form.cleaned_data["q"], case=_case(request, form.cleaned_data["case"]))
    return render(request, "assistant/chat.html", {"form": form, "answers": [result] if result else []})


@login_required
@require_POST
def ask(request):
    """htmx: one answer appended to the conversation (a full page without htmx)."""
    form = AskForm(request.POST, cases=_cases(request))
    if not form.is_valid():
        if request.htmx:
            return render(request, "assistant/_form_errors.html", {"form": form}, status=422)
        return render(request, "assistant/chat.html", {"form": form, "answers": []}, status=422)
    result = answer(question=form.cleaned_data["q"], case=_case(request, form.cleaned_data["case"]))
    if request.htmx:
        return render(request, "assistant/_answer.html", {"a": result})
    return render(request, "assistant/chat.html", {"form": form, "answers": [result]})


@login_required
def case_panel(request, case_id: int):
    """The case page's consultation assistant panel, loaded by htmx."""
    case = get_object_or_404(case_list(actor=request.user), pk=case_id)
    labels = action_labels()
    questions = [(labels[key], q) for key, q in CANNED_QUESTIONS.items()]
    return render(request, "assistant/_case_panel.html", {"case": case, "questions": questions})

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huikuan.common.forms import add_service_error, run_service
from huikuan.core.errors import ServiceError

from . import selectors, services
from .forms import AcceptInvitationForm, ApiTokenForm, InviteForm, SignInForm, SignUpForm


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


def signup(request):
    if request.user.is_authenticated:
        return redirect("web:dashboard")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_signup(**form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to Huikuan. Register your first debt to get started."))
            return redirect("web:dashboard")
    return render(request, "accounts/signup.html", {"form": form})


def _current_org(request):
    organisation = selectors.current_organisation(user=request.user)
    if organisation is None:
        raise Http404
    return organisation


@login_required
def organisation(request):
    org = _current_org(request)
    issued_key = request.session.pop("issued_api_key", None)
    context = {
        "organisation": org,
        "memberships": selectors.membership_list(organisation=org),
        "invitations": selectors.invitation_open_list(organisation=org),
        "tokens": selectors.api_token_list(organisation=org),
        "can_manage": request.user.has_perm("accounts.manage_organisation", org),
        "invite_form": InviteForm(),
        "token_form": ApiTokenForm(),
        "issued_key": issued_key,
    }
    return render(request, "accounts/organisation.html", context)


@login_required
@require_POST
def invite(request):
    org = _current_org(request)
    form = InviteForm(request.POST)
    if form.is_valid():
        accept_url = request.build_absolute_uri(reverse("accounts:accept", args=["TOKEN"]))
        try:
            services.invitation_create(organisation=org, actor=request.user, accept_url=accept_url, **form.cleaned_data)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("accounts:organisation")


def accept_invitation(request, token: str):
    invitation = services.invitation_by_token(token=token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and (request.user.is_authenticated or form.is_valid()):
        try:
            if request.user.is_authenticated:
                user = services.invitation_accept(token=token, user=request.user)
            else:
                user = services.invitation_accept(token=token, **form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            if not request.user.is_authenticated:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("You joined %(org)s.") % {"org": invitation.organisation.name})
            return redirect("web:dashboard")
    return render(request, "accounts/accept.html", {"invitation": invitation, "form": form})


@login_required
@require_POST
def invitation_revoke(request, pk: int):
    org = _current_org(request)
    invitation = get_object_or_404(org.invitations, pk=pk)
    run_service(request, lambda: services.invitation_revoke(invitation=invitation, actor=request.user))
    return redirect("accounts:organisation")


@login_required
@require_POST
def member_remove(request, pk: int):
    org = _current_org(request)
    membership = get_object_or_404(org.memberships, pk=pk)
    run_service(request, lambda: services.membership_remove(membership=membership, actor=request.user))
    return redirect("accounts:organisation")


@login_required
@require_POST
def token_create(request):
    org = _current_org(request)
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            issued = services.api_token_create(organisation=org, name=form.cleaned_data["name"], actor=request.user)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            # Shown once on the next page; only the hash is stored.
            request.session["issued_api_key"] = issued.key
    else:
        messages.error(request, _("Give the token a name, e.g. the system that will use it."))
    return redirect("accounts:organisation")


@login_required
@require_POST
def token_revoke(request, pk: int):
    org = _current_org(request)
    token = get_object_or_404(org.api_tokens, pk=pk)
    run_service(
        request, lambda: services.api_token_revoke(token=token, actor=request.user), success=_("Token revoked.")
    )
    return redirect("accounts:organisation")


password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)

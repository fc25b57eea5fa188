from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", views.password_reset_done, name="password_reset_done"),
    path("reset/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("reset/done/", views.password_reset_complete, name="password_reset_complete"),
    path("organisation/", views.organisation, name="organisation"),
    path("organisation/invite/", views.invite, name="invite"),
    path("organisation/invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("organisation/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("organisation/tokens/", views.token_create, name="token_create"),
    path("organisation/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept"),
]

"""The resident's own pages beside allauth's: what the site holds on them, and erasure."""

import json

from allauth.account import views as allauth_views
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.forms import DeleteAccountForm
from accounts.models import WriteEvent
from accounts.selectors import user_personal_data, user_personal_data_summary
from accounts.services import user_erase, user_renew_api_token
from accounts.throttling import WriteThrottled, client_address, write_allow


@login_required
def my_data(request):
    token = getattr(request.user, "auth_token", None)
    return render(
        request,
        "accounts/my_data.html",
        {
            "account": user_personal_data(user=request.user)["account"],
            "parts": user_personal_data_summary(user=request.user),
            "api_token": token,
        },
    )


@login_required
@require_POST
def api_token(request):
    user_renew_api_token(user=request.user)
    messages.success(request, _("Your new API token is ready; the previous one no longer works."))
    return redirect("accounts:my-data")


@login_required
def my_data_download(request):
    body = json.dumps(user_personal_data(user=request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cadre-de-vie-my-data.json"'
    return response


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        user_erase(user=user)
        messages.success(request, _("Your account and your personal data have been erased."))
        return redirect("mapping:map")
    return render(request, "accounts/delete.html", {"form": form})


class SignupView(allauth_views.SignupView):
    """allauth's sign-up, within the limit on sign-ups per address (accounts.throttling).

    Sign-up's only door: the count is taken when a valid form is about to create the account,
    and a refusal shows the form again, 429, with the sentence; no account is created."""

    def form_valid(self, form):
        try:
            write_allow(action=WriteEvent.Action.SIGNUP, address=client_address(self.request))
        except WriteThrottled as refusal:
            form.add_error(None, refusal.message)
            response = self.form_invalid(form)
            response.status_code = 429
            response["Retry-After"] = str(refusal.wait)
            return response
        return super().form_valid(form)


signup = SignupView.as_view()

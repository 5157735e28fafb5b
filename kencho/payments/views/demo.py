"""The demo gateway's hosted payment page. It stands for a payment company's site, so it has its
own plain layout and asks nothing of Kencho's session: the token in the URL is the checkout."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from ..demo_gateway import ACTIONS, demo_checkout_complete, demo_checkout_get
from ..providers.base import enabled_provider_ids


@require_http_methods(["GET", "POST"])
def checkout(request: HttpRequest, token: str) -> HttpResponse:
    if "demo" not in enabled_provider_ids():
        raise Http404
    checkout = demo_checkout_get(token)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in ACTIONS:
            return HttpResponseRedirect(demo_checkout_complete(token=token, action=action), status=303)
    return render(request, "payments/demo/checkout.html", {"checkout": checkout})

import os
import time
import pytest
from playwright.sync_api import sync_playwright
from django.core.management import call_command

def test_proto(live_server):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    t = time.time()
    call_command("load_demo")
    print("load_demo", time.time() - t)
    with sync_playwright() as p:
        t = time.time()
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        print("launch", time.time() - t)
        ctx = b.new_context()
        page = ctx.new_page()
        r = page.goto(live_server.url + "/")
        print(r.status, page.title())
        css = page.request.get(live_server.url + "/static/kencho/kencho.css")
        tok = page.request.get(live_server.url + "/static/vendor/design-tokens/tokens.css")
        print(css.status, tok.status)
        print(page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor"))
        from kencho.procedures.models import Procedure
        print(Procedure.objects.count())
        b.close()

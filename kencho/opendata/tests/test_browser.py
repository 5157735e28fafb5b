"""What a publisher and a resident do in a real browser: a staff member drafts a dataset, uploads a
zipped shapefile with a progress bar and publishes it; a resident finds it by a Japanese word and
sees the features on the map. axe-core checks the pages against WCAG 2.1 AA, on a desktop and on a
390 px phone, and the upload form is also used with JavaScript off."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from kencho.conftest import PASSWORD, make_staff
from kencho.core.models import User
from kencho.procedures.tests import conftest as browser_fixtures
from kencho.procedures.tests.browser import PHONE, assert_accessible, log_in

from ..models import Dataset, DatasetState, Resource
from ..services import dataset_create, organization_create, resource_save

if TYPE_CHECKING:
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from playwright.sync_api import Page

    from kencho.procedures.tests.conftest import NewContext

pytestmark = pytest.mark.browser

# The procedures' browser fixtures (one Chromium per module, a context per test), shared rather than
# copied: fixtures are found by name in the test module.
browser = browser_fixtures.browser
new_context = browser_fixtures.new_context

TSU_POINTS = [("津市役所", 136.5086, 34.7185), ("津駅", 136.5094, 34.7344), ("三重県庁", 136.5086, 34.7303)]
TSU_AREA = [(136.515, 34.700), (136.540, 34.700), (136.540, 34.720), (136.515, 34.720), (136.515, 34.700)]
AED_MISSING_COLUMNS = "名称,所在地_連結表記\n津市役所,三重県津市西丸之内23-1\n".encode()


def tsu_shapefile_zip(directory: Path) -> bytes:
    """Two layers around Tsu in JGD2011 / Japan Plane Rectangular CS VI (EPSG:6674), as a city's
    GIS exports them: facilities as points and an inundation area as a polygon."""
    import shapefile
    from pyproj import CRS, Transformer
    from pyproj.enums import WktVersion

    to_plane = Transformer.from_crs("EPSG:4326", "EPSG:6674", always_xy=True)
    with shapefile.Writer(str(directory / "shisetsu"), shapeType=shapefile.POINT, encoding="utf-8") as points:
        points.field("NAME", "C", size=50)
        for name, lon, lat in TSU_POINTS:
            points.point(*to_plane.transform(lon, lat))
            points.record(name)
    with shapefile.Writer(str(directory / "shinsui"), shapeType=shapefile.POLYGON, encoding="utf-8") as areas:
        areas.field("DEPTH", "C", size=20)
        areas.poly([[to_plane.transform(lon, lat) for lon, lat in reversed(TSU_AREA)]])  # clockwise
        areas.record("0.3m-1m")
    prj = CRS.from_epsg(6674).to_wkt(WktVersion.WKT1_ESRI)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for layer in ("shisetsu", "shinsui"):
            for extension in ("shp", "shx", "dbf"):
                archive.write(directory / f"{layer}.{extension}", f"{layer}.{extension}")
            archive.writestr(f"{layer}.prj", prj)
            archive.writestr(f"{layer}.cpg", "UTF-8")
    return buffer.getvalue()


@pytest.fixture
def shapefile_zip(tmp_path: Path) -> Path:
    path = tmp_path / "tsunami-shinsui.zip"
    path.write_bytes(tsu_shapefile_zip(tmp_path))
    return path


@pytest.fixture
def publisher(transactional_db: Any) -> TOTPDevice:
    """An officer of 防災対策部 with an authenticator app, whose unit publishes as 三重県 防災対策部."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kencho.core.services import org_unit_create

    unit = org_unit_create(
        code="05", name_ja="防災対策部", name_en="Disaster Prevention", level="department", parent=None
    )
    organization_create(
        name="mie-bosai", title_ja="三重県 防災対策部", title_en="Mie Disaster Prevention", unit=unit
    )
    officer = make_staff("bosai.officer@example.jp", unit, name="津 一郎")
    return TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)


def _check(page: Page, where: str, viewport: dict[str, int] | None = None) -> None:
    assert_accessible(page, where)
    if viewport:  # WCAG 1.4.10: no sideways scrolling on a phone
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{where} is {width}px wide on a {viewport['width']}px screen"


_WATCH_PROGRESS = """() => {
  window.uploadSeen = {max: 0, texts: []};
  const bar = document.querySelector("[data-upload-progress] progress");
  const status = document.querySelector("[data-upload-status]");
  new MutationObserver(() => {
    window.uploadSeen.max = Math.max(window.uploadSeen.max, Number(bar.value));
  }).observe(bar, {attributes: true});
  new MutationObserver(() => window.uploadSeen.texts.push(status.textContent))
    .observe(status, {childList: true, characterData: true, subtree: true});
}"""


def test_staff_publishes_a_shapefile_that_a_resident_finds_on_the_map(
    new_context: NewContext, publisher: TOTPDevice, shapefile_zip: Path
) -> None:
    staff = new_context(bypass_csp=True).new_page()
    log_in(staff, email=publisher.user.email, password=PASSWORD, device=publisher)
    staff.goto("/staff/opendata/")
    _check(staff, "the staff dataset list")
    staff.get_by_role("link", name="新しいデータセットを作る").click()
    _check(staff, "the new dataset form")

    staff.locator("#id_title").fill("津波浸水想定")
    staff.get_by_role("button", name="下書きとして保存する").click()
    expect(staff.locator("[data-error-summary]")).to_be_focused()  # the URL name is missing
    _check(staff, "the new dataset form with errors")
    staff.locator("#id_name").fill("tsunami-shinsui")
    staff.locator("#id_tags").fill("津波、防災")
    staff.locator("#id_maintainer").fill("防災対策部 防災企画課")
    staff.get_by_role("button", name="下書きとして保存する").click()
    expect(staff.locator(".notice")).to_contain_text("下書きとして保存しました")
    _check(staff, "the draft dataset page")

    staff.get_by_role("link", name="ファイルを追加する").click()
    _check(staff, "the upload form")
    # A file that cannot be read comes back as the form with its error, sent the same way.
    staff.locator("#id_upload").set_input_files(
        {"name": "broken.xlsx", "mimeType": "application/octet-stream", "buffer": b"PK\x03\x04 broken"}
    )
    staff.get_by_role("button", name="保存する").click()
    expect(staff.locator("[data-error-summary]")).to_be_focused()
    expect(staff.locator("#id_upload_error")).to_be_visible()
    staff.locator("#id_upload").set_input_files(shapefile_zip)
    staff.locator("#id_name").fill("津波浸水想定区域（津市）")
    staff.evaluate(_WATCH_PROGRESS)
    staff.get_by_role("button", name="保存する").click()
    expect(staff.locator("h1")).to_have_text("津波浸水想定区域（津市）")
    expect(staff.locator(".notice")).to_contain_text("リソースを保存しました")
    resource = Resource.objects.get()
    assert re.search(rf"/resources/{resource.pk}/$", staff.url), staff.url  # the address of the page shown
    seen = staff.evaluate("window.uploadSeen")
    assert seen["max"] == 100, seen
    assert any("100%" in text for text in seen["texts"]), seen
    assert resource.format == "SHP"
    _check(staff, "the resource page")

    staff.get_by_role("link", name="データセットに戻る").click()
    staff.get_by_role("button", name="公開する").click()
    expect(staff.locator(".notice")).to_contain_text("データセットを公開しました")
    assert Dataset.objects.get().state == DatasetState.ACTIVE

    resident = new_context(bypass_csp=True).new_page()
    resident.goto("/dataset/")
    resident.get_by_label("キーワード").fill("津波")
    resident.get_by_role("button", name="検索", exact=True).click()
    _check(resident, "the search results")
    resident.get_by_role("link", name="津波浸水想定", exact=True).click()
    _check(resident, "the dataset page")
    resident.get_by_role("link", name="津波浸水想定区域（津市）", exact=True).click()
    overlay = resident.locator(".leaflet-overlay-pane path, .leaflet-marker-pane .leaflet-marker-icon")
    expect(overlay.first).to_be_visible()
    assert overlay.count() >= len(TSU_POINTS) + 1, overlay.count()
    _check(resident, "the resource page with its map")


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_catalogue_pages_have_no_accessibility_violations(
    new_context: NewContext, publisher: TOTPDevice, shapefile_zip: Path, viewport: dict[str, int] | None
) -> None:
    officer: User = publisher.user
    draft = dataset_create(
        actor=officer,
        data={"name": "aed", "title": "AED設置箇所一覧", "owner_org": "mie-bosai", "state": "draft"},
    )
    report = resource_save(
        actor=officer,
        dataset=draft,
        data={"name": "AED一覧", "standard_dataset": "aed"},
        upload=SimpleUploadedFile("aed.csv", AED_MISSING_COLUMNS),
    )
    published = dataset_create(
        actor=officer, data={"name": "tsunami-shinsui", "title": "津波浸水想定", "owner_org": "mie-bosai"}
    )
    mapped = resource_save(
        actor=officer,
        dataset=published,
        data={"name": "津波浸水想定区域（津市）"},
        upload=SimpleUploadedFile(shapefile_zip.name, shapefile_zip.read_bytes()),
    )
    options: dict[str, Any] = {"bypass_csp": True}
    if viewport:
        options.update(viewport=viewport, is_mobile=True, has_touch=True)

    resident = new_context(**options).new_page()
    for address, where in [
        ("/dataset/?q=津波", "the search results"),
        ("/dataset/tsunami-shinsui/", "the dataset page"),
        (f"/dataset/{published.pk}/resource/{mapped.pk}/", "the resource page with its map"),
    ]:
        resident.goto(address)
        if "resource" in address:
            expect(resident.locator(".leaflet-overlay-pane path").first).to_be_visible()
        _check(resident, where, viewport)

    staff = new_context(**options).new_page()
    log_in(staff, email=officer.email, password=PASSWORD, device=publisher)
    base = f"/staff/opendata/{draft.pk}/"
    for address, where in [
        ("/staff/opendata/", "the staff dataset list"),
        ("/staff/opendata/new/", "the new dataset form"),
        (base, "a dataset whose file fails its standard"),
        (f"{base}edit/", "the dataset form"),
        (f"{base}resources/new/", "the upload form"),
        (f"{base}resources/{report.pk}/", "the check report"),
        (f"{base}history/", "the history"),
        (f"{base}history/compare/?from=1&to=2", "the comparison of two revisions"),
        (f"{base}delete/", "the delete confirmation"),
        (f"/staff/opendata/{published.pk}/", "a published dataset"),
    ]:
        staff.goto(address)
        _check(staff, where, viewport)
    staff.goto(base)
    expect(staff.get_by_role("button", name="公開する")).to_be_disabled()
    expect(staff.locator("#publish-blocked")).to_contain_text("検査に通っていません")


def test_the_upload_form_works_without_javascript(
    new_context: NewContext, publisher: TOTPDevice, shapefile_zip: Path
) -> None:
    dataset = dataset_create(
        actor=publisher.user,
        data={"name": "tsunami-shinsui", "title": "津波浸水想定", "owner_org": "mie-bosai", "state": "draft"},
    )
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, email=publisher.user.email, password=PASSWORD, device=publisher)
    page.goto(f"/staff/opendata/{dataset.pk}/resources/new/")
    expect(page.locator("[data-upload-progress]")).to_be_hidden()
    page.locator("#id_upload").set_input_files(shapefile_zip)
    page.get_by_role("button", name="保存する").click()
    expect(page.locator(".notice")).to_contain_text("リソースを保存しました")
    resource = Resource.objects.get()
    assert page.url.endswith(f"/resources/{resource.pk}/")
    assert resource.filename == "tsunami-shinsui.zip"


def test_a_file_over_the_limit_is_stopped_before_it_is_sent(
    new_context: NewContext, publisher: TOTPDevice, settings: Any, tmp_path: Path
) -> None:
    settings.KENCHO_OPENDATA_MAX_UPLOAD_MB = 1
    big = tmp_path / "big.csv"
    big.write_bytes(b"a,b\n" + b"1,2\n" * 400_000)
    dataset = dataset_create(
        actor=publisher.user,
        data={"name": "tsunami-shinsui", "title": "津波浸水想定", "owner_org": "mie-bosai", "state": "draft"},
    )
    page = new_context(bypass_csp=True).new_page()
    log_in(page, email=publisher.user.email, password=PASSWORD, device=publisher)
    page.goto(f"/staff/opendata/{dataset.pk}/resources/new/")
    posts: list[str] = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    page.locator("#id_upload").set_input_files(big)
    page.get_by_role("button", name="保存する").click()
    upload = page.locator("#id_upload")
    expect(upload).to_be_focused()
    expect(page.locator("#id_upload_error")).to_contain_text("ファイルが大きすぎます。1 MB 以下に")
    expect(upload).to_have_attribute("aria-invalid", "true")
    assert not posts
    _check(page, "the upload form with the size refused")
    assert not Resource.objects.exists()


def test_an_upload_over_the_limit_without_javascript_is_answered_with_the_form(
    new_context: NewContext, publisher: TOTPDevice, settings: Any, tmp_path: Path
) -> None:
    settings.KENCHO_OPENDATA_MAX_UPLOAD_MB = 1
    big = tmp_path / "big.csv"
    big.write_bytes(b"a,b\n" + b"1,2\n" * 700_000)
    dataset = dataset_create(
        actor=publisher.user,
        data={"name": "tsunami-shinsui", "title": "津波浸水想定", "owner_org": "mie-bosai", "state": "draft"},
    )
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, email=publisher.user.email, password=PASSWORD, device=publisher)
    page.goto(f"/staff/opendata/{dataset.pk}/resources/new/")
    page.locator("#id_upload").set_input_files(big)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="保存する").click()
    assert answer.value.status == 413
    expect(page.locator("#id_upload_error")).to_contain_text("ファイルが大きすぎます")
    assert not Resource.objects.exists()

"""Staff pages of the catalogue: drafting, editing, uploading, the standard check, publishing,
history, and who may do what."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kencho.conftest import staff_client
from kencho.core.models import OrgUnit, User
from kencho.opendata.models import Dataset, DatasetState, Organization, Resource, ResourceState
from kencho.opendata.services import dataset_create, dataset_publish, group_create, organization_create

pytestmark = pytest.mark.django_db

BASE = "/staff/opendata/"
CSV = "施設名,緯度,経度\n津市役所,34.7303,136.5086\n三重県庁,34.7302,136.5086\n".encode()


@pytest.fixture
def organization(units: dict[str, OrgUnit]) -> Organization:
    return organization_create(
        name="mie-bosai",
        title_ja="三重県 防災対策部",
        title_en="Mie Disaster Prevention",
        unit=units["section"],
    )


@pytest.fixture
def other_organization(units: dict[str, OrgUnit]) -> Organization:
    return organization_create(name="mie-kendo", title_ja="三重県 県土整備部", unit=units["other"])


@pytest.fixture
def client(officer: User, organization: Organization) -> Client:
    return staff_client(officer)


@pytest.fixture
def draft(officer: User, organization: Organization) -> Dataset:
    return dataset_create(
        actor=officer,
        data={"name": "tsunami-shinsui", "title": "津波浸水想定", "owner_org": "mie-bosai", "state": "draft"},
    )


def _form(organization: Organization, **fields: Any) -> dict[str, Any]:
    return {
        "title": "津波浸水想定区域",
        "title_en": "Tsunami inundation areas",
        "name": "tsunami-shinsui-2024",
        "notes": "最大クラスの津波による浸水の範囲と深さ。",
        "owner_org": str(organization.pk),
        "license_id": "cc-by-4.0",
        "tags": "津波、防災, 浸水",
        "frequency": "annual",
        "spatial": "三重県全域",
        "temporal_start": "2024-04-01",
        "temporal_end": "2025-03-31",
        "maintainer": "防災対策部 防災企画課",
        "maintainer_email": "bosai@pref.mie.lg.jp",
        "url": "https://www.pref.mie.lg.jp/bosai/",
        "version": "2024年版",
        **fields,
    }


def _english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _upload(
    client: Client, dataset: Dataset, content: bytes = CSV, name: str = "shisetsu.csv", **fields: Any
):
    return client.post(
        f"{BASE}{dataset.pk}/resources/new/",
        {"upload": SimpleUploadedFile(name, content), "name": "施設一覧", **fields},
    )


# --- the list


def test_list_shows_drafts_of_ones_own_organisations_only(
    client: Client, draft: Dataset, other_officer: User, other_organization: Organization
) -> None:
    dataset_create(
        actor=other_officer,
        data={"name": "douro", "title": "道路台帳", "owner_org": "mie-kendo", "state": "draft"},
    )
    page = client.get(BASE).content.decode()
    assert "津波浸水想定" in page
    assert "下書き" in page
    assert "道路台帳" not in page


def test_list_filters_by_state_and_finds_a_japanese_word(
    client: Client, officer: User, draft: Dataset
) -> None:
    dataset_create(actor=officer, data={"name": "aed", "title": "AED設置箇所", "owner_org": "mie-bosai"})
    drafts = client.get(BASE, {"state": "draft"}).content.decode()
    assert "津波浸水想定" in drafts and "AED設置箇所" not in drafts
    published = client.get(BASE, {"state": "active"}).content.decode()
    assert "AED設置箇所" in published and "津波浸水想定" not in published
    found = client.get(BASE, {"q": "津波"}).content.decode()
    assert "津波浸水想定" in found and "AED設置箇所" not in found


def test_anonymous_visitors_are_sent_to_log_in_and_residents_refused(resident: User) -> None:
    assert Client().get(BASE).status_code == 302
    visitor = Client()
    visitor.force_login(resident)
    assert visitor.get(BASE).status_code == 403


# --- creating and editing a dataset


def test_officer_saves_a_new_dataset_as_a_draft_with_tags_and_groups(
    client: Client, organization: Organization
) -> None:
    bosai = group_create(name="bosai", title_ja="防災", title_en="Disaster prevention")
    form_page = client.get(f"{BASE}new/").content.decode()
    assert "三重県 防災対策部" in form_page
    assert "出典：三重県 防災対策部" not in form_page  # the attribution names the publisher once chosen
    assert "ライセンスごとの出典表示" in form_page

    response = client.post(f"{BASE}new/", _form(organization, groups=[str(bosai.pk)]))
    dataset = Dataset.objects.get(name="tsunami-shinsui-2024")
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}{dataset.pk}/"
    assert dataset.state == DatasetState.DRAFT
    assert sorted(dataset.tags.values_list("name", flat=True)) == ["津波", "浸水", "防災"]
    assert list(dataset.groups.all()) == [bosai]
    assert str(dataset.temporal_end) == "2025-03-31"
    detail = client.get(response["Location"]).content.decode()
    assert "下書きとして保存しました" in detail
    assert "出典：三重県 防災対策部「津波浸水想定区域」" in detail


def test_a_missing_name_is_asked_for_with_a_suggestion_from_the_english_title(
    client: Client, organization: Organization
) -> None:
    response = client.post(f"{BASE}new/", _form(organization, name=""))
    assert response.status_code == 422
    page = response.content.decode()
    assert "tsunami-inundation-areas" in page
    assert "data-error-summary" in page
    assert not Dataset.objects.exists()


def test_problems_found_by_the_service_are_shown_next_to_their_fields(
    client: Client, organization: Organization
) -> None:
    bad = _form(
        organization,
        name="Tsunami 2024",
        maintainer_email="bosai-at-pref",
        url="ftp://example.jp/",
        temporal_end="2023-03-31",
        tags="津波, <script>",
    )
    response = client.post(f"{BASE}new/", bad)
    assert response.status_code == 422
    page = response.content.decode()
    assert "URL名は2〜100文字の半角英小文字" in page
    assert "メールアドレスの形式が正しくありません" in page
    assert "http:// または https:// で始まるURL" in page
    assert "対象期間の終了は開始より後に" in page
    assert "タグ「&lt;script&gt;」は使えません" in page
    assert 'id="id_maintainer_email_error"' in page
    english = _english(client).post(f"{BASE}new/", bad).content.decode()
    assert "Enter a valid e-mail address" in english
    assert "メールアドレスの形式" not in english
    assert not Dataset.objects.exists()


def test_a_taken_name_is_a_field_error_not_a_crash(
    client: Client, organization: Organization, draft: Dataset
) -> None:
    response = client.post(f"{BASE}new/", _form(organization, name="tsunami-shinsui"))
    assert response.status_code == 422
    assert "は既に使われています" in response.content.decode()


def test_editing_changes_the_fields_and_keeps_the_files(
    client: Client, organization: Organization, draft: Dataset
) -> None:
    assert _upload(client, draft).status_code == 302
    page = client.get(f"{BASE}{draft.pk}/edit/").content.decode()
    assert 'value="津波浸水想定"' in page
    response = client.post(f"{BASE}{draft.pk}/edit/", _form(organization, name="tsunami-shinsui", tags=""))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "津波浸水想定区域"
    assert draft.tags.count() == 0
    assert draft.resources.filter(state=ResourceState.ACTIVE).count() == 1


def test_a_published_dataset_keeps_its_url_name(
    client: Client, officer: User, organization: Organization, draft: Dataset
) -> None:
    dataset_publish(actor=officer, dataset=draft, publish=True)
    response = client.post(f"{BASE}{draft.pk}/edit/", _form(organization, name="renamed"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.name == "tsunami-shinsui"


# --- files


def test_uploading_a_csv_stores_it_and_shows_the_resource(client: Client, draft: Dataset) -> None:
    response = _upload(client, draft)
    resource = Resource.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}{draft.pk}/resources/{resource.pk}/"
    assert (resource.format, resource.size, resource.file.read()) == ("CSV", len(CSV), CSV)
    page = client.get(response["Location"]).content.decode()
    assert "shisetsu.csv" in page and resource.hash in page


def test_a_resource_can_be_a_link_and_needs_a_file_or_a_url(client: Client, draft: Dataset) -> None:
    response = client.post(f"{BASE}{draft.pk}/resources/new/", {"name": "空"})
    assert response.status_code == 422
    assert "ファイルを添付するか、URLを指定してください" in response.content.decode()
    response = client.post(
        f"{BASE}{draft.pk}/resources/new/", {"name": "一覧", "url": "https://example.jp/a.csv"}
    )
    assert response.status_code == 302
    assert Resource.objects.get().url == "https://example.jp/a.csv"


def test_an_unreadable_file_is_refused_next_to_the_file_field(client: Client, draft: Dataset) -> None:
    response = _upload(client, draft, content=b"PK\x03\x04 not a workbook", name="broken.xlsx")
    assert response.status_code == 422
    assert 'id="id_upload_error"' in response.content.decode()
    assert not Resource.objects.exists()


def test_editing_a_resource_without_a_new_file_keeps_the_file(client: Client, draft: Dataset) -> None:
    _upload(client, draft)
    resource = Resource.objects.get()
    response = client.post(
        f"{BASE}{draft.pk}/resources/{resource.pk}/edit/",
        {"name": "施設一覧（令和6年度）", "description": "", "format": "", "url": "", "standard_dataset": ""},
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.name == "施設一覧（令和6年度）"
    assert resource.file.read() == CSV


def test_choosing_a_standard_for_a_stored_file_checks_the_stored_file(client: Client, draft: Dataset) -> None:
    _upload(client, draft)
    resource = Resource.objects.get()
    response = client.post(
        f"{BASE}{draft.pk}/resources/{resource.pk}/edit/", {"name": "施設一覧", "standard_dataset": "aed"}
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.standard_dataset == "aed"
    assert resource.validation_report is not None
    assert resource.has_validation_errors  # the file is not an AED list
    client.post(
        f"{BASE}{draft.pk}/resources/{resource.pk}/edit/", {"name": "施設一覧", "standard_dataset": ""}
    )
    resource.refresh_from_db()
    assert resource.validation_report is None


def test_deleting_a_resource_asks_first(client: Client, draft: Dataset) -> None:
    _upload(client, draft)
    resource = Resource.objects.get()
    url = f"{BASE}{draft.pk}/resources/{resource.pk}/delete/"
    assert "を削除しますか" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    resource.refresh_from_db()
    assert resource.state == ResourceState.DELETED


@pytest.mark.parametrize("size_mb", [1.2, 2.5], ids=["cut-off-while-read", "refused-by-length"])
def test_an_upload_over_the_limit_is_refused_with_413_in_the_page_language(
    client: Client, draft: Dataset, settings: Any, size_mb: float
) -> None:
    settings.KENCHO_OPENDATA_MAX_UPLOAD_MB = 1
    content = b"a,b\n" + b"1,2\n" * int(size_mb * 1024 * 1024 / 4)
    response = _upload(client, draft, content=content, name="big.csv")
    assert response.status_code == 413
    assert "ファイルが大きすぎます。1 MB 以下に" in response.content.decode()
    english = _upload(_english(client), draft, content=content, name="big.csv")
    assert english.status_code == 413
    assert "The file is too large. Keep it under 1 MB" in english.content.decode()
    assert not Resource.objects.exists()


def test_the_upload_form_tells_the_script_the_limit(client: Client, draft: Dataset) -> None:
    page = client.get(f"{BASE}{draft.pk}/resources/new/").content.decode()
    assert f'data-max-bytes="{500 * 1024 * 1024}"' in page
    assert "opendata/upload.js" in page
    assert "<progress" in page


def test_the_upload_form_still_checks_the_csrf_token(officer: User, draft: Dataset) -> None:
    client = staff_client(officer)
    client.handler.enforce_csrf_checks = True
    response = _upload(client, draft)
    assert response.status_code == 403
    assert not Resource.objects.exists()


# --- the standard check and publishing


AED_MISSING_COLUMNS = "名称,所在地_連結表記\n津市役所,三重県津市西丸之内23-1\n".encode()


def test_a_file_failing_its_standard_shows_the_report_and_blocks_publishing(
    client: Client, draft: Dataset
) -> None:
    response = _upload(client, draft, content=AED_MISSING_COLUMNS, name="aed.csv", standard_dataset="aed")
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.has_validation_errors
    report = client.get(response["Location"]).content.decode()
    assert "標準に適合していません" in report
    assert "必須の列「全国地方公共団体コード」がありません" in report
    assert "UTF-8" in report

    dataset_page = client.get(f"{BASE}{draft.pk}/").content.decode()
    assert 'disabled aria-describedby="publish-blocked"' in dataset_page
    assert "検査に通っていません" in dataset_page

    refused = client.post(f"{BASE}{draft.pk}/publish/", {"action": "publish"})
    assert refused.status_code == 422
    assert "自治体標準オープンデータセットの検査に通っていないため公開できません" in refused.content.decode()
    draft.refresh_from_db()
    assert draft.state == DatasetState.DRAFT


def test_the_report_speaks_english_on_an_english_page(client: Client, draft: Dataset) -> None:
    response = _upload(client, draft, content=AED_MISSING_COLUMNS, name="aed.csv", standard_dataset="aed")
    page = _english(client).get(response["Location"]).content.decode()
    assert "is missing" in page
    assert "必須の列" not in page


def test_publishing_and_returning_to_a_draft(client: Client, draft: Dataset) -> None:
    _upload(client, draft)
    response = client.post(f"{BASE}{draft.pk}/publish/", {"action": "publish"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_public
    assert "データセットを公開しました" in client.get(response["Location"]).content.decode()
    client.post(f"{BASE}{draft.pk}/publish/", {"action": "unpublish"})
    draft.refresh_from_db()
    assert draft.state == DatasetState.DRAFT


def test_deleting_a_dataset_asks_first_and_removes_it_from_the_list(client: Client, draft: Dataset) -> None:
    url = f"{BASE}{draft.pk}/delete/"
    assert "を削除しますか" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == BASE
    listing = client.get(BASE).content.decode()
    assert "データセット「津波浸水想定」を削除しました" in listing
    assert f'href="{BASE}{draft.pk}/"' not in listing
    assert client.get(f"{BASE}{draft.pk}/").status_code == 404


# --- other units


def test_another_units_officer_cannot_see_a_draft_or_change_a_published_dataset(
    officer: User, other_officer: User, draft: Dataset
) -> None:
    other = staff_client(other_officer)
    for path in ("", "edit/", "history/", "resources/new/", "delete/"):
        assert other.get(f"{BASE}{draft.pk}/{path}").status_code == 404, path
    assert _upload(other, draft).status_code == 404
    assert other.post(f"{BASE}{draft.pk}/publish/", {"action": "publish"}).status_code == 404
    dataset_publish(actor=officer, dataset=draft, publish=True)
    assert other.get(f"{BASE}{draft.pk}/edit/").status_code == 403
    assert other.post(f"{BASE}{draft.pk}/publish/", {"action": "unpublish"}).status_code == 403
    draft.refresh_from_db()
    assert draft.is_public
    assert not Resource.objects.exists()


def test_a_resource_of_another_dataset_is_not_found(client: Client, officer: User, draft: Dataset) -> None:
    _upload(client, draft)
    resource = Resource.objects.get()
    second = dataset_create(actor=officer, data={"name": "second", "title": "別", "owner_org": "mie-bosai"})
    assert client.get(f"{BASE}{second.pk}/resources/{resource.pk}/").status_code == 404


def test_an_organisation_not_ones_own_cannot_be_chosen(
    client: Client, organization: Organization, other_organization: Organization
) -> None:
    response = client.post(f"{BASE}new/", _form(organization, owner_org=str(other_organization.pk)))
    assert response.status_code == 422
    assert not Dataset.objects.exists()


# --- history


def test_history_lists_who_did_what_and_compares_two_revisions(
    client: Client, organization: Organization
) -> None:
    client.post(f"{BASE}new/", _form(organization))
    dataset = Dataset.objects.get()
    client.post(
        f"{BASE}{dataset.pk}/edit/", _form(organization, title="津波浸水想定区域（改訂）", tags="津波")
    )
    _upload(client, dataset)
    client.post(f"{BASE}{dataset.pk}/publish/", {"action": "publish"})

    page = client.get(f"{BASE}{dataset.pk}/history/").content.decode()
    for action in ("作成", "更新", "リソースを追加", "公開"):
        assert f"<td>{action}</td>" in page, action
    assert page.count("三重 花子") == 4
    assert "タイトル, タグ" in page

    compare = client.get(f"{BASE}{dataset.pk}/history/compare/", {"from": "1", "to": "2"})
    assert compare.status_code == 200
    text = compare.content.decode()
    assert "津波浸水想定区域（改訂）" in text and "津波, 浸水, 防災" in text
    assert "説明" not in text.split("<tbody>")[1]  # unchanged fields are left out
    resources = client.get(f"{BASE}{dataset.pk}/history/compare/", {"from": "2", "to": "3"}).content.decode()
    assert "施設一覧 (CSV)" in resources


def test_comparing_without_two_revisions_goes_back_to_the_history(client: Client, draft: Dataset) -> None:
    response = client.get(f"{BASE}{draft.pk}/history/compare/", {"from": "1", "to": "x"})
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}{draft.pk}/history/"

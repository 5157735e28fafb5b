"""Staff forms of the catalogue. They collect what a person types and hand the services a dict in
CKAN's shape; the services validate it, and their InvalidInput errors come back onto the fields."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from kencho.core.i18n import current_language

from .errors import InvalidInput, Message
from .licenses import license_choices
from .models import Dataset, Frequency, Group, Organization, Resource
from .standards import standard_dataset_choices
from .validation import NAME_PATTERN

# Commas, Japanese commas (、，) and line breaks all separate tags.
_TAG_SEPARATORS = re.compile(r"[,、，\n]")


def message_text(message: Message) -> str:
    """The Japanese or English half of a service message, in the page's language."""
    return message[1] if current_language() == "en" else message[0]


class CatalogForm(forms.Form):
    """A form whose values are checked by a service: `add_invalid_input` puts the service's
    problems next to the fields they name, and the rest at the top of the form."""

    field_for_key: dict[str, str] = {}

    def add_invalid_input(self, error: InvalidInput) -> None:
        for key, messages in error.errors.items():
            name = self.field_for_key.get(key, key)
            target = name if name in self.fields and not self.fields[name].disabled else None
            for message in messages:
                self.add_error(target, message_text(message))


class DatasetForm(CatalogForm):
    title = forms.CharField(
        label=_("タイトル"),
        max_length=300,
        help_text=_("検索結果と一覧に出る名前です。例: 津波浸水想定区域図"),
    )
    title_en = forms.CharField(label=_("英語のタイトル"), max_length=300, required=False)
    name = forms.CharField(
        label=_("URL名"),
        max_length=100,
        help_text=_(
            "データセットのURLに使う半角英小文字・数字・「-」「_」（2〜100文字）。"
            "日本語のタイトルからは作れないので入力してください。例: tsunami-shinsui-2024"
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "inputmode": "url"}),
    )
    notes = forms.CharField(label=_("説明"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    notes_en = forms.CharField(
        label=_("英語の説明"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    owner_org = forms.ChoiceField(label=_("公開組織"))
    license_id = forms.ChoiceField(
        label=_("ライセンス"),
        help_text=_("利用者が表示する出典の書き方は、下の「ライセンスごとの出典表示」で確かめられます。"),
    )
    tags = forms.CharField(
        label=_("タグ"),
        required=False,
        help_text=_("カンマ（,）か読点（、）で区切ります。例: 防災, 津波, 浸水"),
    )
    groups = forms.MultipleChoiceField(label=_("分類"), required=False, widget=forms.CheckboxSelectMultiple)
    frequency = forms.ChoiceField(label=_("更新頻度"), required=False, choices=Frequency.choices)
    spatial = forms.CharField(
        label=_("対象地域"), max_length=200, required=False, help_text=_("例: 三重県全域、津市")
    )
    temporal_start = forms.CharField(
        label=_("対象期間の開始"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    temporal_end = forms.CharField(
        label=_("対象期間の終了"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    maintainer = forms.CharField(
        label=_("問い合わせ先"), max_length=200, required=False, help_text=_("例: 防災対策部 防災企画課")
    )
    maintainer_email = forms.CharField(
        label=_("問い合わせ先メールアドレス"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    url = forms.CharField(
        label=_("出典URL"),
        required=False,
        help_text=_("元の資料や関連ページがあれば、そのURL。"),
        widget=forms.URLInput(),
    )
    version = forms.CharField(label=_("版"), max_length=100, required=False, help_text=_("例: 2024年3月版"))
    private = forms.BooleanField(
        label=_("非公開にする"),
        required=False,
        help_text=_("公開した後も、公開組織の職員だけが見られます。"),
    )

    def __init__(
        self,
        *args: Any,
        organizations: QuerySet[Organization],
        dataset: Dataset | None = None,
        **kwargs: Any,
    ) -> None:
        if dataset is not None:
            # Also for a bound form: a disabled field takes its value from here.
            kwargs.setdefault("initial", dataset_initial(dataset))
        super().__init__(*args, **kwargs)
        self.dataset = dataset
        owner_org = self.fields["owner_org"]
        license_field = self.fields["license_id"]
        groups = self.fields["groups"]
        assert isinstance(owner_org, forms.ChoiceField)  # noqa: S101 - declared above
        assert isinstance(license_field, forms.ChoiceField)  # noqa: S101
        assert isinstance(groups, forms.MultipleChoiceField)  # noqa: S101
        owner_org.choices = [(str(o.pk), o.title) for o in organizations]
        if len(owner_org.choices) == 1:
            owner_org.initial = owner_org.choices[0][0]
        license_field.choices = license_choices()
        license_field.initial = license_field.initial or "cc-by-4.0"
        groups.choices = [(str(g.pk), g.title) for g in Group.objects.all()]
        if dataset is not None and dataset.state != "draft":
            # A published dataset's address is already in links and harvesters; keep it.
            self.fields["name"].disabled = True
            self.fields["name"].help_text = _("公開したデータセットのURL名は変えられません。")

    def clean_name(self) -> str:
        return str(self.cleaned_data.get("name") or "").strip()

    def full_clean(self) -> None:
        super().full_clean()
        if self.is_bound and "name" in self.errors and not self.data.get("name"):
            suggestion = slugify(str(self.data.get("title_en", "")))[:100]
            if NAME_PATTERN.match(suggestion):
                self.add_error(
                    "name", _("英語のタイトルから作るなら、例えば「%(name)s」です。") % {"name": suggestion}
                )

    def tag_names(self) -> list[str]:
        raw = str(self.cleaned_data.get("tags") or "")
        return [part.strip() for part in _TAG_SEPARATORS.split(raw) if part.strip()]

    def ckan_data(self) -> dict[str, Any]:
        """The package dict for dataset_create or a full dataset_update with partial=True (every
        field the form shows, so that cleared fields are cleared, and nothing else)."""
        data = self.cleaned_data
        package: dict[str, Any] = {
            key: data.get(key) or ""
            for key in (
                "title", "title_en", "notes", "notes_en", "owner_org", "license_id", "frequency",
                "spatial", "temporal_start", "temporal_end", "maintainer", "maintainer_email", "url",
                "version",
            )
        }  # fmt: skip
        if not self.fields["name"].disabled:
            package["name"] = data.get("name", "")
        package["tags"] = [{"name": name} for name in self.tag_names()]
        package["groups"] = [{"id": key} for key in data.get("groups") or []]
        package["private"] = bool(data.get("private"))
        return package


def dataset_initial(dataset: Dataset) -> dict[str, Any]:
    return {
        "title": dataset.title,
        "title_en": dataset.title_en,
        "name": dataset.name,
        "notes": dataset.notes,
        "notes_en": dataset.notes_en,
        "owner_org": str(dataset.organization_id),
        "license_id": dataset.license_id,
        "tags": ", ".join(dataset.tags.order_by("name").values_list("name", flat=True)),
        "groups": [str(pk) for pk in dataset.groups.values_list("pk", flat=True)],
        "frequency": dataset.frequency,
        "spatial": dataset.spatial,
        "temporal_start": dataset.temporal_start.isoformat() if dataset.temporal_start else "",
        "temporal_end": dataset.temporal_end.isoformat() if dataset.temporal_end else "",
        "maintainer": dataset.maintainer,
        "maintainer_email": dataset.maintainer_email,
        "url": dataset.url,
        "version": dataset.version,
        "private": dataset.private,
    }


class ResourceForm(CatalogForm):
    upload = forms.FileField(
        label=_("ファイル"),
        required=False,
        help_text=_(
            "CSV、Excel、GeoJSON、シェープファイル（ZIP）、PDF など。表と地図のファイルは、読めるかどうかを"
            "登録のときに確かめます。"
        ),
    )
    url = forms.CharField(
        label=_("またはURL"),
        required=False,
        help_text=_("ほかのサイトにあるファイルを登録するときのURL。ファイルを選んだときは空欄にします。"),
        widget=forms.URLInput(),
    )
    name = forms.CharField(
        label=_("名称"), max_length=300, required=False, help_text=_("例: 津波浸水想定区域（津市）")
    )
    description = forms.CharField(label=_("説明"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    format = forms.CharField(
        label=_("形式"),
        max_length=50,
        required=False,
        help_text=_("空欄ならファイル名から判定します。例: CSV, XLSX, GeoJSON, SHP"),
        widget=forms.TextInput(attrs={"class": "input--short", "spellcheck": "false"}),
    )
    standard_dataset = forms.ChoiceField(
        label=_("自治体標準オープンデータセット"),
        required=False,
        help_text=_("標準に沿ったCSVなら選んでください。登録のときに項目と値を検査します。"),
    )

    field_for_key = {"mimetype": "format"}

    def __init__(self, *args: Any, resource: Resource | None = None, **kwargs: Any) -> None:
        if resource is not None:
            kwargs.setdefault("initial", resource_initial(resource))
        super().__init__(*args, **kwargs)
        self.resource = resource
        standard = self.fields["standard_dataset"]
        assert isinstance(standard, forms.ChoiceField)  # noqa: S101 - declared above
        standard.choices = [("", _("なし")), *standard_dataset_choices()]
        if resource is not None and resource.file:
            self.fields["upload"].label = _("ファイルを差し替える")

    def ckan_data(self) -> dict[str, Any]:
        """The resource dict for resource_save. On an edit the stored file stays unless a new file
        or a URL is given."""
        data = self.cleaned_data
        resource: dict[str, Any] = {
            key: data.get(key) or "" for key in ("name", "description", "format", "standard_dataset")
        }
        url = str(data.get("url") or "").strip()
        if data.get("upload"):
            resource["url_type"] = "upload"
        elif url or self.resource is None or not self.resource.file:
            resource["url"] = url
        return resource


def resource_initial(resource: Resource) -> dict[str, Any]:
    return {
        "url": "" if resource.file else resource.url,
        "name": resource.name,
        "description": resource.description,
        "format": resource.format,
        "standard_dataset": resource.standard_dataset,
    }

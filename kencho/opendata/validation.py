"""Checks of dataset and resource input in CKAN's shape, shared by the API and the staff pages.

`dataset_input_clean` turns a CKAN package dict (or the part of it a patch sends) into values the
services store, or raises `InvalidInput` naming every field that is wrong and how to fix it.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from .errors import InvalidInput, Message
from .licenses import license_get
from .models import Frequency, Group, Organization

# CKAN's rule for dataset, organisation and group names (ckan.logic.validators.name_validator).
NAME_PATTERN = re.compile(r"^[a-z0-9_-]{2,100}$")
# CKAN's tag rule, but one character is allowed: 水 and 森 are whole words in Japanese.
TAG_PATTERN = re.compile(r"^[\w \-.]{1,100}$")
# Fields of the dataset dict that are computed or looked up, never taken from input.
READ_ONLY_FIELDS = frozenset(
    {
        "id",
        "metadata_created",
        "metadata_modified",
        "organization",
        "num_resources",
        "num_tags",
        "license_title",
        "license_url",
        "creator_user_id",
        "isopen",
        "type",
        "revision_id",
        "relationships_as_object",
        "relationships_as_subject",
        "open_data_stars",
        "landing_page",
        "tracking_summary",
    }
)
DATASET_TEXT_FIELDS = {
    "title": 300,
    "title_en": 300,
    "notes": 100_000,
    "notes_en": 100_000,
    "author": 200,
    "maintainer": 200,
    "version": 100,
    "spatial": 200,
}
RESOURCE_TEXT_FIELDS = {"name": 300, "description": 100_000, "format": 50, "mimetype": 100}

_email = EmailValidator()
_url = URLValidator(schemes=["http", "https"])


def name_problem(value: object) -> Message | None:
    if not isinstance(value, str) or not NAME_PATTERN.match(value):
        return (
            "URL名は2〜100文字の半角英小文字・数字・「-」「_」で指定してください"
            "（例: tsunami-shinsui-2024）。",
            "Use 2 to 100 lowercase letters, digits, '-' or '_' for the name (e.g. tsunami-shinsui-2024).",
        )
    return None


def _text(errors: InvalidInput, key: str, value: object, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int | float):
        errors.add(key, ("文字列で指定してください。", "Send a string."))
        return ""
    text = str(value).strip()
    if len(text) > limit:
        errors.add(key, (f"{limit}文字以内にしてください。", f"Use at most {limit} characters."))
    return text


def _email_value(errors: InvalidInput, key: str, value: object) -> str:
    text = _text(errors, key, value, 254)
    if text:
        try:
            _email(text)
        except ValidationError:
            errors.add(
                key,
                (
                    "メールアドレスの形式が正しくありません（例: opendata@pref.mie.lg.jp）。",
                    "Enter a valid e-mail address (e.g. opendata@pref.mie.lg.jp).",
                ),
            )
    return text


def _url_value(errors: InvalidInput, key: str, value: object) -> str:
    text = _text(errors, key, value, 2000)
    if text:
        try:
            _url(text)
        except ValidationError:
            errors.add(
                key,
                (
                    "http:// または https:// で始まるURLを指定してください。",
                    "Enter a URL starting with http:// or https://.",
                ),
            )
    return text


def bool_value(value: object) -> bool | None:
    """True/False from JSON or from a form field ("true", "on", "1"); None when it is neither."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "1", "on", "yes"}:
        return True
    if isinstance(value, str) and value.strip().lower() in {"false", "0", "off", "no", ""}:
        return False
    return None


def _date_value(errors: InvalidInput, key: str, value: object) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        errors.add(key, ("日付は YYYY-MM-DD の形式で指定してください。", "Give the date as YYYY-MM-DD."))
        return None


def _tags(errors: InvalidInput, data: dict[str, Any]) -> list[str]:
    raw: object = data.get("tags")
    if raw is None and "tag_string" in data:
        raw = [part for part in str(data["tag_string"]).split(",") if part.strip()]
    if not isinstance(raw, list):
        errors.add("tags", ("タグは名前のリストで指定してください。", "Send tags as a list of names."))
        return []
    names: list[str] = []
    for item in raw:
        name = item.get("name") if isinstance(item, dict) else item
        name = str(name or "").strip()
        if not TAG_PATTERN.match(name):
            errors.add(
                "tags",
                (
                    f"タグ「{name}」は使えません。100文字以内の文字・数字・空白・「-」「_」「.」にしてください。",
                    f'Tag "{name}" is not allowed: use up to 100 letters, digits, spaces, "-", "_" or ".".',
                ),
            )
        elif name not in names:
            names.append(name)
    return names


def _groups(errors: InvalidInput, raw: object) -> list[Group]:
    if not isinstance(raw, list):
        errors.add("groups", ("分類はリストで指定してください。", "Send groups as a list."))
        return []
    groups: list[Group] = []
    for item in raw:
        key = str((item.get("id") or item.get("name")) if isinstance(item, dict) else item or "")
        group = group_by_key(key)
        if group is None:
            errors.add("groups", (f"分類「{key}」はありません。", f'There is no group "{key}".'))
        elif group not in groups:
            groups.append(group)
    return groups


def _extras(errors: InvalidInput, raw: object, reserved: frozenset[str]) -> dict[str, str]:
    if not isinstance(raw, list):
        errors.add(
            "extras",
            (
                "追加項目は key と value のリストで指定してください。",
                "Send extras as a list of {key, value}.",
            ),
        )
        return {}
    extras: dict[str, str] = {}
    for item in raw:
        if not isinstance(item, dict) or not str(item.get("key", "")).strip():
            errors.add("extras", ("追加項目には key が必要です。", "Each extra needs a key."))
            continue
        key = str(item["key"]).strip()
        if key in reserved:
            errors.add(
                "extras",
                (
                    f"「{key}」はデータセットの項目名なので追加項目には使えません。",
                    f'"{key}" is a dataset field and cannot be an extra.',
                ),
            )
        elif key in extras:
            errors.add("extras", (f"追加項目「{key}」が重複しています。", f'The extra "{key}" is repeated.'))
        else:
            value = item.get("value", "")
            extras[key] = value if isinstance(value, str) else str(value)
    return extras


def organization_by_key(key: str) -> Organization | None:
    lookup = {"pk": key} if is_uuid(key) else {"name": key}
    return Organization.objects.filter(is_active=True, **lookup).first()


def group_by_key(key: str) -> Group | None:
    lookup = {"pk": key} if is_uuid(key) else {"name": key}
    return Group.objects.filter(**lookup).first()


def is_uuid(value: str) -> bool:
    return bool(re.fullmatch(r"[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}", value))


def dataset_input_clean(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """Values for the Dataset fields present in `data` (all fields unless `partial`), plus "tags",
    "groups", "extras" and "resources" (a list of raw resource dicts, checked by the service)."""
    errors = InvalidInput()
    cleaned: dict[str, Any] = {}

    def given(key: str) -> bool:
        return key in data or not partial

    if given("name"):
        if problem := name_problem(data.get("name")):
            errors.add("name", problem)
        else:
            cleaned["name"] = data["name"]
    for key, limit in DATASET_TEXT_FIELDS.items():
        if given(key):
            cleaned[key] = _text(errors, key, data.get(key), limit)
    if not partial and not cleaned.get("title") and "name" in cleaned:
        cleaned["title"] = cleaned["name"]
    for key in ("author_email", "maintainer_email"):
        if given(key):
            cleaned[key] = _email_value(errors, key, data.get(key))
    if given("url"):
        cleaned["url"] = _url_value(errors, "url", data.get("url"))
    if given("owner_org"):
        key = str(data.get("owner_org") or "")
        organization = organization_by_key(key) if key else None
        if organization is None:
            errors.add(
                "owner_org",
                (
                    "公開組織（owner_org）を名前またはIDで指定してください。"
                    if not key
                    else f"公開組織「{key}」はありません。名前またはIDを確かめてください。",
                    "Give the publishing organisation (owner_org) by name or id."
                    if not key
                    else f'There is no organisation "{key}". Check the name or id.',
                ),
            )
        else:
            cleaned["organization"] = organization
    if given("license_id"):
        license_id = str(data.get("license_id") or "notspecified")
        if license_get(license_id) is None:
            errors.add(
                "license_id",
                (
                    f"ライセンス「{license_id}」はありません。license_list の id から選んでください。",
                    f'Unknown licence "{license_id}". Use an id from license_list.',
                ),
            )
        cleaned["license_id"] = license_id
    if given("frequency"):
        frequency = str(data.get("frequency") or "")
        if frequency not in Frequency.values:
            errors.add(
                "frequency",
                (
                    f"更新頻度は {', '.join(v for v in Frequency.values if v)} のいずれかです。",
                    f"Frequency must be one of {', '.join(v for v in Frequency.values if v)}.",
                ),
            )
        cleaned["frequency"] = frequency
    for key in ("temporal_start", "temporal_end"):
        if given(key):
            cleaned[key] = _date_value(errors, key, data.get(key))
    start, end = cleaned.get("temporal_start"), cleaned.get("temporal_end")
    if start and end and end < start:
        errors.add(
            "temporal_end",
            (
                "対象期間の終了は開始より後にしてください。",
                "The end of the period must not be before its start.",
            ),
        )
    if given("spatial_geojson"):
        geometry = data.get("spatial_geojson")
        if geometry not in (None, "") and not (isinstance(geometry, dict) and "type" in geometry):
            errors.add(
                "spatial_geojson",
                (
                    "GeoJSON のジオメトリ（type と coordinates）を指定してください。",
                    "Send a GeoJSON geometry with type and coordinates.",
                ),
            )
        cleaned["spatial_geojson"] = geometry or None
    if given("private"):
        private = bool_value(data.get("private", False))
        if private is None:
            errors.add("private", ("true か false を指定してください。", "Send true or false."))
        cleaned["private"] = bool(private)
    if "state" in data:
        state = str(data.get("state") or "active")
        if state not in {"active", "draft"}:
            errors.add(
                "state",
                (
                    "状態は active か draft です。削除には package_delete を使ってください。",
                    "State must be active or draft; use package_delete to delete.",
                ),
            )
        cleaned["state"] = state
    if given("tags") or "tag_string" in data:
        # tag_string (CKAN's comma-separated form field) counts only where no tags list is sent.
        defaults: dict[str, Any] = {} if partial or "tag_string" in data else {"tags": []}
        cleaned["tags"] = _tags(errors, {**defaults, **data})
    if given("groups"):
        cleaned["groups"] = _groups(errors, data.get("groups") or [])
    if given("extras"):
        cleaned["extras"] = _extras(errors, data.get("extras") or [], RESERVED_DATASET_KEYS)
    if "resources" in data:  # left out: resources are kept, even by a full update
        resources = data.get("resources") or []
        if not isinstance(resources, list) or not all(isinstance(r, dict) for r in resources):
            errors.add(
                "resources",
                ("リソースは辞書のリストで指定してください。", "Send resources as a list of objects."),
            )
        else:
            cleaned["resources"] = resources
    if errors:
        raise errors
    return cleaned


RESERVED_DATASET_KEYS = frozenset(
    {
        *DATASET_TEXT_FIELDS,
        *READ_ONLY_FIELDS,
        "name", "author_email", "maintainer_email", "url", "owner_org", "license_id", "frequency",
        "temporal_start", "temporal_end", "spatial_geojson", "private", "state", "tags", "groups",
        "extras", "resources", "tag_string",
    }
)  # fmt: skip


def _standard_ids() -> list[str]:
    from .standards import STANDARD_DATASETS

    return list(STANDARD_DATASETS)


def resource_input_clean(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """Values for the Resource fields present in `data`; keys CKAN does not know go to "extras"."""
    errors = InvalidInput()
    cleaned: dict[str, Any] = {}
    for key, limit in RESOURCE_TEXT_FIELDS.items():
        if key in data or not partial:
            cleaned[key] = _text(errors, key, data.get(key), limit)
    if "format" in cleaned:
        cleaned["format"] = cleaned["format"].lstrip(".").upper()
    if ("url" in data or not partial) and data.get("url_type") != "upload":
        cleaned["url"] = _url_value(errors, "url", data.get("url"))
    if "standard_dataset" in data or not partial:
        standard = str(data.get("standard_dataset") or "")
        if standard and standard not in _standard_ids():
            errors.add(
                "standard_dataset",
                (
                    f"標準データセット「{standard}」はありません。"
                    f"{', '.join(_standard_ids())} から選んでください。",
                    f'Unknown standard dataset "{standard}". Choose one of {", ".join(_standard_ids())}.',
                ),
            )
        cleaned["standard_dataset"] = standard
    extras = {
        key: value
        for key, value in data.items()
        if key not in RESERVED_RESOURCE_KEYS and isinstance(value, str | int | float | bool)
    }
    if extras or not partial:
        cleaned["extras"] = extras
    if errors:
        raise errors
    return cleaned


RESERVED_RESOURCE_KEYS = frozenset(
    {
        *RESOURCE_TEXT_FIELDS, "id", "package_id", "url", "url_type", "upload", "size", "hash",
        "created", "last_modified", "metadata_modified", "position", "state", "standard_dataset",
        "validation_report", "datastore_active", "download_count", "cache_url", "cache_last_updated",
        "resource_type", "tracking_summary", "download_url",
    }
)  # fmt: skip

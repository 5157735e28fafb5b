"""Who may see and change which datasets. Every fetch of a dataset or resource by id or name goes
through here: the public sees published datasets; editors of a publishing organisation also see and
change its drafts and private datasets."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kencho.core.access import active_memberships, staff_unit_ids
from kencho.core.models import User

from .errors import not_authorized, not_found
from .models import Dataset, DatasetState, Organization, Resource, ResourceState
from .validation import is_uuid


def editable_organizations(user: Any) -> QuerySet[Organization]:
    """Organisations the user may publish for: those of their units, of the units below them and of
    the units above them (a 係 publishes in the name of its 課), and those naming them as an editor.
    Platform administrators may publish for all."""
    organizations = Organization.objects.filter(is_active=True)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return organizations.none()
    unit_ids = staff_unit_ids(user)
    if unit_ids is None:
        return organizations
    above = {code for m in active_memberships(user) for code in m.unit.path.split("/") if code}
    return organizations.filter(
        Q(unit_id__in=unit_ids) | Q(unit__code__in=above) | Q(editors=user)
    ).distinct()


def editable_organization_ids(user: Any) -> set[Any]:
    return set(editable_organizations(user).values_list("id", flat=True))


def may_edit(user: Any, organization: Organization) -> bool:
    return editable_organizations(user).filter(pk=organization.pk).exists()


def visible_datasets(user: Any) -> QuerySet[Dataset]:
    """Published public datasets, plus drafts and private ones of the user's organisations."""
    public = Q(state=DatasetState.ACTIVE, private=False)
    if not getattr(user, "is_authenticated", False):
        return Dataset.objects.filter(public)
    own = Q(organization_id__in=editable_organizations(user).values("id")) & ~Q(state=DatasetState.DELETED)
    return Dataset.objects.filter(public | own)


def _lookup(key: str) -> Q:
    return Q(pk=key) if is_uuid(key) else Q(name=key)


def dataset_for_reader(user: Any, key: str) -> Dataset:
    dataset = visible_datasets(user).filter(_lookup(key)).select_related("organization").first()
    if dataset is None:
        raise not_found("データセット", "Dataset", key)
    return dataset


def dataset_for_editor(user: Any, key: str) -> Dataset:
    """The dataset if the user may change it. A dataset the user may read but not change is an
    authorisation error; one they may not even read is "not found", so names do not leak."""
    dataset = Dataset.objects.filter(_lookup(key)).select_related("organization").first()
    if dataset is None or dataset.state == DatasetState.DELETED:
        raise not_found("データセット", "Dataset", key)
    if not may_edit(user, dataset.organization):
        if dataset.is_public:
            raise not_authorized("このデータセットを変更する", "change this dataset")
        raise not_found("データセット", "Dataset", key)
    return dataset


def resource_for_reader(user: Any, key: str) -> Resource:
    if not is_uuid(key):
        raise not_found("リソース", "Resource", key)
    resource = (
        Resource.objects.filter(pk=key, state=ResourceState.ACTIVE, dataset__in=visible_datasets(user))
        .select_related("dataset__organization")
        .first()
    )
    if resource is None:
        raise not_found("リソース", "Resource", key)
    return resource


def resource_for_editor(user: Any, key: str) -> Resource:
    if not is_uuid(key):
        raise not_found("リソース", "Resource", key)
    resource = Resource.objects.filter(pk=key, state=ResourceState.ACTIVE).select_related("dataset").first()
    if resource is None:
        raise not_found("リソース", "Resource", key)
    dataset_for_editor(user, str(resource.dataset_id))
    return resource


def organization_for_editor(user: User | Any, key: str) -> Organization:
    organization = editable_organizations(user).filter(_lookup(key)).first()
    if organization is None:
        raise not_authorized("この公開組織でデータセットを作成する", "publish datasets for this organisation")
    return organization

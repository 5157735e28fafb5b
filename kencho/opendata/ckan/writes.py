"""The write actions of the Action API. Each needs an API token of someone who may publish for the
dataset's organisation (access.py decides); the services validate, store and audit."""

from __future__ import annotations

from typing import Any

from kencho.core.models import User

from ..access import dataset_for_editor, organization_for_editor, resource_for_editor
from ..dicts import package_dict, resource_dict
from ..errors import InvalidInput, not_authorized
from ..models import Dataset, Resource
from ..services import dataset_create, dataset_delete, dataset_update, resource_delete, resource_save
from ..validation import is_uuid, organization_by_key
from . import params
from .params import Call


def _editor(call: Call, action_ja: str, action_en: str) -> User:
    """The caller, who must have sent a token; whether they may change the object is access.py's."""
    if not isinstance(call.user, User):
        raise not_authorized(action_ja, action_en)
    return call.user


def _new_id(data: dict[str, Any], model: type[Dataset | Resource], key: str = "id") -> None:
    """An id the client chose must be a UUID no other object has."""
    value = data.get(key)
    if value in (None, ""):
        return
    if not isinstance(value, str) or not is_uuid(value):
        raise InvalidInput(errors={key: [("id は UUID で指定してください。", "The id must be a UUID.")]})
    if model.objects.filter(pk=value).exists():
        raise InvalidInput(
            errors={key: [(f"id「{value}」は既に使われています。", f'The id "{value}" is already in use.')]}
        )


def _resource_ids(data: dict[str, Any]) -> None:
    """Ids inside a dataset's resource list must be UUIDs (the service matches them to resources)."""
    resources = data.get("resources")
    if not isinstance(resources, list):
        return
    for position, item in enumerate(resources):
        value = item.get("id") if isinstance(item, dict) else None
        if value not in (None, "") and not (isinstance(value, str) and is_uuid(value)):
            raise InvalidInput(
                errors={
                    f"resources[{position}].id": [
                        ("id は UUID で指定してください。", "The id must be a UUID.")
                    ]
                }
            )


def _may_publish_for(user: User, data: dict[str, Any]) -> None:
    """An organisation named in owner_org must be one the user publishes for. An unknown one is left
    to the service, which names it as a validation error."""
    key = params.text(data, "owner_org").strip()
    if key and organization_by_key(key) is not None:
        organization_for_editor(user, key)


def package_create(call: Call) -> dict[str, Any]:
    """Create a dataset and return it as package_show does.

    :param name: the URL name (2 to 100 of a-z, 0-9, "-" and "_")
    :param title: the title; :param owner_org: the id or name of the publishing organisation
    :param notes, title_en, notes_en, license_id, author, author_email, maintainer,
        maintainer_email, url, version, frequency, spatial, temporal_start, temporal_end, private
    :param tags: a list of {"name": ...}; :param groups: a list of {"name": ...}
    :param extras: a list of {"key": ..., "value": ...}
    :param resources: a list of resources given by URL (upload files with resource_create)
    :param state: "active" (default) or "draft"
    """
    user = _editor(call, "データセットを作成する", "create datasets")
    _new_id(call.data, Dataset)
    _resource_ids(call.data)
    _may_publish_for(user, call.data)
    return package_dict(dataset_create(actor=user, data=call.data))


def _update(call: Call, *, partial: bool) -> dict[str, Any]:
    user = _editor(call, "データセットを変更する", "change datasets")
    dataset = dataset_for_editor(user, params.required(call.data, "id", "name"))
    data = dict(call.data)
    if not partial:
        # A full update clears what is left out, but a dataset always keeps a name and a publisher.
        data.setdefault("name", dataset.name)
        data.setdefault("owner_org", str(dataset.organization_id))
    if "owner_org" in data:
        _may_publish_for(user, data)
    _resource_ids(data)
    return package_dict(dataset_update(actor=user, dataset=dataset, data=data, partial=partial))


def package_update(call: Call) -> dict[str, Any]:
    """Replace a dataset's metadata: fields left out are cleared, and resources left out of a given
    resources list are deleted (CKAN's rule). Name and owner_org are kept when left out, and so are
    the resources when no resources list is given at all, so a client that forgets the list does
    not delete the files.

    :param id: the id or name of the dataset; the other fields as for package_create
    """
    return _update(call, partial=False)


def package_patch(call: Call) -> dict[str, Any]:
    """Change only the given fields of a dataset.

    :param id: the id or name of the dataset; any fields of package_create
    """
    return _update(call, partial=True)


def package_delete(call: Call) -> None:
    """Delete a dataset: it leaves every listing; its history and files are kept for the record.

    :param id: the id or name of the dataset
    """
    user = _editor(call, "データセットを削除する", "delete datasets")
    dataset_delete(actor=user, dataset=dataset_for_editor(user, params.required(call.data, "id", "name")))


def _resource_data(call: Call) -> dict[str, Any]:
    return {key: value for key, value in call.data.items() if key != "upload"}


def resource_create(call: Call) -> dict[str, Any]:
    """Add a resource to a dataset: a file sent as multipart form data in `upload`, or a link in
    `url` (JSON or form). Tables and maps are checked as they arrive; one that cannot be read is a
    validation error on `upload`.

    :param package_id: the id or name of the dataset
    :param upload: the file; :param url: the link (without a file)
    :param name, description, format, standard_dataset: as in resource_show
    """
    user = _editor(call, "リソースを追加する", "add resources")
    dataset = dataset_for_editor(user, params.required(call.data, "package_id"))
    _new_id(call.data, Resource)
    resource = resource_save(
        actor=user, dataset=dataset, data=_resource_data(call), upload=call.files.get("upload")
    )
    return resource_dict(resource)


def _resource_change(call: Call, *, partial: bool) -> dict[str, Any]:
    user = _editor(call, "リソースを変更する", "change resources")
    resource = resource_for_editor(user, params.required(call.data, "id"))
    changed = resource_save(
        actor=user,
        dataset=resource.dataset,
        data=_resource_data(call),
        upload=call.files.get("upload"),
        resource=resource,
        partial=partial,
    )
    return resource_dict(changed)


def resource_update(call: Call) -> dict[str, Any]:
    """Replace a resource's fields (those left out are cleared), with a new file in `upload` or not.

    :param id: the id of the resource; the other fields as for resource_create
    """
    return _resource_change(call, partial=False)


def resource_patch(call: Call) -> dict[str, Any]:
    """Change only the given fields of a resource, or replace its file with `upload`.

    :param id: the id of the resource; any fields of resource_create
    """
    return _resource_change(call, partial=True)


def resource_delete_action(call: Call) -> None:
    """Delete a resource from its dataset.

    :param id: the id of the resource
    """
    user = _editor(call, "リソースを削除する", "delete resources")
    resource_delete(actor=user, resource=resource_for_editor(user, params.required(call.data, "id")))

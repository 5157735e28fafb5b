"""The actions of the Action API by name. help_show answers with each function's docstring."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from ..errors import NotFound
from . import params, reads, writes
from .params import Call

Action = Callable[[Call], Any]


def help_show(call: Call) -> str:
    """Return the documentation of an action.

    :param name: the action's name, e.g. "package_search"
    """
    name = params.required(call.data, "name")
    function = ACTIONS.get(name)
    if function is None:
        raise NotFound(f"アクション「{name[:100]}」はありません。", f'There is no action "{name[:100]}".')
    return inspect.getdoc(function) or ""


READ_ACTIONS: dict[str, Action] = {
    "package_list": reads.package_list,
    "current_package_list_with_resources": reads.current_package_list_with_resources,
    "package_search": reads.package_search,
    "package_show": reads.package_show,
    "resource_show": reads.resource_show,
    "organization_list": reads.organization_list,
    "organization_show": reads.organization_show,
    "group_list": reads.group_list,
    "group_show": reads.group_show,
    "tag_list": reads.tag_list,
    "license_list": reads.license_list,
    "status_show": reads.status_show,
    "help_show": help_show,
}

WRITE_ACTIONS: dict[str, Action] = {
    "package_create": writes.package_create,
    "package_update": writes.package_update,
    "package_patch": writes.package_patch,
    "package_delete": writes.package_delete,
    "resource_create": writes.resource_create,
    "resource_update": writes.resource_update,
    "resource_patch": writes.resource_patch,
    "resource_delete": writes.resource_delete_action,
}

ACTIONS: dict[str, Action] = {**READ_ACTIONS, **WRITE_ACTIONS}
